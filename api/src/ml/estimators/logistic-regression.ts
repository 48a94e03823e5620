import { decodeF64, encodeArray, type EncodedArray } from "../codec.js";
import { throwIfAborted } from "../errors.js";
import type { Estimator, FitOptions, SerializedModel } from "../estimator.js";
import { lbfgs, type Objective } from "../linear/lbfgs.js";
import { logLossAndGradient, type LossProblem } from "../linear/logistic-loss.js";
import { SoftmaxKernels } from "../linear/softmax-kernels-wasm.js";
import { argmaxRows, matrix, type Labels, type Matrix } from "../matrix.js";
import { resolveParams, type ParamsOf } from "../params.js";
import { checkFitInput, checkPredictInput } from "../validate.js";
import { rawToProba } from "./gradient-boosting.js";

/** Hyperparameters of LogisticRegression; C, max_iter and tol mean what they mean in scikit-learn (lbfgs). */
export const LOGISTIC_REGRESSION_PARAMS = {
  C: {
    type: "number",
    default: 1,
    min: 0,
    exclusiveMin: true,
    doc: "Inverse L2 strength: the objective is mean log-loss + ‖W‖² / (2·C·n).",
  },
  max_iter: { type: "int", default: 100, min: 1, max: 100_000, doc: "L-BFGS iterations at most." },
  tol: { type: "number", default: 1e-4, min: 0, doc: "Stop when every gradient component is at most tol." },
  fit_intercept: { type: "boolean", default: true, doc: "Learn an unpenalised intercept per class." },
} as const;

export type LogisticRegressionParams = ParamsOf<typeof LOGISTIC_REGRESSION_PARAMS>;

interface State {
  nClasses: number;
  nFeatures: number;
  /** width × d coefficients on the original (unscaled) features; width is 1 for two classes. */
  coef: Float64Array;
  intercept: Float64Array;
  iterations: number;
}

interface EncodedState {
  nClasses: number;
  nFeatures: number;
  coef: EncodedArray;
  intercept: EncodedArray;
  iterations: number;
}

/**
 * L2-regularised logistic regression: binomial for two classes, multinomial softmax otherwise (as scikit-learn),
 * solved by L-BFGS on standardised features. The learned weights are mapped back to the original feature
 * scale, so prediction needs no scaler and the penalty acts on standardised weights.
 */
export class LogisticRegression implements Estimator {
  readonly algorithm = "logistic_regression" as const;
  readonly params: Readonly<LogisticRegressionParams>;
  private state: State | null = null;

