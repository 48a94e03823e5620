import { decodeF64, encodeArray, type EncodedArray } from "../codec.js";
import type { Estimator, FitOptions, SerializedModel } from "../estimator.js";
import { argmaxRows, matrix, type Labels, type Matrix } from "../matrix.js";
import { resolveParams, type ParamsOf } from "../params.js";
import { checkFitInput, checkPredictInput } from "../validate.js";

/** Hyperparameters of NaiveBayes (Gaussian). */
export const NAIVE_BAYES_PARAMS = {
  var_smoothing: {
    type: "number",
    default: 1e-9,
    min: 0,
    doc: "Added to every variance, as a share of the largest feature variance (scikit-learn's GaussianNB).",
  },
} as const;

export type NaiveBayesParams = ParamsOf<typeof NAIVE_BAYES_PARAMS>;

interface State {
  nClasses: number;
  nFeatures: number;
  logPrior: Float64Array;
  /** k × d means and variances. */
  mean: Float64Array;
  variance: Float64Array;
}

interface EncodedState {
  nClasses: number;
  nFeatures: number;
  logPrior: EncodedArray;
  mean: EncodedArray;
  variance: EncodedArray;
}

/**
 * Gaussian naive Bayes: per class, independent normal features; class priors from frequencies.
 * A class absent from the training rows gets probability 0.
 */
export class NaiveBayes implements Estimator {
  readonly algorithm = "naive_bayes" as const;
  readonly params: Readonly<NaiveBayesParams>;
  private state: State | null = null;

  constructor(params: Partial<NaiveBayesParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(this.algorithm, NAIVE_BAYES_PARAMS, params);
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  fit(X: Matrix, y: Labels, _options: FitOptions = {}): this {
    const K = checkFitInput(X, y);
    const n = X.rows;
    const d = X.cols;
    const count = new Float64Array(K);
    const mean = new Float64Array(K * d);
    const variance = new Float64Array(K * d);
    for (let i = 0; i < n; i++) {
      const c = y[i]!;
      count[c]!++;
      for (let j = 0; j < d; j++) mean[c * d + j] = mean[c * d + j]! + X.data[i * d + j]!;
    }
    for (let c = 0; c < K; c++)
      for (let j = 0; j < d; j++) if (count[c]! > 0) mean[c * d + j] = mean[c * d + j]! / count[c]!;
    for (let i = 0; i < n; i++) {
      const c = y[i]!;
      for (let j = 0; j < d; j++) {
        const z = X.data[i * d + j]! - mean[c * d + j]!;
        variance[c * d + j] = variance[c * d + j]! + z * z;
      }
    }
    // epsilon = var_smoothing × the largest variance of any feature over all rows.
    let maxVar = 0;
    for (let j = 0; j < d; j++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += X.data[i * d + j]!;
      m /= n;
      let v = 0;
      for (let i = 0; i < n; i++) v += (X.data[i * d + j]! - m) ** 2;
      maxVar = Math.max(maxVar, v / n);
    }
    const eps = this.params.var_smoothing * maxVar || Number.MIN_VALUE;
    for (let c = 0; c < K; c++) {
      for (let j = 0; j < d; j++) variance[c * d + j] = (count[c]! > 0 ? variance[c * d + j]! / count[c]! : 0) + eps;
    }
    const logPrior = count.map((c) => (c > 0 ? Math.log(c / n) : -Infinity));
    this.state = { nClasses: K, nFeatures: d, logPrior, mean, variance };
    return this;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.fitted();
    checkPredictInput(X, s.nFeatures);
    const K = s.nClasses;
    const d = s.nFeatures;
    const out = new Float64Array(X.rows * K);
    const logNorm = new Float64Array(K);
    for (let c = 0; c < K; c++) {
      let t = 0;
      for (let j = 0; j < d; j++) t += Math.log(2 * Math.PI * s.variance[c * d + j]!);
      logNorm[c] = -0.5 * t;
    }
    for (let i = 0; i < X.rows; i++) {
      const o = i * K;
      let max = -Infinity;
      for (let c = 0; c < K; c++) {
        let q = 0;
        for (let j = 0; j < d; j++) {
          const z = X.data[i * d + j]! - s.mean[c * d + j]!;
          q += (z * z) / s.variance[c * d + j]!;
        }
        const ll = s.logPrior[c]! + logNorm[c]! - 0.5 * q;
        out[o + c] = ll;
        if (ll > max) max = ll;
      }
      let sum = 0;
      for (let c = 0; c < K; c++) {
        const e = Math.exp(out[o + c]! - max);
        out[o + c] = e;
        sum += e;
      }
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
      nFeatures: s.nFeatures,
      logPrior: encodeArray(s.logPrior),
      mean: encodeArray(s.mean),
      variance: encodeArray(s.variance),
    };
    return { format: "millrace.ml/1", algorithm: this.algorithm, params: { ...this.params }, state };
  }

  static fromJSON(json: SerializedModel): NaiveBayes {
    const model = new NaiveBayes(json.params);
    const s = json.state as EncodedState;
    model.state = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      logPrior: decodeF64(s.logPrior),
      mean: decodeF64(s.mean),
      variance: decodeF64(s.variance),
    };
    return model;
  }

  private fitted(): State {
    if (!this.state) throw new Error("NaiveBayes: fit the model first");
    return this.state;
  }
}
