import { MlInputError } from "../errors.js";
import type { FitProgress, SerializedModel } from "../estimator.js";
import { RandomForest } from "../estimators/random-forest.js";
import type { Matrix } from "../matrix.js";
import { classificationReport, type ClassificationReport } from "../metrics.js";
import { algorithmEntry, createEstimator } from "../registry.js";
import type { TreeEnsemble } from "../trees/ensemble.js";
import { checkFitInput } from "../validate.js";

/**
 * Everything needed to train one model, as plain structured-cloneable data. `X.data`'s buffer (and the
 * test set's) can be transferred to the worker instead of copied.
 */
export interface TrainJob {
  algorithm: string;
  params?: Record<string, unknown>;
  X: Matrix;
  y: Int32Array;
  /** Overrides the params' seed for algorithms that have one. */
  seed?: number;
  /** Held-out rows to score the fitted model on. */
  test?: { X: Matrix; y: Int32Array };
  /**
   * Classes of the whole data set when it is more than the training rows hold (a fold may lack a class the
   * test rows have): scores are then computed over this many classes.
   */
  nClasses?: number;
}

export interface TrainResult {
  model: SerializedModel;
  /** Scores on `job.test`, or null when the job had none. */
  metrics: ClassificationReport | null;
  fitSeconds: number;
}

/** Trees [start, end) of a random forest job, with their summed test probabilities for scoring the merged forest. */
export interface ForestPartResult {
  nClasses: number;
  nFeatures: number;
  ensemble: TreeEnsemble;
  testProbaSum: Float64Array | null;
  fitSeconds: number;
}

/** Validates a job and returns params with the job's seed applied. Throws MlInputError before any training. */
export function resolveJob(job: TrainJob): Record<string, unknown> {
  const entry = algorithmEntry(job.algorithm);
  const params: Record<string, unknown> = { ...(job.params ?? {}) };
  if (job.seed !== undefined && Object.hasOwn(entry.params, "seed")) params.seed = job.seed;
  createEstimator(job.algorithm, params);
  checkFitInput(job.X, job.y);
  if (job.test && job.test.X.cols !== job.X.cols) {
    throw new MlInputError("test.X", `has ${job.test.X.cols} features, training has ${job.X.cols}`);
  }
  return params;
}

/** Trains and scores one job in this thread (the worker calls this; tests may too). */
export function runTrainJob(
  job: TrainJob,
  options: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void } = {},
): TrainResult {
  const params = resolveJob(job);
  const model = createEstimator(job.algorithm, params);
  const started = performance.now();
  model.fit(job.X, job.y, options);
  const fitSeconds = (performance.now() - started) / 1000;
  let metrics: ClassificationReport | null = null;
  if (job.test) {
    const K = Math.max(job.nClasses ?? 0, model.nClasses, maxLabel(job.test.y) + 1);
    const proba = padColumns(model.predictProba(job.test.X), K);
    const pred = model.predict(job.test.X);
    metrics = classificationReport(job.test.y, pred, K, proba);
  }
  return { model: model.toJSON(), metrics, fitSeconds };
}

/** Builds trees [start, end) of a random-forest job in this thread. */
export function runForestPart(
  job: TrainJob,
  start: number,
  end: number,
  options: { signal?: AbortSignal; onProgress?: (p: FitProgress) => void } = {},
): ForestPartResult {
  const params = resolveJob(job);
  const forest = new RandomForest(params);
  const started = performance.now();
  const part = forest.fitPart(job.X, job.y, start, end, options);
  const fitSeconds = (performance.now() - started) / 1000;
  let testProbaSum: Float64Array | null = null;
  if (job.test) testProbaSum = RandomForest.fromParts(params, [part]).sumTreeProba(job.test.X).data;
  return { ...part, testProbaSum, fitSeconds };
}

/** Highest class id of a label array (-1 when empty). */
export function maxLabel(y: Int32Array): number {
  let max = -1;
  for (let i = 0; i < y.length; i++) if (y[i]! > max) max = y[i]!;
  return max;
}

/** Probabilities widened to k columns (a model fitted without the top classes has fewer). */
export function padColumns(P: Matrix, k: number): Matrix {
  if (P.cols >= k) return P;
  const out = new Float64Array(P.rows * k);
  for (let i = 0; i < P.rows; i++) out.set(P.data.subarray(i * P.cols, (i + 1) * P.cols), i * k);
  return { rows: P.rows, cols: k, data: out };
}
