import { Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { JobStatus } from "../common/job-status.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";
import type { JobStatus as JobStatusName } from "../store/records.js";

export const ExperimentSource = graphqlEnum("ExperimentSource", ["MILLRACE", "MLFLOW"] as const);

@ObjectType({ description: "One model training with its parameters, metrics and timings." })
export class Experiment {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => JobStatus) status!: JobStatusName;
  @Field(() => String) algorithm!: string;
  @Field(() => ID, { nullable: true }) datasetId!: string | null;
  @Field(() => ID, { nullable: true, description: "The pipeline run that trained it, if any." }) runId!: string | null;
  @Field(() => String, { nullable: true }) target!: string | null;
  @Field(() => [String]) features!: string[];
  @Field(() => JSONObjectScalar) params!: Record<string, unknown>;
  @Field(() => JSONObjectScalar, { description: "Metric name → value (accuracy, f1_weighted, cv_score…)." })
  metrics!: Record<string, number>;
  @Field(() => [[Float]], { nullable: true }) confusionMatrix!: number[][] | null;
  @Field(() => [String]) classLabels!: string[];
  @Field(() => JSONObjectScalar) tags!: Record<string, string>;
  @Field(() => ExperimentSource) source!: "MILLRACE" | "MLFLOW";
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
}

@ObjectType()
export class ExperimentConnection extends Connection(Experiment) {}

@InputType()
export class ExperimentFilterInput {
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => [JobStatus], { nullable: true }) status?: JobStatusName[];
  @Field(() => String, { nullable: true }) algorithm?: string;
  @Field(() => ID, { nullable: true }) datasetId?: string;
}
