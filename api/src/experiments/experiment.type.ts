import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { JobStatus } from "../common/job-status.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";
import type { JobStatus as JobStatusName } from "../store/records.js";

export const ExperimentSource = graphqlEnum("ExperimentSource", ["MILLRACE", "MLFLOW"] as const);
export const SplitKind = graphqlEnum("SplitKind", ["HOLDOUT", "CV"] as const, "A held-out fraction or k-fold CV.");

@ObjectType({ description: "How an experiment's rows were split for evaluation." })
export class ExperimentSplit {
  @Field(() => SplitKind) kind!: "HOLDOUT" | "CV";
  @Field(() => Float, { nullable: true, description: "Share of rows (or groups) held out (HOLDOUT)." })
  testFraction!: number | null;
  @Field(() => Int, { nullable: true, description: "Number of folds (CV)." }) folds!: number | null;
  @Field(() => String, { nullable: true, description: "Rows sharing this column's value stay on one side." })
  groupBy!: string | null;
  @Field(() => Float) seed!: number;
}

@ObjectType({ description: "One model training with its parameters, metrics and timings." })
export class Experiment {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => String, { description: "Algorithm name, e.g. gradient_boosting (see mlAlgorithms)." })
  algorithm!: string;
  @Field(() => ID, { nullable: true }) datasetId!: string | null;
  @Field(() => ID, { nullable: true, description: "The pipeline run that trained it, if any." }) runId!: string | null;
  @Field(() => ID, { nullable: true, description: "The step whose output it trained on (or the train step)." })
  nodeId?: string | null;
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field(() => [String]) features!: string[];
  @Field(() => JSONObjectScalar) params!: Record<string, unknown>;
  @Field(() => JSONObjectScalar, {
    description:
      "Metric name → value: accuracy, precision/recall/f1 _macro and _weighted, roc_auc, log_loss, train_rows, test_rows; with CV also cv_<metric>_mean / _std (over folds).",
  })
  metrics!: Record<string, number>;
  @Field(() => [[Float]], {
    nullable: true,
    description: "Rows = true class, columns = predicted (classLabels order).",
  })
  confusionMatrix!: number[][] | null;
  @Field(() => [String]) classLabels!: string[];
  @Field(() => JSONObjectScalar) tags!: Record<string, string>;
  @Field(() => ExperimentSource) source!: "MILLRACE" | "MLFLOW";
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => ExperimentSplit, { nullable: true }) split?: ExperimentSplit | null;
  @Field(() => String, {
    nullable: true,
    description: "QUEUED, LOADING, TRAINING, EVALUATING, SAVING, then DONE.",
  })
  stage?: string | null;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: "Milliseconds per stage: loadMs, trainMs, evaluateMs, saveMs, totalMs.",
  })
  timings?: Record<string, number>;
  @Field(() => Int, { nullable: true, description: "Rows it trained and evaluated on." }) dataRows?: number | null;
  @Field(() => String, { nullable: true, description: "sha256 of the training data (columns used, in order)." })
  dataFingerprint?: string | null;
  @Field(() => ID, { nullable: true, description: "The AutoML run it is the best model of, if any." })
  automlRunId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "The group it was logged in (an MLflow experiment id; MLFLOW experiments only).",
  })
  groupId?: string | null;
  @Field(() => String, { nullable: true, description: "The group's name (the MLflow experiment's name)." })
  group?: string | null;
  @Field(() => String, { nullable: true, description: "active, or deleted (restorable); MLFLOW experiments only." })
  lifecycleStage?: string | null;
  @Field(() => String, { nullable: true, description: "Where its artifacts are (mlflow-artifacts:/…)." })
  artifactUri?: string | null;
  @Field(() => String, { nullable: true, description: "Who logged it (the MLflow client's user)." })
  userId?: string | null;
}

@ObjectType({ description: "One logged value of a metric." })
export class MetricPoint {
  @Field(() => String) key!: string;
  @Field(() => Float, { nullable: true, description: "Null for NaN and infinite values." }) value!: number | null;
  @Field(() => Float, { description: "Training step (0 when the client gave none)." }) step!: number;
  @Field(() => DateTimeScalar) timestamp!: Date;
}

@ObjectType({ description: "A page of one metric's history, by step." })
export class MetricHistory {
  @Field(() => [MetricPoint]) points!: MetricPoint[];
  @Field(() => String, { nullable: true, description: "Pass as `after` for the next page; null on the last." })
  endCursor!: string | null;
}

@ObjectType()
export class ExperimentConnection extends Connection(Experiment) {}