  constructor(params: Partial<LogisticRegressionParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(this.algorithm, LOGISTIC_REGRESSION_PARAMS, params);
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  /** Solver iterations of the last fit. */
  get iterations(): number {
    return this.state?.iterations ?? 0;
  }

  fit(X: Matrix, y: Labels, options: FitOptions = {}): this {
    const K = checkFitInput(X, y);
    const p = this.params;
    const n = X.rows;
    const d = X.cols;
    const width = K === 2 ? 1 : K;
    const { mean, scale } = standardizer(X);
    const Z = standardize(X.data, n, d, mean, scale);
    const nW = width * d;
    const lambda = 1 / (p.C * n);
    const fitIntercept = p.fit_intercept;
    // Multinomial fits run their two dense products in WebAssembly SIMD when the engine has it.
    const kernels = width > 1 ? SoftmaxKernels.create(Z, y, n, d, width) : null;
    const R = new Float64Array(kernels ? 0 : n * width);
    const problem: LossProblem = { Z, y, n, d, width, fitIntercept, lambda, R, kernels };
    const objective = new LogisticObjective(problem, p.max_iter, options);
    const result = lbfgs(objective, new Float64Array(nW + width), {
      maxIter: p.max_iter,
      gradTol: p.tol,
      funcTol: 64 * Number.EPSILON,
    });
    const w = result.x;
    const coef = new Float64Array(nW);
    const intercept = new Float64Array(width);
    for (let k = 0; k < width; k++) {
      let b = fitIntercept ? w[nW + k]! : 0;
      for (let j = 0; j < d; j++) {
        const c = w[k * d + j]! / scale[j]!;
        coef[k * d + j] = c;
        b -= c * mean[j]!;
      }
      intercept[k] = b;
    }
    this.state = { nClasses: K, nFeatures: d, coef, intercept, iterations: result.iterations };
    return this;
  }

  /** Linear scores (n × 1 for two classes, n × k otherwise). */
  decisionFunction(X: Matrix): Matrix {
    const s = this.fitted();
    checkPredictInput(X, s.nFeatures);
    const d = X.cols;
    const width = s.intercept.length;
    const out = new Float64Array(X.rows * width);
    for (let i = 0; i < X.rows; i++) {
      const o = i * d;
      for (let k = 0; k < width; k++) {
        let v = s.intercept[k]!;
        for (let j = 0; j < d; j++) v += s.coef[k * d + j]! * X.data[o + j]!;
        out[i * width + k] = v;
      }
    }
    return matrix(X.rows, width, out);
  }

  predictProba(X: Matrix): Matrix {
    return rawToProba(this.decisionFunction(X), this.fitted().nClasses);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X));
  }

  toJSON(): SerializedModel {
    const s = this.fitted();
    const state: EncodedState = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      coef: encodeArray(s.coef),
      intercept: encodeArray(s.intercept),
      iterations: s.iterations,
    };
    return { format: "millrace.ml/1", algorithm: this.algorithm, params: { ...this.params }, state };
  }

  static fromJSON(json: SerializedModel): LogisticRegression {
    const model = new LogisticRegression(json.params);
    const s = json.state as EncodedState;
    model.state = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      coef: decodeF64(s.coef),
      intercept: decodeF64(s.intercept),
      iterations: s.iterations,
    };
    return model;
  }

  private fitted(): State {
    if (!this.state) throw new Error("LogisticRegression: fit the model first");
    return this.state;
  }
}

class LogisticObjective implements Objective {
  constructor(
    private readonly problem: LossProblem,
    private readonly maxIter: number,
    private readonly options: FitOptions,
  ) {}

  evaluate(w: Float64Array, grad: Float64Array): number {
    return logLossAndGradient(this.problem, w, grad);
  }

  iterationDone(iteration: number, value: number): void {
    throwIfAborted(this.options.signal);
    this.options.onProgress?.({ iteration, total: this.maxIter, score: value });
  }
}

/** Column means and standard deviations (1 for constant columns, which then stay 0 after centring). */
export function standardizer(X: Matrix): { mean: Float64Array; scale: Float64Array } {
  const n = X.rows;
  const d = X.cols;
  const mean = columnSums(X.data, n, d);
  for (let j = 0; j < d; j++) mean[j] = mean[j]! / n;
  const scale = squaredDeviations(X.data, n, d, mean);
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(scale[j]! / n);
    scale[j] = s > 1e-12 * Math.max(1, Math.abs(mean[j]!)) ? s : 1;
  }
  return { mean, scale };
}

// One hot loop per function: V8 compiles a loop on the spot (OSR) with the feedback gathered so far, and code after
// it that has not run yet discards the compiled function when it does (see linear/logistic-loss.ts).
function columnSums(data: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[j] = out[j]! + data[i * d + j]!;
  return out;
}

function squaredDeviations(data: Float64Array, n: number, d: number, mean: Float64Array): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = data[i * d + j]! - mean[j]!;
      out[j] = out[j]! + c * c;
    }
  }
  return out;
}

function standardize(data: Float64Array, n: number, d: number, mean: Float64Array, scale: Float64Array): Float64Array {
  const Z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) Z[i * d + j] = (data[i * d + j]! - mean[j]!) / scale[j]!;
  }
  return Z;
}
