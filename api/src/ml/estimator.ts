import type { Matrix, Labels } from "./matrix.js";

/** Reported during fit: `iteration` of `total` (trees, boosting rounds, solver iterations…), with an optional score. */
export interface FitProgress {
  iteration: number;
  total: number;
  /** Algorithm-specific: validation loss for boosting, training loss for logistic regression. */
  score?: number;
}

export interface FitOptions {
  /** Checked between iterations; an aborted fit throws the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: FitProgress) => void;
}

/** Names of the algorithms the registry knows. */
export type AlgorithmName =
  "gradient_boosting" | "random_forest" | "logistic_regression" | "svm" | "knn" | "naive_bayes";

/** A fitted model as plain JSON; `estimatorFromJSON` turns it back into an estimator that predicts identically. */
export interface SerializedModel {
  readonly format: "millrace.ml/1";
  readonly algorithm: AlgorithmName;
  readonly params: Readonly<Record<string, unknown>>;
  readonly state: unknown;
}

/**
 * A classifier on a dense matrix and class ids 0..k-1.
 * `predictProba` returns an n × k matrix whose rows sum to 1; `predict` returns class ids.
 */
export interface Estimator {
  readonly algorithm: AlgorithmName;
  /** Resolved params, defaults included. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Number of classes seen in fit (max class id + 1); 0 before fit. */
  readonly nClasses: number;
  fit(X: Matrix, y: Labels, options?: FitOptions): this;
  predict(X: Matrix): Int32Array;
  predictProba(X: Matrix): Matrix;
  toJSON(): SerializedModel;
}
