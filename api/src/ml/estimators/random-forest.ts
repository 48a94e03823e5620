import { throwIfAborted } from "../errors.js";
import type { Estimator, FitOptions, SerializedModel } from "../estimator.js";
import { argmaxRows, matrix, type Labels, type Matrix } from "../matrix.js";
import { resolveParams, type ParamsOf } from "../params.js";
import { deriveSeed } from "../rng.js";
import { binMatrix, fitBinMapper } from "../trees/binning.js";
import {
  EnsembleBuilder,
  concatEnsembles,
  decodeEnsemble,
  encodeEnsemble,
  findLeaf,
  type EncodedEnsemble,
  type TreeEnsemble,
} from "../trees/ensemble.js";
import { ForestGrower } from "../trees/forest-grower.js";
import { checkFitInput, checkPredictInput } from "../validate.js";

/** Hyperparameters of RandomForest; names and defaults follow scikit-learn's RandomForestClassifier. */
export const RANDOM_FOREST_PARAMS = {
  n_estimators: { type: "int", default: 100, min: 1, max: 10_000, doc: "Number of trees." },
  max_depth: {
    type: "int",
    nullable: true,
    default: null,
    min: 1,
    max: 1000,
    doc: "Deepest level a tree may reach; null grows until leaves are pure.",
  },
  min_samples_split: { type: "int", default: 2, min: 2, doc: "Fewest distinct rows a node needs to be split." },
  min_samples_leaf: { type: "int", default: 1, min: 1, doc: "Fewest distinct rows on each side of a split." },
  max_features: {
    type: "enumOrNumber",
    values: ["sqrt", "log2"],
    default: "sqrt",
    min: 0,
    exclusiveMin: true,
    max: 1,
    doc: "Features drawn per split: 'sqrt', 'log2' or a fraction of all features.",
  },
  bootstrap: {
    type: "boolean",
    default: true,
    doc: "Train each tree on a bootstrap sample (drawn rows become weights).",
  },
  max_bins: {
    type: "int",
    default: 255,
    min: 2,
    max: 255,
    doc: "Quantile bins per feature; splits are searched between bins.",
  },
  seed: {
    type: "int",
    default: 0,
    min: 0,
    max: 4_294_967_295,
    doc: "Seed of the bootstrap and feature draws; tree t uses a seed derived from (seed, t).",
  },
} as const;

export type RandomForestParams = ParamsOf<typeof RANDOM_FOREST_PARAMS>;

interface State {
  nClasses: number;
  nFeatures: number;
  ensemble: TreeEnsemble;
}

interface EncodedState {
  nClasses: number;
  nFeatures: number;
  ensemble: EncodedEnsemble;
}

/** Trees [start, end) of a forest, as built by one worker. */
export interface ForestPart {
  nClasses: number;
  nFeatures: number;
  ensemble: TreeEnsemble;
}

/**
 * Random forest of Gini trees on binned features (bootstrap rows, random feature subsets per split).
 * predictProba averages the trees' leaf class proportions. Trees are seeded individually, so building
 * them in parts (e.g. on several worker threads, see `fitPart`/`fromParts`) gives the same forest.
 */
export class RandomForest implements Estimator {
  readonly algorithm = "random_forest" as const;
  readonly params: Readonly<RandomForestParams>;
  private state: State | null = null;

