import { decodeF64, decodeI32, encodeArray, type EncodedArray } from "../codec.js";
import type { Estimator, FitOptions, SerializedModel } from "../estimator.js";
import { argmaxRows, matrix, type Labels, type Matrix } from "../matrix.js";
import { resolveParams, type ParamsOf } from "../params.js";
import { rowNorms } from "../svm/kernel.js";
import { checkFitInput, checkPredictInput } from "../validate.js";

/** Hyperparameters of Knn (k-nearest neighbours, Euclidean distance, brute force). */
export const KNN_PARAMS = {
  n_neighbors: { type: "int", default: 5, min: 1, max: 10_000, doc: "Neighbours that vote." },
  weights: {
    type: "enum",
    values: ["uniform", "distance"],
    default: "uniform",
    doc: "'uniform' votes, or 'distance' votes weighted by 1/distance (an exact match wins outright).",
  },
} as const;

export type KnnParams = ParamsOf<typeof KNN_PARAMS>;

interface State {
  nClasses: number;
  X: Float64Array;
  rows: number;
  nFeatures: number;
  y: Int32Array;
}

interface EncodedState {
  nClasses: number;
  X: EncodedArray;
  rows: number;
  nFeatures: number;
  y: EncodedArray;
}

/**
 * k-nearest-neighbour classifier: stores the training rows; predictProba is the (weighted) share of each class
 * among the k nearest. Ties in distance keep the earlier training row, so results are deterministic.
 * Features are used as given: scale them first (the Pipeline does).
 */
export class Knn implements Estimator {
  readonly algorithm = "knn" as const;
  readonly params: Readonly<KnnParams>;
  private state: State | null = null;

  constructor(params: Partial<KnnParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(this.algorithm, KNN_PARAMS, params);
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  fit(X: Matrix, y: Labels, _options: FitOptions = {}): this {
    const K = checkFitInput(X, y);
    this.state = { nClasses: K, X: Float64Array.from(X.data), rows: X.rows, nFeatures: X.cols, y: Int32Array.from(y) };
    return this;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.fitted();
    checkPredictInput(X, s.nFeatures);
    const d = s.nFeatures;
    const k = Math.min(this.params.n_neighbors, s.rows);
    const K = s.nClasses;
    const byDistance = this.params.weights === "distance";
    const trainNorms = rowNorms(s.X, s.rows, d);
    const out = new Float64Array(X.rows * K);
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    for (let i = 0; i < X.rows; i++) {
      const xo = i * d;
      let xn = 0;
      for (let j = 0; j < d; j++) xn += X.data[xo + j]! * X.data[xo + j]!;
      // Sorted insertion into the k best (k is small).
      let filled = 0;
      for (let t = 0; t < s.rows; t++) {
        const to = t * d;
        let dot = 0;
        for (let j = 0; j < d; j++) dot += X.data[xo + j]! * s.X[to + j]!;
        const dist = Math.max(0, xn + trainNorms[t]! - 2 * dot);
        if (filled === k && dist >= bestD[k - 1]!) continue;
        let at = filled < k ? filled++ : k - 1;
        while (at > 0 && bestD[at - 1]! > dist) {
          bestD[at] = bestD[at - 1]!;
          bestI[at] = bestI[at - 1]!;
          at--;
        }
        bestD[at] = dist;
        bestI[at] = t;
      }
      const o = i * K;
      if (byDistance && bestD[0] === 0) {
        // Exact matches take all the weight, as in scikit-learn.
        for (let r = 0; r < filled && bestD[r] === 0; r++) out[o + s.y[bestI[r]!]!]! += 1;
      } else {
        for (let r = 0; r < filled; r++) {
          const w = byDistance ? 1 / Math.sqrt(bestD[r]!) : 1;
          out[o + s.y[bestI[r]!]!]! += w;
        }
      }
      let sum = 0;
      for (let c = 0; c < K; c++) sum += out[o + c]!;
      for (let c = 0; c < K; c++) out[o + c] = out[o + c]! / sum;
    }
    return matrix(X.rows, K, out);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X));
  }

  toJSON(): SerializedModel {
    const s = this.fitted();
    const state: EncodedState = {
      nClasses: s.nClasses,
      X: encodeArray(s.X),
      rows: s.rows,
      nFeatures: s.nFeatures,
      y: encodeArray(s.y),
    };
    return { format: "millrace.ml/1", algorithm: this.algorithm, params: { ...this.params }, state };
  }

  static fromJSON(json: SerializedModel): Knn {
    const model = new Knn(json.params);
    const s = json.state as EncodedState;
    model.state = { nClasses: s.nClasses, X: decodeF64(s.X), rows: s.rows, nFeatures: s.nFeatures, y: decodeI32(s.y) };
    return model;
  }

  private fitted(): State {
    if (!this.state) throw new Error("Knn: fit the model first");
    return this.state;
  }
}
