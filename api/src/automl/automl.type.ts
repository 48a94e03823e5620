import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { JobStatus } from "../common/job-status.js";
import { DateTimeScalar } from "../common/scalars.js";
import type { AutoMLRunRecord, JobStatus as JobStatusName } from "../store/records.js";

export const SearchStrategy = graphqlEnum("SearchStrategy", ["GRID", "RANDOM", "SUCCESSIVE_HALVING"] as const);

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
}

@ObjectType()
export class AutoMLRunConnection extends Connection(AutoMLRun) {}

@InputType()
export class AutoMLRunFilterInput {
  @Field(() => String, { nullable: true }) nameContains?: string;
  @Field(() => [JobStatus], { nullable: true }) status?: JobStatusName[];
}
