import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar, JSONObjectScalar } from "../common/scalars.js";
import { PipelineEdge, PipelineNode } from "../pipelines/pipeline.type.js";
import {
  RUN_EVENT_TYPES,
  RUN_STATUSES,
  RUN_TRIGGERS,
  STEP_STATUSES,
  type RunEventType as RunEventTypeName,
  type RunStatus as RunStatusName,
  type RunTrigger as RunTriggerName,
  type StepStatus as StepStatusName,
} from "./run-state.js";

export const RunStatus = graphqlEnum("RunStatus", RUN_STATUSES);
export const StepStatus = graphqlEnum("StepStatus", STEP_STATUSES);
export const RunTrigger = graphqlEnum("RunTrigger", RUN_TRIGGERS);
export const RunEventType = graphqlEnum("RunEventType", RUN_EVENT_TYPES);

/*
 * `simpleResolvers: true` on the object types below: their fields are read straight off the records by graphql's
 * default resolver. Without it type-graphql wraps every field in the global middleware chain (requireSignedIn, which
 * only acts on root fields) — a few promises per field, which dominated big answers (a run of 1,000 steps: ~25k
 * fields). Field resolvers (@FieldResolver) keep their middlewares and @Authorized checks.
 */
@ObjectType({ description: "State of one node in a run, derived from the run's events.", simpleResolvers: true })
export class StepRun {
  @Field(() => ID) nodeId!: string;
  @Field(() => StepStatus) status!: StepStatusName;
  @Field(() => Int) attempts!: number;
  @Field(() => Float, { nullable: true }) rowsIn!: number | null;
  @Field(() => Float, { nullable: true }) rowsOut!: number | null;
  @Field(() => Float, { nullable: true }) bytes!: number | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true }) error!: string | null;
}

@ObjectType({
  description: "The DAG a run executes: the pipeline as it was when the run was created.",
  simpleResolvers: true,
})
export class RunDag {
  @Field(() => [PipelineNode]) nodes!: PipelineNode[];
  @Field(() => [PipelineEdge]) edges!: PipelineEdge[];
}

@ObjectType({
  description: "One execution of a pipeline. Its status is derived from its event log.",
  simpleResolvers: true,
})
export class PipelineRun {
  @Field(() => ID) id!: string;
  @Field(() => ID) pipelineId!: string;
  @Field(() => String) pipelineName!: string;
  @Field(() => Int) pipelineVersion!: number;
  @Field(() => RunStatus) status!: RunStatusName;
  @Field(() => RunTrigger) trigger!: RunTriggerName;
  @Field(() => JSONObjectScalar) params!: Record<string, unknown>;
  @Field(() => [StepRun]) steps!: StepRun[];
  @Field(() => RunDag, { description: "The DAG snapshot this run executes." }) snapshot!: RunDag;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Int, { description: "Sequence number of the last event; subscribe with `after` set to it." })
  lastSeq!: number;
  @Field(() => ID, { nullable: true }) parentRunId!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Float, { nullable: true }) durationMs!: number | null;
}

@ObjectType({ simpleResolvers: true })
export class RunConnection extends Connection(PipelineRun) {}

@ObjectType({ description: "One entry of a run's append-only event log.", simpleResolvers: true })
export class RunEvent {
  @Field(() => ID) runId!: string;
  @Field(() => Int, { description: "Strictly increasing per run, from 1." }) seq!: number;
  @Field(() => RunEventType) type!: RunEventTypeName;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => JSONObjectScalar) payload!: Record<string, unknown>;
  @Field(() => DateTimeScalar) at!: Date;
}

@ObjectType({ simpleResolvers: true })
export class OutputColumn {
  @Field(() => String) name!: string;
  @Field(() => String) type!: string;
}

@ObjectType({ description: "Schema and first rows of a finished step's output.", simpleResolvers: true })
export class StepOutputPreview {
  @Field(() => ID) runId!: string;
  @Field(() => ID) nodeId!: string;
  @Field(() => [OutputColumn]) columns!: OutputColumn[];
  @Field(() => [JSONObjectScalar], {
    description: "Column → value; big integers beyond 2^53 as strings, dates as ISO strings.",
  })
  rows!: Record<string, unknown>[];
  @Field(() => Float, { description: "Rows in the whole output." }) rowCount!: number;
}
