import { decodeF64, encodeArray, type EncodedArray } from "../codec.js";
import { throwIfAborted } from "../errors.js";
import type { Estimator, FitOptions, SerializedModel } from "../estimator.js";
import { matrix, argmaxRows, takeLabels, takeRows, type Labels, type Matrix } from "../matrix.js";
import { trainTestSplit } from "../model-selection.js";
import { resolveParams, type ParamsOf } from "../params.js";
import { binMatrix, fitBinMapper, type BinnedMatrix } from "../trees/binning.js";
import {
  EnsembleBuilder,
  decodeEnsemble,
  encodeEnsemble,
  findLeaf,
  type EncodedEnsemble,
  type TreeEnsemble,
} from "../trees/ensemble.js";
import { HistGrower } from "../trees/hist-grower.js";
import { startHistHelper } from "../trees/hist-helper.js";
import { checkFitInput, checkPredictInput } from "../validate.js";

/** Hyperparameters of GradientBoosting; names and defaults follow scikit-learn's HistGradientBoostingClassifier. */
export const GRADIENT_BOOSTING_PARAMS = {
  n_estimators: {
    type: "int",
    default: 100,
    min: 1,
    max: 100_000,
    doc: "Boosting iterations (one tree per class per iteration when there are more than two classes).",
  },
  learning_rate: {
    type: "number",
    default: 0.1,
    min: 0,
    exclusiveMin: true,
    max: 10,
    doc: "Shrinkage applied to every tree's output.",
  },
  max_leaf_nodes: {
    type: "int",
    default: 31,
    min: 2,
    max: 65_536,
    doc: "Leaves per tree; trees grow best-first until they have this many.",
  },
  max_depth: {
    type: "int",
    nullable: true,
    default: null,
    min: 1,
    max: 256,
    doc: "Edges from root to the deepest leaf; null for no limit.",
  },
  min_samples_leaf: { type: "int", default: 20, min: 1, doc: "Fewest training rows a leaf may hold." },
  l2_regularization: {
    type: "number",
    default: 0,
    min: 0,
    doc: "L2 penalty on leaf values (added to the hessian sum).",
  },
  max_bins: { type: "int", default: 255, min: 2, max: 255, doc: "Quantile bins per feature." },
  early_stopping: {
    type: "enum",
    values: ["auto", true, false],
    default: "auto",
    doc: "Stop when the validation loss stops improving; 'auto' enables it above 10,000 rows.",
  },
  validation_fraction: {
    type: "number",
    default: 0.1,
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
    doc: "Share of rows held out (stratified, seeded) to score early stopping.",
  },
  n_iter_no_change: {
    type: "int",
    default: 10,
    min: 1,
    doc: "Iterations without an improvement larger than tol before stopping.",
  },
  tol: { type: "number", default: 1e-7, min: 0, doc: "Smallest validation-loss improvement that counts." },
  seed: {
    type: "int",
    default: 0,
    min: 0,
    max: 4_294_967_295,
    doc: "Seed for the validation split and quantile subsampling.",
  },
} as const;

export type GradientBoostingParams = ParamsOf<typeof GRADIENT_BOOSTING_PARAMS>;

interface State {
  nClasses: number;
  nFeatures: number;
  /** Raw score before any tree: log-odds (binary) or log class priors (multi-class). */
  baseline: Float64Array;
  ensemble: TreeEnsemble;
  /** Iterations actually run (early stopping can end sooner). */
  nIter: number;
  validationLoss: number[];
}

interface EncodedState {
  nClasses: number;
  nFeatures: number;
  baseline: EncodedArray;
  ensemble: EncodedEnsemble;
  nIter: number;
  validationLoss: number[];
}

const AUTO_EARLY_STOPPING_ROWS = 10_000;
// Below this many rows a fit takes no helper thread: nodes would mostly be too small to share, and starting the
// thread (~0.3 s once per thread) would cost more than it saves.
const HELPER_MIN_ROWS = 20_000;

/**
 * Histogram gradient-boosted trees: binary log-loss or softmax (one tree per class per iteration),
 * leaf-wise trees on ≤255 quantile bins, optional early stopping on a seeded stratified validation split.
 * predictProba is the sigmoid/softmax of the summed tree outputs.
 */
export class GradientBoosting implements Estimator {
  readonly algorithm = "gradient_boosting" as const;
  readonly params: Readonly<GradientBoostingParams>;
  private state: State | null = null;

