import { Field, Float, ID, Int, ObjectType, createUnionType } from "type-graphql";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar, JSONObjectScalar, JSONScalar } from "../common/scalars.js";
import { Connection } from "../common/connection.js";
import type { DagIssueCode } from "./dag.js";
import { Schedule } from "../schedules/schedule.type.js";
import type { ScheduleSpec } from "../schedules/schedule-spec.js";

/*
 * `simpleResolvers: true` on the object types below: their fields are read straight off the records by graphql's
 * default resolver. Without it type-graphql wraps every field in the global middleware chain (requireSignedIn, which
 * only acts on root fields) — a few promises per field, which dominated big answers (a run of 1,000 steps: ~25k
 * fields). Field resolvers (@FieldResolver) keep their middlewares and @Authorized checks.
 */
@ObjectType({ simpleResolvers: true })
export class Position {
  @Field(() => Float) x!: number;
  @Field(() => Float) y!: number;
}

@ObjectType({
  description: "How the engine runs a node; null fields take the engine's defaults.",
  simpleResolvers: true,
})
export class NodeExecution {
  @Field(() => Int, { nullable: true, description: "Attempts in all, 1 to 10 (default 1: no retry)." })
  maxAttempts?: number;
  @Field(() => Int, { nullable: true, description: "First retry delay in ms; doubles each attempt (default 1000)." })
  backoffMs?: number;
  @Field(() => Int, { nullable: true, description: "Per-attempt time limit in ms (default 1 hour)." })
  timeoutMs?: number;
}

@ObjectType({ description: "One step of a pipeline.", simpleResolvers: true })
export class PipelineNode {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: "Step kind id from `stepKinds`." }) kind!: string;
  @Field(() => String) label!: string;
  @Field(() => JSONObjectScalar, { description: "Settings, valid against the kind's `configSchema`." })
  config!: Record<string, unknown>;
  @Field(() => Position) position!: Position;
  @Field(() => NodeExecution, { nullable: true }) execution?: NodeExecution;
}

@ObjectType({ description: "Data flows from `source` to `target`.", simpleResolvers: true })
export class PipelineEdge {
  @Field(() => ID) id!: string;
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => String, { nullable: true }) targetHandle?: string;
}

export const ParamType = graphqlEnum("ParamType", ["STRING", "NUMBER", "BOOLEAN"] as const);

@ObjectType({ description: "A typed pipeline parameter; runs may override its default.", simpleResolvers: true })
export class PipelineParam {
  @Field(() => String) name!: string;
  @Field(() => ParamType) type!: "STRING" | "NUMBER" | "BOOLEAN";
  @Field(() => JSONScalar, { nullable: true, description: "A string, number or boolean." }) default!:
    string | number | boolean | null;
  @Field(() => String) description!: string;
}

@ObjectType({ description: "A pipeline: a DAG of steps, versioned for optimistic concurrency.", simpleResolvers: true })
export class Pipeline {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) description!: string;
  @Field(() => [PipelineNode]) nodes!: PipelineNode[];
  @Field(() => [PipelineEdge]) edges!: PipelineEdge[];
  @Field(() => [PipelineParam]) params!: PipelineParam[];
  @Field(() => Schedule, { nullable: true }) schedule!: ScheduleSpec | null;
  @Field(() => [String]) tags!: string[];
  @Field(() => Int, { description: "Increments on every update; pass it back as `expectedVersion`." }) version!: number;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType({ simpleResolvers: true })
export class PipelineConnection extends Connection(Pipeline) {}

export const DagIssueCodeEnum = graphqlEnum("DagIssueCode", [
  "DUPLICATE_NODE_ID",
  "DUPLICATE_EDGE_ID",
  "INVALID_ID",
  "DANGLING_EDGE",
  "SELF_LOOP",
  "DUPLICATE_EDGE",
  "CYCLE",
  "UNKNOWN_STEP_KIND",
  "INVALID_CONFIG",
  "TOO_MANY_INPUTS",
  "MISSING_INPUT",
] as const satisfies readonly DagIssueCode[]);

@ObjectType({ description: "One problem with a pipeline's DAG, naming the nodes and edges involved." })
export class DagIssue {
  @Field(() => DagIssueCodeEnum) code!: DagIssueCode;
  @Field(() => String) message!: string;
  @Field(() => [ID]) nodeIds!: string[];
  @Field(() => [ID]) edgeIds!: string[];
  @Field(() => String, { nullable: true, description: "JSON pointer into the node's config (INVALID_CONFIG)." })
  field?: string;
}

@ObjectType({ description: "The pipeline was not saved: its DAG is invalid." })
export class InvalidPipeline {
  @Field(() => String) message!: string;
  @Field(() => [DagIssue]) issues!: DagIssue[];
}

@ObjectType({ description: "The pipeline was not saved: someone saved a newer version first." })
export class VersionConflict {
  @Field(() => String) message!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => Int) currentVersion!: number;
  @Field(() => Pipeline, { description: "The version now stored, to reload or merge." }) current!: Pipeline;
}

export const SavePipelineResult = createUnionType({
  name: "SavePipelineResult",
  types: () => [Pipeline, InvalidPipeline, VersionConflict] as const,
  resolveType: (value) => {
    if ("issues" in value) return InvalidPipeline;
    if ("currentVersion" in value) return VersionConflict;
    return Pipeline;
  },
});

@ObjectType()
export class DeletePipelinePayload {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: "Runs (and their events) deleted with the pipeline." }) deletedRuns!: number;
}
