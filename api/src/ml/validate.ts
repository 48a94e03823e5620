import { MlInputError } from "./errors.js";
import type { Labels, Matrix } from "./matrix.js";

/**
 * Checks a training set before any work starts and returns the number of classes.
 * Rejects: empty data, mismatched lengths, NaN/Infinity features, negative or non-integer class ids,
 * and a target with fewer than two classes.
 */
export function checkFitInput(X: Matrix, y: Labels): number {
  if (X.rows === 0) throw new MlInputError("X", "no rows to train on");
  if (X.cols === 0) throw new MlInputError("X", "no feature columns");
  if (X.data.length !== X.rows * X.cols) throw new MlInputError("X", "data length does not match rows x cols");
  if (!(y instanceof Int32Array)) throw new MlInputError("y", "class ids must be an Int32Array");
  if (y.length !== X.rows) throw new MlInputError("y", `has ${y.length} labels for ${X.rows} rows`);
  checkFinite(X);
  let max = -1;
  for (let i = 0; i < y.length; i++) {
    const c = y[i]!;
    if (c < 0) throw new MlInputError("y", `row ${i} has negative class id ${c}`);
    if (c > max) max = c;
  }
  const seen = new Uint8Array(max + 1);
  let distinct = 0;
  for (let i = 0; i < y.length; i++) {
    if (seen[y[i]!] === 0) {
      seen[y[i]!] = 1;
      distinct++;
    }
  }
  if (distinct < 2) throw new MlInputError("y", "the target has a single class; at least two are needed");
  return max + 1;
}

/** Checks a matrix to predict on: the fitted feature count and finite values. */
export function checkPredictInput(X: Matrix, nFeatures: number): void {
  if (nFeatures === 0) throw new MlInputError("model", "not fitted yet");
  if (X.cols !== nFeatures) throw new MlInputError("X", `has ${X.cols} features, the model was fitted on ${nFeatures}`);
  if (X.data.length !== X.rows * X.cols) throw new MlInputError("X", "data length does not match rows x cols");
  checkFinite(X);
}

function checkFinite(X: Matrix): void {
  const data = X.data;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is NaN exactly for NaN and ±Infinity, one compare per value.
    if (v - v !== 0) {
      const row = Math.floor(i / X.cols);
      const col = i % X.cols;
      throw new MlInputError(`X[${row},${col}]`, `feature values must be finite, got ${v}`);
    }
  }
}