  constructor(params: Partial<GradientBoostingParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(this.algorithm, GRADIENT_BOOSTING_PARAMS, params);
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  /** Iterations run by the last fit (fewer than n_estimators when early stopping ended it). */
  get nIter(): number {
    return this.state?.nIter ?? 0;
  }

  fit(X: Matrix, y: Labels, options: FitOptions = {}): this {
    const K = checkFitInput(X, y);
    const p = this.params;
    const early = p.early_stopping === "auto" ? X.rows > AUTO_EARLY_STOPPING_ROWS : p.early_stopping;
    let Xtrain = X;
    let ytrain = y;
    let Xval: Matrix | null = null;
    let yval: Labels | null = null;
    if (early) {
      const split = trainTestSplit(y, { testFraction: p.validation_fraction, seed: p.seed, stratify: true });
      Xtrain = takeRows(X, split.train);
      ytrain = takeLabels(y, split.train);
      Xval = takeRows(X, split.test);
      yval = takeLabels(y, split.test);
    }
    // The first fit of a thread starts its helper: it loads its modules (~0.3 s) while the data is binned.
    if (Xtrain.rows >= HELPER_MIN_ROWS) startHistHelper();
    const mapper = fitBinMapper(Xtrain, p.max_bins, p.seed);
    const train = binMatrix(mapper, Xtrain);
    const val = Xval ? binMatrix(mapper, Xval) : null;

    const n = train.rows;
    const width = K === 2 ? 1 : K;
    const baseline = priorScores(ytrain, K);
    const rawVal = val ? new Float64Array(val.rows * width) : null;
    if (rawVal && val) for (let i = 0; i < val.rows; i++) rawVal.set(baseline, i * width);

    const builder = new EnsembleBuilder(1, 4096);
    const grower = new HistGrower(
      train,
      mapper,
      {
        maxLeafNodes: p.max_leaf_nodes,
        maxDepth: p.max_depth ?? Infinity,
        minSamplesLeaf: p.min_samples_leaf,
        l2: p.l2_regularization,
        learningRate: p.learning_rate,
      },
      n >= HELPER_MIN_ROWS ? 2 : 1,
      { width, labels: ytrain },
    );
    // The grower owns the gradient and score buffers: its helper thread reads them.
    const raw = grower.raw;
    for (let i = 0; i < n; i++) raw.set(baseline, i * width);
    const addValidation =
      rawVal && val
        ? (k: number, root: number): void => addBinnedTree(builder, root, val, rawVal, width, k)
        : (): void => {};

    // Scores are negative losses, as scikit-learn keeps them, including the one before the first tree.
    const scores: number[] = [];
    const losses: number[] = [];
    if (rawVal && yval) {
      const loss = logLossOfRaw(rawVal, yval, width);
      losses.push(loss);
      scores.push(-loss);
    }
    let iter = 0;
    try {
      for (; iter < p.n_estimators; iter++) {
        throwIfAborted(options.signal);
        grower.computeGradients();
        grower.growIteration(builder, addValidation);
        let score: number | undefined;
        if (rawVal && yval) {
          const loss = logLossOfRaw(rawVal, yval, width);
          losses.push(loss);
          scores.push(-loss);
          score = loss;
        }
        options.onProgress?.(
          score === undefined
            ? { iteration: iter + 1, total: p.n_estimators }
            : { iteration: iter + 1, total: p.n_estimators, score },
        );
        if (rawVal && shouldStop(scores, p.n_iter_no_change, p.tol)) {
          iter++;
          break;
        }
      }
    } finally {
      grower.close();
    }
    this.state = {
      nClasses: K,
      nFeatures: X.cols,
      baseline,
      ensemble: builder.build(),
      nIter: iter,
      validationLoss: losses,
    };
    return this;
  }

  /** Summed raw scores (n × 1 for binary, n × k otherwise). */
  decisionFunction(X: Matrix): Matrix {
    const s = this.fitted();
    checkPredictInput(X, s.nFeatures);
    const width = s.baseline.length;
    const n = X.rows;
    const d = X.cols;
    const raw = new Float64Array(n * width);
    for (let i = 0; i < n; i++) raw.set(s.baseline, i * width);
    const ens = s.ensemble;
    const data = X.data;
    for (let t = 0; t < ens.roots.length; t++) {
      const root = ens.roots[t]!;
      const k = t % width;
      for (let i = 0; i < n; i++) {
        const leaf = findLeaf(ens, root, data, i * d);
        raw[i * width + k] = raw[i * width + k]! + ens.value[leaf]!;
      }
    }
    return matrix(n, width, raw);
  }

  predictProba(X: Matrix): Matrix {
    const raw = this.decisionFunction(X);
    return rawToProba(raw, this.fitted().nClasses);
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X));
  }

  toJSON(): SerializedModel {
    const s = this.fitted();
    const state: EncodedState = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      baseline: encodeArray(s.baseline),
      ensemble: encodeEnsemble(s.ensemble),
      nIter: s.nIter,
      validationLoss: s.validationLoss,
    };
    return { format: "millrace.ml/1", algorithm: this.algorithm, params: { ...this.params }, state };
  }

  static fromJSON(json: SerializedModel): GradientBoosting {
    const model = new GradientBoosting(json.params);
    const s = json.state as EncodedState;
    model.state = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      baseline: decodeF64(s.baseline),
      ensemble: decodeEnsemble(s.ensemble),
      nIter: s.nIter,
      validationLoss: s.validationLoss,
    };
    return model;
  }

  private fitted(): State {
    if (!this.state) throw new Error("GradientBoosting: fit the model first");
    return this.state;
  }
}

