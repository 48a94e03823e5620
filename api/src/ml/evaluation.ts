import { MlInputError, throwIfAborted } from "./errors.js";
import type { Estimator, FitProgress } from "./estimator.js";
import { takeLabels, takeRows, type Labels, type Matrix } from "./matrix.js";
import { classificationReport, type ClassificationReport } from "./metrics.js";
import { groupKFold, groupShuffleSplit, stratifiedKFold, trainTestSplit, type Split } from "./model-selection.js";
import { checkFitInput } from "./validate.js";

/** Summary of cross-validation: one report per fold plus mean/std of accuracy and macro F1. */
export interface CvResult {
  folds: ClassificationReport[];
  accuracyMean: number;
  accuracyStd: number;
  f1MacroMean: number;
  f1MacroStd: number;
}

export interface EvaluationOptions {
  seed?: number;
  /** Rows sharing a group (e.g. one recording) are kept on one side of every split. */
  groups?: ArrayLike<string | number>;
  signal?: AbortSignal;
  onProgress?: (p: FitProgress) => void;
}

/**
 * Cross-validated scores: stratified, shuffled, seeded k-fold (or group k-fold when `groups` is given).
 * `create` must return a fresh estimator each time. Bad input (too few rows for the folds, a single class…)
 * throws before any training.
 */
export function cvScore(
  create: () => Estimator,
  X: Matrix,
  y: Labels,
  options: EvaluationOptions & { folds?: number } = {},
): CvResult {
  const folds = options.folds ?? 5;
  const K = checkFitInput(X, y);
  if (options.groups && options.groups.length !== y.length) throw new MlInputError("groups", "needs one group per row");
  const splits = options.groups
    ? groupKFold(options.groups, folds, options.seed ?? 0)
    : stratifiedKFold(y, folds, options.seed ?? 0);
  const reports = splits.map((split, f) => {
    throwIfAborted(options.signal);
    const report = fitAndScore(create(), X, y, split, K, options.signal);
    options.onProgress?.({ iteration: f + 1, total: splits.length, score: report.accuracy });
    return report;
  });
  const acc = reports.map((r) => r.accuracy);
  const f1 = reports.map((r) => r.f1Macro);
  return { folds: reports, accuracyMean: mean(acc), accuracyStd: std(acc), f1MacroMean: mean(f1), f1MacroStd: std(f1) };
}

/** Scores on one held-out split (stratified by class, or by group when `groups` is given). */
export function testScore(
  create: () => Estimator,
  X: Matrix,
  y: Labels,
  options: EvaluationOptions & { testFraction?: number } = {},
): ClassificationReport {
  const K = checkFitInput(X, y);
  const testFraction = options.testFraction ?? 0.25;
  const seed = options.seed ?? 0;
  const split = options.groups
    ? groupShuffleSplit(options.groups, { testFraction, seed })
    : trainTestSplit(y, { testFraction, seed, stratify: true });
  return fitAndScore(create(), X, y, split, K, options.signal);
}

function fitAndScore(
  model: Estimator,
  X: Matrix,
  y: Labels,
  split: Split,
  K: number,
  signal?: AbortSignal,
): ClassificationReport {
  const yTrain = takeLabels(y, split.train);
  let distinct = 0;
  const seen = new Uint8Array(K);
  for (let i = 0; i < yTrain.length; i++) {
    if (seen[yTrain[i]!] === 0) distinct++;
    seen[yTrain[i]!] = 1;
  }
  if (distinct < 2)
    throw new MlInputError("y", "a training fold holds a single class; use fewer folds or other groups");
  model.fit(takeRows(X, split.train), yTrain, signal ? { signal } : {});
  const Xtest = takeRows(X, split.test);
  const yTest = takeLabels(y, split.test);
  const proba = padColumns(model.predictProba(Xtest), K);
  const pred = model.predict(Xtest);
  return classificationReport(yTest, pred, K, proba);
}

/** Probabilities widened to k columns (a model fitted on a fold without the top classes has fewer). */
function padColumns(P: Matrix, k: number): Matrix {
  if (P.cols >= k) return P;
  const out = new Float64Array(P.rows * k);
  for (let i = 0; i < P.rows; i++) out.set(P.data.subarray(i * P.cols, (i + 1) * P.cols), i * k);
  return { rows: P.rows, cols: k, data: out };
}

function mean(a: number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

function std(a: number[]): number {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
}
