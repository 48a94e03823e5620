import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { JobStatus } from "../common/job-status.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";
import type { AutoMLRunRecord, JobStatus as JobStatusName } from "../store/records.js";

export const SearchStrategy = graphqlEnum("SearchStrategy", ["GRID", "RANDOM", "SUCCESSIVE_HALVING"] as const);
export const AutoMLStopReason = graphqlEnum(
  "AutoMLStopReason",
  ["COMPLETED", "MAX_TRIALS", "TIME_BUDGET", "CANCELLED", "FAILED"] as const,
  "Why a search stopped launching trials.",
);

@ObjectType({ description: "One cross-validated trial of an AutoML search." })
export class AutoMLTrial {
  @Field(() => Int) trial!: number;
  @Field(() => String) algorithm!: string;
  @Field(() => JSONObjectScalar) params!: Record<string, unknown>;
  @Field(() => Float, { nullable: true, description: "Mean CV score of the search metric." }) score!: number | null;
  @Field(() => Float, { nullable: true, description: "Its standard deviation over folds." }) scoreStd!: number | null;
  @Field(() => Int, { description: "Rows it was cross-validated on (fewer on early halving rungs)." }) rows!: number;
  @Field(() => Int, { description: "Successive-halving rung (0 for grid and random)." }) rung!: number;
  @Field(() => Float) fitSeconds!: number;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({ description: "A search over algorithms and hyper-parameters within a budget." })
export class AutoMLRun {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => ID, { nullable: true }) datasetId!: string | null;
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field(() => SearchStrategy) strategy!: AutoMLRunRecord["strategy"];
  @Field(() => String) metric!: string;
  @Field(() => Int, { nullable: true }) maxTrials!: number | null;
  @Field(() => Int, { nullable: true }) timeBudgetSeconds!: number | null;
  @Field(() => Int) trialsCompleted!: number;
  @Field(() => ID, { nullable: true }) bestExperimentId!: string | null;
  @Field(() => Float, { nullable: true }) bestScore!: number | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => ID, { nullable: true }) runId?: string | null;
  @Field(() => ID, { nullable: true }) nodeId?: string | null;
  @Field(() => [String], { nullable: true }) features?: string[];
  @Field(() => String, { nullable: true }) groupBy?: string | null;
  @Field(() => [String], { nullable: true }) algorithms?: string[];
  @Field(() => Int, { nullable: true }) folds?: number;
  @Field(() => Float, { nullable: true }) seed?: number;
  @Field(() => [AutoMLTrial], { nullable: true, description: "Every trial, best first." })
  leaderboard?: AutoMLTrial[];
  @Field(() => Int, { nullable: true }) trialsLaunched?: number;
  @Field(() => Float, { nullable: true, description: "Seconds the search ran." }) budgetUsedSeconds?: number | null;
  @Field(() => AutoMLStopReason, { nullable: true }) stoppedBy?: string | null;
  @Field(() => String, { nullable: true, description: "The model name the best is registered under." })
  modelName?: string | null;
  @Field(() => Int, { nullable: true, description: "The version registered from the best trial." })
  modelVersion?: number | null;
}

@ObjectType()
export class AutoMLRunConnection extends Connection(AutoMLRun) {}

@InputType()
export class AutoMLRunFilterInput {
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => [JobStatus], { nullable: true }) status?: JobStatusName[];
}

@InputType({ description: "What to search: data, target, algorithms and grids, strategy, CV and budgets." })
export class StartAutoMLInput {
  @Field(() => String) name!: string;
  @Field(() => ID, { nullable: true }) datasetId?: string | null;
  @Field(() => ID, { nullable: true }) runId?: string | null;
  @Field(() => ID, { nullable: true }) nodeId?: string | null;
  @Field(() => String) target!: string;
  @Field(() => [String], { nullable: true }) features?: string[] | null;
  @Field(() => [String], { nullable: true }) categorical?: string[] | null;
  @Field(() => String, { nullable: true, description: "Rows with the same value stay in one fold." })
  groupBy?: string | null;
  @Field(() => [String], {
    nullable: true,
    description: "Default: random_forest, gradient_boosting, logistic_regression, svm.",
  })
  algorithms?: string[] | null;
  @Field(() => JSONObjectScalar, {
    nullable: true,
    description: "algorithm → param → values, replacing that algorithm's default grid (see mlAlgorithms).",
  })
  paramGrids?: Record<string, unknown> | null;
  @Field(() => SearchStrategy, { nullable: true, description: "Default RANDOM." })
  strategy?: "GRID" | "RANDOM" | "SUCCESSIVE_HALVING" | null;
  @Field(() => String, {
    nullable: true,
    description: "accuracy (default), f1_macro, f1_weighted, precision_*, recall_*, roc_auc or log_loss.",
  })
  metric?: string | null;
  @Field(() => Int, { nullable: true, description: "CV folds, 2..20 (default 5)." }) folds?: number | null;
  @Field(() => Int, { nullable: true, description: "Stop launching after this many trials (default 20)." })
  maxTrials?: number | null;
  @Field(() => Int, { nullable: true, description: "Stop after this many seconds (default 300)." })
  timeBudgetSeconds?: number | null;
  @Field(() => Int, { nullable: true }) seed?: number | null;
  @Field(() => String, { nullable: true, description: "Model name for the best (default: the run's name)." })
  registerAs?: string | null;
  @Field(() => String, { nullable: true, description: "Alias to point at the registered version." })
  alias?: string | null;
}

@ObjectType({ description: "A trial running now." })
export class AutoMLRunningTrial {
  @Field(() => Int) trial!: number;
  @Field(() => String) algorithm!: string;
  @Field(() => JSONObjectScalar) params!: Record<string, unknown>;
  @Field(() => Int) rows!: number;
}

@ObjectType({ description: "The live state of an AutoML search: counts, running trials and the leaderboard." })
export class AutoMLProgress {
  @Field(() => ID) automlRunId!: string;
  @Field(() => Int) seq!: number;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => String, { description: "QUEUED, LOADING, SEARCHING, REFITTING, REGISTERING or DONE." }) stage!: string;
  @Field(() => Int) trialsLaunched!: number;
  @Field(() => Int) trialsCompleted!: number;
  @Field(() => Int, { description: "Candidates in the search space." }) candidates!: number;
  @Field(() => Float) elapsedSeconds!: number;
  @Field(() => Float, { nullable: true }) bestScore!: number | null;
  @Field(() => [AutoMLTrial], { description: "The best trials so far (at most 10)." }) leaderboard!: AutoMLTrial[];
  @Field(() => [AutoMLRunningTrial]) running!: AutoMLRunningTrial[];
  @Field(() => String, { nullable: true }) message!: string | null;
  @Field(() => DateTimeScalar) at!: Date;
}