function priorScores(y: Labels, K: number): Float64Array {
  const counts = new Float64Array(K);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  const eps = 1e-15;
  if (K === 2) {
    const p = Math.min(Math.max(counts[1]! / y.length, eps), 1 - eps);
    return Float64Array.of(Math.log(p / (1 - p)));
  }
  const out = new Float64Array(K);
  for (let k = 0; k < K; k++) out[k] = Math.log(Math.max(counts[k]! / y.length, eps));
  return out;
}

/** Adds the tree that starts at node `root` to raw scores of binned rows (split on bins, same result as thresholds). */
function addBinnedTree(
  b: EnsembleBuilder,
  root: number,
  data: BinnedMatrix,
  raw: Float64Array,
  width: number,
  k: number,
): void {
  const n = data.rows;
  const bins = data.bins;
  for (let i = 0; i < n; i++) {
    let node = root;
    let f = b.feature[node]!;
    while (f >= 0) {
      node = bins[f * n + i]! <= b.bin[node]! ? b.left[node]! : b.right[node]!;
      f = b.feature[node]!;
    }
    raw[i * width + k] = raw[i * width + k]! + b.value[node]!;
  }
}

function logLossOfRaw(raw: Float64Array, y: Labels, width: number): number {
  let total = 0;
  const n = y.length;
  if (width === 1) {
    for (let i = 0; i < n; i++) {
      const r = raw[i]!;
      // log(1 + e^r) - y r, computed without overflow.
      total += (r > 0 ? r + Math.log1p(Math.exp(-r)) : Math.log1p(Math.exp(r))) - y[i]! * r;
    }
    return total / n;
  }
  for (let i = 0; i < n; i++) {
    const o = i * width;
    let max = raw[o]!;
    for (let k = 1; k < width; k++) if (raw[o + k]! > max) max = raw[o + k]!;
    let sum = 0;
    for (let k = 0; k < width; k++) sum += Math.exp(raw[o + k]! - max);
    total += max + Math.log(sum) - raw[o + y[i]!]!;
  }
  return total / n;
}

/** scikit-learn's rule: stop when none of the last n scores beats the score n+1 iterations back by more than tol. */
function shouldStop(scores: number[], n: number, tol: number): boolean {
  if (scores.length <= n) return false;
  const reference = scores[scores.length - 1 - n]! + tol;
  for (let i = scores.length - n; i < scores.length; i++) if (scores[i]! > reference) return false;
  return true;
}

/** Sigmoid (one column) or softmax of raw scores into class probabilities. */
export function rawToProba(raw: Matrix, nClasses: number): Matrix {
  const n = raw.rows;
  const out = new Float64Array(n * nClasses);
  if (raw.cols === 1) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw.data[i]!));
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    }
    return matrix(n, 2, out);
  }
  const w = raw.cols;
  for (let i = 0; i < n; i++) {
    const o = i * w;
    let max = raw.data[o]!;
    for (let k = 1; k < w; k++) if (raw.data[o + k]! > max) max = raw.data[o + k]!;
    let sum = 0;
    for (let k = 0; k < w; k++) {
      const e = Math.exp(raw.data[o + k]! - max);
      out[o + k] = e;
      sum += e;
    }
    for (let k = 0; k < w; k++) out[o + k] = out[o + k]! / sum;
  }
  return matrix(n, nClasses, out);
}
