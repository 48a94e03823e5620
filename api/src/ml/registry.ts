import { MlInputError } from "./errors.js";
import type { AlgorithmName, Estimator, SerializedModel } from "./estimator.js";
import { GRADIENT_BOOSTING_PARAMS, GradientBoosting } from "./estimators/gradient-boosting.js";
import { KNN_PARAMS, Knn } from "./estimators/knn.js";
import { LOGISTIC_REGRESSION_PARAMS, LogisticRegression } from "./estimators/logistic-regression.js";
import { NAIVE_BAYES_PARAMS, NaiveBayes } from "./estimators/naive-bayes.js";
import { RANDOM_FOREST_PARAMS, RandomForest } from "./estimators/random-forest.js";
import { SVM_PARAMS, Svm } from "./estimators/svm.js";
import type { ParamSchema } from "./params.js";

interface AlgorithmEntry {
  readonly title: string;
  readonly params: ParamSchema;
  /** Whether features should be standardised before this estimator (distance/kernel based). */
  readonly wantsScaling: boolean;
  create(params: unknown): Estimator;
  restore(json: SerializedModel): Estimator;
}

const ALGORITHMS: Readonly<Record<AlgorithmName, AlgorithmEntry>> = {
  gradient_boosting: {
    title: "Gradient boosting (histogram trees)",
    params: GRADIENT_BOOSTING_PARAMS,
    wantsScaling: false,
    create: (p) => new GradientBoosting(p as Record<string, unknown>),
    restore: (j) => GradientBoosting.fromJSON(j),
  },
  random_forest: {
    title: "Random forest",
    params: RANDOM_FOREST_PARAMS,
    wantsScaling: false,
    create: (p) => new RandomForest(p as Record<string, unknown>),
    restore: (j) => RandomForest.fromJSON(j),
  },
  logistic_regression: {
    title: "Logistic regression",
    params: LOGISTIC_REGRESSION_PARAMS,
    wantsScaling: false,
    create: (p) => new LogisticRegression(p as Record<string, unknown>),
    restore: (j) => LogisticRegression.fromJSON(j),
  },
  svm: {
    title: "Support vector machine",
    params: SVM_PARAMS,
    wantsScaling: true,
    create: (p) => new Svm(p as Record<string, unknown>),
    restore: (j) => Svm.fromJSON(j),
  },
  knn: {
    title: "k-nearest neighbours",
    params: KNN_PARAMS,
    wantsScaling: true,
    create: (p) => new Knn(p as Record<string, unknown>),
    restore: (j) => Knn.fromJSON(j),
  },
  naive_bayes: {
    title: "Gaussian naive Bayes",
    params: NAIVE_BAYES_PARAMS,
    wantsScaling: false,
    create: (p) => new NaiveBayes(p as Record<string, unknown>),
    restore: (j) => NaiveBayes.fromJSON(j),
  },
};

/** Every algorithm name the registry knows. */
export const ALGORITHM_NAMES = Object.keys(ALGORITHMS) as AlgorithmName[];

/** The registry entry for a name; throws an MlInputError naming "algorithm" for unknown names. */
export function algorithmEntry(name: string): AlgorithmEntry {
  if (!Object.hasOwn(ALGORITHMS, name)) {
    throw new MlInputError("algorithm", `unknown algorithm "${name}"; expected one of ${ALGORITHM_NAMES.join(", ")}`);
  }
  return ALGORITHMS[name as AlgorithmName];
}

/** A new, unfitted estimator; params are validated now (unknown or out-of-range → MlInputError naming the param). */
export function createEstimator(algorithm: string, params: unknown = {}): Estimator {
  return algorithmEntry(algorithm).create(params);
}

/** Restores a model from `toJSON()` output; the result predicts bit-for-bit like the original. */
export function estimatorFromJSON(json: SerializedModel): Estimator {
  if (json?.format !== "millrace.ml/1") throw new MlInputError("model", "not a serialized Millrace model");
  return algorithmEntry(json.algorithm).restore(json);
}

/** Param documentation for every algorithm, e.g. for an API that lists what can be trained. */
export function describeAlgorithms(): { name: AlgorithmName; title: string; params: ParamSchema }[] {
  return ALGORITHM_NAMES.map((name) => ({ name, title: ALGORITHMS[name].title, params: ALGORITHMS[name].params }));
}
