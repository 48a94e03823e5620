/**
 * Millrace's machine-learning core: estimators on typed arrays, preprocessing, metrics, cross-validation and
 * a worker-thread training pool. Pure: no database, GraphQL, HTTP or socket imports.
 */
export { MlInputError } from "./errors.js";
export type { AlgorithmName, Estimator, FitOptions, FitProgress, SerializedModel } from "./estimator.js";
export { argmaxRows, fromRows, matrix, takeLabels, takeRows, type Labels, type Matrix } from "./matrix.js";
export { Rng, deriveSeed } from "./rng.js";
export { ALGORITHM_NAMES, algorithmEntry, createEstimator, describeAlgorithms, estimatorFromJSON } from "./registry.js";
export {
  GradientBoosting,
  GRADIENT_BOOSTING_PARAMS,
  type GradientBoostingParams,
} from "./estimators/gradient-boosting.js";
export { RandomForest, RANDOM_FOREST_PARAMS, type RandomForestParams } from "./estimators/random-forest.js";
export {
  LogisticRegression,
  LOGISTIC_REGRESSION_PARAMS,
  type LogisticRegressionParams,
} from "./estimators/logistic-regression.js";
export { Svm, SVM_PARAMS, type SvmParams } from "./estimators/svm.js";
export { Knn, KNN_PARAMS, type KnnParams } from "./estimators/knn.js";
export { NaiveBayes, NAIVE_BAYES_PARAMS, type NaiveBayesParams } from "./estimators/naive-bayes.js";
export { Preprocessor, type Cell, type PreprocessSpec, type Table } from "./preprocessing.js";
export { Pipeline, type PipelineSpec, type SerializedPipeline } from "./pipeline.js";
export * from "./metrics.js";
export {
  groupKFold,
  groupShuffleSplit,
  kFold,
  stratifiedGroupKFold,
  stratifiedGroupShuffleSplit,
  stratifiedKFold,
  trainTestSplit,
  type Split,
} from "./model-selection.js";
export { cvScore, testScore, type CvResult, type EvaluationOptions } from "./evaluation.js";
export { TrainingPool, type PoolOptions, type RunOptions } from "./worker/pool.js";
export { padColumns, type TrainJob, type TrainResult } from "./worker/train-job.js";
