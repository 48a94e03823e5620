import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.js";
import { PipelineRun } from "../runs/run.type.js";
import type { RunRecord } from "../store/records.js";

/*
 * `simpleResolvers: true` on the object types below: their fields are read straight off the records by graphql's
 * default resolver. Without it type-graphql wraps every field in the global middleware chain (requireSignedIn, which
 * only acts on root fields) — a few promises per field, which dominated big answers (a run of 1,000 steps: ~25k
 * fields). Field resolvers (@FieldResolver) keep their middlewares and @Authorized checks.
 */
@ObjectType({ simpleResolvers: true })
export class RunStatusCounts {
  @Field(() => Int) queued!: number;
  @Field(() => Int) running!: number;
  @Field(() => Int) succeeded!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) cancelled!: number;
}

@ObjectType({ description: "Runs created on one UTC day.", simpleResolvers: true })
export class RunDay {
  @Field(() => String, { description: "YYYY-MM-DD (UTC)." }) day!: string;
  @Field(() => Int) total!: number;
  @Field(() => Int) succeeded!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Int) cancelled!: number;
  @Field(() => Float, { nullable: true, description: "Mean duration of that day's finished runs." })
  avgDurationMs!: number | null;
}

@ObjectType({ simpleResolvers: true })
export class ModelAccuracyPoint {
  @Field(() => ID) experimentId!: string;
  @Field(() => String) name!: string;
  @Field(() => String) algorithm!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => Float) accuracy!: number;
}

@ObjectType({ simpleResolvers: true })
export class QualityOverview {
  @Field(() => Int) validations!: number;
  @Field(() => Int) passed!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, {
    nullable: true,
    description: "Mean score of the 20 most recent finished validations, 0 to 100.",
  })
  averageScore!: number | null;
}

@ObjectType({
  description: "Figures for the dashboard, computed from stored data on each request.",
  simpleResolvers: true,
})
export class DashboardStats {
  @Field(() => Int) pipelineCount!: number;
  @Field(() => Int) runCount!: number;
  @Field(() => RunStatusCounts) runsByStatus!: RunStatusCounts;
  @Field(() => Float, {
    nullable: true,
    description: "succeeded / (succeeded + failed) over all runs; null before any.",
  })
  successRate!: number | null;
  @Field(() => Float, { nullable: true, description: "Mean duration of finished runs within the window." })
  avgDurationMs!: number | null;
  @Field(() => [RunDay], { description: "One entry per day of the window, oldest first, zeros included." })
  runsPerDay!: RunDay[];
  @Field(() => Int) datasetCount!: number;
  @Field(() => Int) experimentCount!: number;
  @Field(() => Int) modelCount!: number;
  @Field(() => [ModelAccuracyPoint], { description: "Accuracy of recent finished experiments, oldest first." })
  modelAccuracyTrend!: ModelAccuracyPoint[];
  @Field(() => QualityOverview) dataQuality!: QualityOverview;
  @Field(() => [PipelineRun]) recentRuns!: RunRecord[];
}
