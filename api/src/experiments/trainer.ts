/**
 * Training and evaluation on a TrainingPool (worker threads, never the event loop): a held-out split or k-fold
 * cross-validation (stratified, or by group), preprocessing fitted on the training rows only, metrics from the
 * held-out rows, and the fitted pipeline as JSON. Used by experiments, the train step and AutoML.
 */
import {
  Preprocessor,
  algorithmEntry,
  stratifiedGroupKFold,
  stratifiedGroupShuffleSplit,
  stratifiedKFold,
  trainTestSplit,
  type ClassificationReport,
  type Matrix,
  type SerializedPipeline,
  type Split,
  type Table,
  type TrainingPool,
  type TrainResult,
} from "../ml/index.js";
import type { ExperimentSplit, ModelInputColumn } from "../store/records.js";
import type { TrainingData } from "./training-data.js";
import type { TrainingSpec } from "./training-spec.js";

export interface TrainProgress {
  stage: "TRAINING" | "EVALUATING";
  /** 1-based fold while cross-validating; null for the held-out split and the final fit. */
  fold: number | null;
  folds: number | null;
  iteration: number;
  total: number;
  /** Algorithm-specific partial score (validation loss for boosting…), or a fold's accuracy. */
  score?: number;
  scoreName?: string;
}

export interface TrainedPipeline {
  pipeline: SerializedPipeline;
  /** Class labels as strings, in the order of the probability columns. */
  classLabels: string[];
  metrics: Record<string, number>;
  /** Rows = true class, columns = predicted (summed over folds when cross-validating). */
  confusionMatrix: number[][];
  inputSchema: ModelInputColumn[];
  trainMs: number;
  evaluateMs: number;
}

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

/** The columns a training uses, as the preprocessor wants them. */
type ColumnsSpec = Pick<TrainingSpec, "target" | "features" | "categorical">;

/** Class ids of labels, in the order of `classes`. */
export function labelIds(labels: ReadonlyArray<string | number>, classes: ReadonlyArray<string | number>): Int32Array {
  const id = new Map(classes.map((c, i) => [c, i]));
  return Int32Array.from(labels, (l) => id.get(l) ?? -1);
}

/** The splits a spec asks for: one held-out split, or k folds; by group when the spec has a group column. */
export function makeSplits(y: Int32Array, groups: readonly string[] | null, split: ExperimentSplit): Split[] {
  if (split.kind === "CV") {
    const folds = split.folds ?? 5;
    return groups ? stratifiedGroupKFold(y, groups, folds, split.seed) : stratifiedKFold(y, folds, split.seed);
  }
  const testFraction = split.testFraction ?? 0.2;
  return [
    groups
      ? stratifiedGroupShuffleSplit(y, groups, { testFraction, seed: split.seed })
      : trainTestSplit(y, { testFraction, seed: split.seed, stratify: true }),
  ];
}

/** The rows of a table at `index`. */
export function takeTable(table: Table, index: ArrayLike<number>): Table {
  const out: Record<string, unknown[]> = {};
  for (const [name, cells] of Object.entries(table)) {
    const column = new Array<unknown>(index.length);
    for (let r = 0; r < index.length; r++) column[r] = cells[index[r]!];
    out[name] = column;
  }
  return out as Table;
}

export interface PreparedFold {
  pre: Preprocessor;
  Xtrain: Matrix;
  ytrain: Int32Array;
  Xtest: Matrix | null;
  ytest: Int32Array | null;
}

/** Fits the preprocessing on the training rows and encodes both sides with it. */
export function prepareFold(
  data: TrainingData,
  spec: ColumnsSpec,
  scale: boolean,
  train: ArrayLike<number>,
  test: ArrayLike<number> | null,
): PreparedFold {
  const { pre, X, y } = Preprocessor.fit(takeTable(data.table, train), {
    target: spec.target,
    features: spec.features,
    categorical: spec.categorical,
    scale,
    classes: data.classes,
  });
  if (!test) return { pre, Xtrain: X, ytrain: y, Xtest: null, ytest: null };
  const testTable = takeTable(data.table, test);
  const ytest = labelIds(testTable[spec.target] as ReadonlyArray<string | number>, pre.classes);
  return { pre, Xtrain: X, ytrain: y, Xtest: pre.transform(testTable), ytest };
}

/** Params with the seed applied when the algorithm has one and the params do not set it. */
export function seeded(algorithm: string, params: Record<string, unknown>, seed: number): Record<string, unknown> {
  return params["seed"] === undefined && Object.hasOwn(algorithmEntry(algorithm).params, "seed")
    ? { ...params, seed }
    : params;
}