@InputType()
export class ExperimentFilterInput {
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => [JobStatus], { nullable: true }) status?: JobStatusName[];
  @Field(() => String, { nullable: true }) algorithm?: string;
  @Field(() => ID, { nullable: true }) datasetId?: string;
  @Field(() => ExperimentSource, { nullable: true }) source?: "MILLRACE" | "MLFLOW";
  @Field(() => ID, { nullable: true, description: "Experiments of this group (MLflow experiment id)." })
  groupId?: string;
}

@InputType({
  description:
    "What to train: a dataset (datasetId) or a finished step's output (runId + nodeId), the target, the algorithm and its params, and a split (testFraction or cvFolds).",
})
export class CreateExperimentInput {
  @Field(() => String, { nullable: true, description: "Defaults to '<algorithm> → <target> on <data>'." })
  name?: string | null;
  @Field(() => ID, { nullable: true }) datasetId?: string | null;
  @Field(() => ID, { nullable: true }) runId?: string | null;
  @Field(() => ID, { nullable: true }) nodeId?: string | null;
  @Field(() => String) target!: string;
  @Field(() => [String], { nullable: true, description: "Defaults to every column but the target and groupBy." })
  features?: string[] | null;
  @Field(() => [String], {
    nullable: true,
    description: "Feature columns to one-hot encode; other non-numeric features are refused.",
  })
  categorical?: string[] | null;
  @Field(() => String, {
    description: "gradient_boosting, random_forest, logistic_regression, svm, knn or naive_bayes (RandomForest… too).",
  })
  algorithm!: string;
  @Field(() => JSONObjectScalar, { nullable: true, description: "Hyper-parameters (see mlAlgorithms)." })
  params?: Record<string, unknown> | null;
  @Field(() => Float, { nullable: true, description: "Held-out share, in (0, 1); default 0.2 unless cvFolds." })
  testFraction?: number | null;
  @Field(() => Int, { nullable: true, description: "k-fold cross-validation instead of a held-out split (2..20)." })
  cvFolds?: number | null;
  @Field(() => String, { nullable: true, description: "Rows with the same value (e.g. a recording) stay together." })
  groupBy?: string | null;
  @Field(() => Int, { nullable: true, description: "Seed of the split and the model (default 42)." })
  seed?: number | null;
  @Field(() => JSONObjectScalar, { nullable: true }) tags?: Record<string, string> | null;
}

@ObjectType({ description: "Where a running experiment is: stage, iteration and partial scores." })
export class ExperimentProgress {
  @Field(() => ID) experimentId!: string;
  @Field(() => Int, { description: "Increases with every state of this experiment." }) seq!: number;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => String, { description: "QUEUED, LOADING, TRAINING, EVALUATING, SAVING or DONE." }) stage!: string;
  @Field(() => Int, { nullable: true, description: "1-based fold while cross-validating." }) fold!: number | null;
  @Field(() => Int, { nullable: true }) folds!: number | null;
  @Field(() => Int, { nullable: true, description: "Trees, boosting rounds or solver iterations done." })
  iteration!: number | null;
  @Field(() => Int, { nullable: true }) total!: number | null;
  @Field(() => JSONObjectScalar, {
    description: "Partial scores (loss, fold_<k>_accuracy); the final metrics once it succeeded.",
  })
  scores!: Record<string, number>;
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType({ description: "One metric across the compared experiments." })
export class MetricComparison {
  @Field(() => String) name!: string;
  @Field(() => [Float], { nullable: "items", description: "One value per experiment, in the order asked for." })
  values!: (number | null)[];
  @Field(() => ID, { nullable: true, description: "The experiment with the best value (when it is a score)." })
  bestExperimentId!: string | null;
  @Field(() => Boolean) higherIsBetter!: boolean;
}

@ObjectType({ description: "Experiments' metrics side by side." })
export class ExperimentComparison {
  @Field(() => [Experiment]) experiments!: unknown[];
  @Field(() => [MetricComparison]) metrics!: MetricComparison[];
}

@ObjectType({ description: "An algorithm that can be trained, with its hyper-parameters." })
export class MlAlgorithm {
  @Field(() => String) name!: string;
  @Field(() => String) title!: string;
  @Field(() => JSONObjectScalar, { description: "Param name → {type, default, min, max, values, doc}." })
  params!: Record<string, unknown>;
  @Field(() => JSONObjectScalar, { description: "The grid AutoML searches by default: param → values." })
  defaultGrid!: Record<string, unknown>;
}