  constructor(params: Partial<RandomForestParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(this.algorithm, RANDOM_FOREST_PARAMS, params);
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  fit(X: Matrix, y: Labels, options: FitOptions = {}): this {
    const part = this.fitPart(X, y, 0, this.params.n_estimators, options);
    this.state = part;
    return this;
  }

  /** Builds trees [start, end) only; combine parts with `RandomForest.fromParts`. */
  fitPart(X: Matrix, y: Labels, start: number, end: number, options: FitOptions = {}): ForestPart {
    const K = checkFitInput(X, y);
    const p = this.params;
    const mapper = fitBinMapper(X, p.max_bins, p.seed);
    const binned = binMatrix(mapper, X);
    const grower = new ForestGrower(binned, y, K, mapper, {
      maxDepth: p.max_depth ?? Infinity,
      minSamplesSplit: p.min_samples_split,
      minSamplesLeaf: p.min_samples_leaf,
      maxFeatures: featuresPerSplit(p.max_features, X.cols),
      bootstrap: p.bootstrap,
    });
    const builder = new EnsembleBuilder(K, 1 << 14);
    for (let t = start; t < end; t++) {
      throwIfAborted(options.signal);
      grower.grow(deriveSeed(p.seed, t), builder);
      options.onProgress?.({ iteration: t - start + 1, total: end - start });
    }
    return { nClasses: K, nFeatures: X.cols, ensemble: builder.build() };
  }

  /** A forest from parts built with `fitPart`, in tree order. */
  static fromParts(
    params: Partial<RandomForestParams> | Record<string, unknown>,
    parts: readonly ForestPart[],
  ): RandomForest {
    const model = new RandomForest(params);
    const first = parts[0];
    if (!first) throw new Error("RandomForest.fromParts: no parts");
    const nClasses = Math.max(...parts.map((p) => p.nClasses));
    // A part whose rows lacked the top classes has narrower leaves; widen so every tree votes over all classes.
    const widened = parts.map((p) => (p.nClasses === nClasses ? p.ensemble : widen(p.ensemble, nClasses)));
    model.state = { nClasses, nFeatures: first.nFeatures, ensemble: concatEnsembles(widened) };
    return model;
  }

  /** Sum over trees of leaf class proportions (n × k); divide by the tree count for probabilities. */
  sumTreeProba(X: Matrix): Matrix {
    const s = this.fitted();
    checkPredictInput(X, s.nFeatures);
    const K = s.nClasses;
    const n = X.rows;
    const d = X.cols;
    const out = new Float64Array(n * K);
    const ens = s.ensemble;
    const value = ens.value;
    for (let t = 0; t < ens.roots.length; t++) {
      const root = ens.roots[t]!;
      for (let i = 0; i < n; i++) {
        const leaf = findLeaf(ens, root, X.data, i * d) * K;
        const o = i * K;
        for (let k = 0; k < K; k++) out[o + k] = out[o + k]! + value[leaf + k]!;
      }
    }
    return matrix(n, K, out);
  }

  predictProba(X: Matrix): Matrix {
    const sum = this.sumTreeProba(X);
    const T = this.fitted().ensemble.roots.length;
    for (let i = 0; i < sum.data.length; i++) sum.data[i] = sum.data[i]! / T;
    return sum;
  }

  predict(X: Matrix): Int32Array {
    return argmaxRows(this.predictProba(X));
  }

  /** Number of trees in the fitted forest. */
  get treeCount(): number {
    return this.state?.ensemble.roots.length ?? 0;
  }

  toJSON(): SerializedModel {
    const s = this.fitted();
    const state: EncodedState = { nClasses: s.nClasses, nFeatures: s.nFeatures, ensemble: encodeEnsemble(s.ensemble) };
    return { format: "millrace.ml/1", algorithm: this.algorithm, params: { ...this.params }, state };
  }

  static fromJSON(json: SerializedModel): RandomForest {
    const model = new RandomForest(json.params);
    const s = json.state as EncodedState;
    model.state = { nClasses: s.nClasses, nFeatures: s.nFeatures, ensemble: decodeEnsemble(s.ensemble) };
    return model;
  }

  private fitted(): State {
    if (!this.state) throw new Error("RandomForest: fit the model first");
    return this.state;
  }
}

/** Number of features tried per split for a `max_features` setting. */
export function featuresPerSplit(setting: "sqrt" | "log2" | number, d: number): number {
  if (setting === "sqrt") return Math.max(1, Math.floor(Math.sqrt(d)));
  if (setting === "log2") return Math.max(1, Math.floor(Math.log2(d)));
  return Math.max(1, Math.floor(setting * d));
}

function widen(e: TreeEnsemble, K: number): TreeEnsemble {
  const w = e.valueWidth;
  const nodes = e.feature.length;
  const value = new Float64Array(nodes * K);
  for (let i = 0; i < nodes; i++) for (let k = 0; k < w; k++) value[i * K + k] = e.value[i * w + k]!;
  return { ...e, valueWidth: K, value };
}