/** Fits one fold in the pool and scores it on the fold's test rows. */
export function fitFold(
  pool: TrainingPool,
  fold: PreparedFold,
  algorithm: string,
  params: Record<string, unknown>,
  nClasses: number,
  options: { signal?: AbortSignal; onProgress?: (p: { iteration: number; total: number; score?: number }) => void },
): Promise<TrainResult> {
  return pool.train(
    {
      algorithm,
      params,
      X: fold.Xtrain,
      y: fold.ytrain,
      nClasses,
      ...(fold.Xtest && fold.ytest ? { test: { X: fold.Xtest, y: fold.ytest } } : {}),
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );
}

/** A report as the flat metric names experiments store. */
export function reportMetrics(report: ClassificationReport): Record<string, number> {
  const out: Record<string, number> = {
    accuracy: report.accuracy,
    precision_macro: report.precisionMacro,
    recall_macro: report.recallMacro,
    f1_macro: report.f1Macro,
    precision_weighted: report.precisionWeighted,
    recall_weighted: report.recallWeighted,
    f1_weighted: report.f1Weighted,
  };
  if (report.rocAuc !== null) out["roc_auc"] = report.rocAuc;
  if (report.logLoss !== null && Number.isFinite(report.logLoss)) out["log_loss"] = report.logLoss;
  return out;
}

/** Means of each metric over folds, plus cv_<m>_mean / cv_<m>_std for accuracy and macro F1, and summed confusion. */
export function summarizeFolds(reports: readonly ClassificationReport[]): {
  metrics: Record<string, number>;
  confusion: number[][];
} {
  const perFold = reports.map(reportMetrics);
  const names = [...new Set(perFold.flatMap((m) => Object.keys(m)))];
  const metrics: Record<string, number> = {};
  for (const name of names) {
    const values = perFold.map((m) => m[name]).filter((v): v is number => v !== undefined);
    if (values.length > 0) metrics[name] = mean(values);
  }
  for (const name of ["accuracy", "f1_macro", "f1_weighted"]) {
    const values = perFold.map((m) => m[name]!);
    metrics[`cv_${name}_mean`] = mean(values);
    metrics[`cv_${name}_std`] = std(values);
  }
  metrics["cv_folds"] = reports.length;
  const k = reports[0]?.confusion.length ?? 0;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const r of reports)
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) confusion[i]![j]! += r.confusion[i]![j]!;
  return { metrics, confusion };
}

export function inputSchemaOf(pre: Preprocessor): ModelInputColumn[] {
  return pre
    .toJSON()
    .columns.map((c) =>
      c.kind === "numeric"
        ? { name: c.name, kind: "NUMBER" }
        : { name: c.name, kind: "CATEGORY", categories: c.categories },
    );
}

/**
 * Trains and evaluates a pipeline as the spec says. Held-out: fit on the training rows, score on the test rows,
 * the model is that fit. Cross-validation: one fit per fold (scores are means over folds, the confusion matrix
 * sums the out-of-fold predictions), then the model is fitted on every row.
 */
export async function trainPipeline(
  pool: TrainingPool,
  data: TrainingData,
  spec: TrainingSpec,
  options: TrainOptions = {},
): Promise<TrainedPipeline> {
  const y = labelIds(data.labels, data.classes);
  const splits = makeSplits(y, data.groups, spec.split);
  const scale = algorithmEntry(spec.algorithm).wantsScaling;
  const params = seeded(spec.algorithm, spec.params, spec.seed);
  const K = data.classes.length;
  const signal = options.signal;
  const started = performance.now();

  if (spec.split.kind === "HOLDOUT") {
    const split = splits[0]!;
    const fold = prepareFold(data, spec, scale, split.train, split.test);
    const result = await fitFold(pool, fold, spec.algorithm, params, K, {
      ...(signal ? { signal } : {}),
      onProgress: (p) => options.onProgress?.({ stage: "TRAINING", fold: null, folds: null, ...p, ...scoreName(p) }),
    });
    const trainMs = result.fitSeconds * 1000;
    const metrics = { ...reportMetrics(result.metrics!), train_rows: split.train.length, test_rows: split.test.length };
    return {
      pipeline: { format: "millrace.pipeline/1", preprocessor: fold.pre.toJSON(), model: result.model },
      classLabels: fold.pre.classes.map(String),
      metrics,
      confusionMatrix: result.metrics!.confusion,
      inputSchema: inputSchemaOf(fold.pre),
      trainMs,
      evaluateMs: Math.max(0, performance.now() - started - trainMs),
    };
  }

  const folds = splits.length;
  const done: number[] = new Array<number>(folds).fill(0);
  const reports = await Promise.all(
    splits.map(async (split, f) => {
      const fold = prepareFold(data, spec, scale, split.train, split.test);
      const result = await fitFold(pool, fold, spec.algorithm, params, K, {
        ...(signal ? { signal } : {}),
        onProgress: (p) => options.onProgress?.({ stage: "EVALUATING", fold: f + 1, folds, ...p, ...scoreName(p) }),
      });
      done[f] = 1;
      options.onProgress?.({
        stage: "EVALUATING",
        fold: f + 1,
        folds,
        iteration: done.reduce((a, b) => a + b, 0),
        total: folds,
        score: result.metrics!.accuracy,
        scoreName: "fold_accuracy",
      });
      return result.metrics!;
    }),
  );
  const evaluateMs = performance.now() - started;
  const { metrics, confusion } = summarizeFolds(reports);
  const all = Int32Array.from({ length: data.rows }, (_, i) => i);
  const fold = prepareFold(data, spec, scale, all, null);
  const final = await fitFold(pool, fold, spec.algorithm, params, K, {
    ...(signal ? { signal } : {}),
    onProgress: (p) => options.onProgress?.({ stage: "TRAINING", fold: null, folds, ...p, ...scoreName(p) }),
  });
  metrics["train_rows"] = data.rows;
  return {
    pipeline: { format: "millrace.pipeline/1", preprocessor: fold.pre.toJSON(), model: final.model },
    classLabels: fold.pre.classes.map(String),
    metrics,
    confusionMatrix: confusion,
    inputSchema: inputSchemaOf(fold.pre),
    trainMs: final.fitSeconds * 1000,
    evaluateMs,
  };
}

function scoreName(p: { score?: number }): { scoreName?: string } {
  return p.score === undefined ? {} : { scoreName: "loss" };
}

function mean(a: readonly number[]): number {
  return a.reduce((s, v) => s + v, 0) / a.length;
}

function std(a: readonly number[]): number {
  const m = mean(a);
  return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
}
