import { Field, Float, ID, InputType, Int } from "type-graphql";
import { JSONObjectScalar, JSONScalar } from "../common/scalars.js";
import { ParamType } from "./pipeline.type.js";
import { ScheduleInput } from "../schedules/schedule.type.js";

@InputType()
export class PositionInput {
  @Field(() => Float) x!: number;
  @Field(() => Float) y!: number;
}

@InputType()
export class NodeExecutionInput {
  @Field(() => Int, { nullable: true }) maxAttempts?: number;
  @Field(() => Int, { nullable: true }) backoffMs?: number;
  @Field(() => Int, { nullable: true }) timeoutMs?: number;
}

@InputType()
export class PipelineNodeInput {
  @Field(() => ID) id!: string;
  @Field(() => String) kind!: string;
  @Field(() => String, { nullable: true, description: "Defaults to the kind's title." }) label?: string;
  @Field(() => JSONObjectScalar, { nullable: true, description: "Defaults to {}." }) config?: Record<string, unknown>;
  @Field(() => PositionInput, { nullable: true, description: "Defaults to (0, 0)." }) position?: PositionInput;
  @Field(() => NodeExecutionInput, { nullable: true, description: "Retries and timeout; defaults when omitted." })
  execution?: NodeExecutionInput;
}

@InputType()
export class PipelineEdgeInput {
  @Field(() => ID, { nullable: true, description: "Defaults to `<source>-<target>`." }) id?: string;
  @Field(() => ID) source!: string;
  @Field(() => ID) target!: string;
  @Field(() => String, { nullable: true }) targetHandle?: string;
}

@InputType()
export class PipelineParamInput {
  @Field(() => String) name!: string;
  @Field(() => ParamType) type!: "STRING" | "NUMBER" | "BOOLEAN";
  @Field(() => JSONScalar, { nullable: true }) default?: unknown;
  @Field(() => String, { nullable: true }) description?: string;
}

@InputType()
export class CreatePipelineInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => [PipelineNodeInput], { nullable: true }) nodes?: PipelineNodeInput[];
  @Field(() => [PipelineEdgeInput], { nullable: true }) edges?: PipelineEdgeInput[];
  @Field(() => [PipelineParamInput], { nullable: true }) params?: PipelineParamInput[];
  @Field(() => ScheduleInput, { nullable: true }) schedule?: ScheduleInput;
  @Field(() => [String], { nullable: true }) tags?: string[];
}

@InputType({ description: "Fields to change; omitted fields keep their value." })
export class UpdatePipelineInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => [PipelineNodeInput], { nullable: true }) nodes?: PipelineNodeInput[];
  @Field(() => [PipelineEdgeInput], { nullable: true }) edges?: PipelineEdgeInput[];
  @Field(() => [PipelineParamInput], { nullable: true }) params?: PipelineParamInput[];
  @Field(() => ScheduleInput, { nullable: true, description: "null clears the schedule; omitted keeps it." })
  schedule?: ScheduleInput | null;
  @Field(() => [String], { nullable: true }) tags?: string[];
}

@InputType()
export class PipelineFilterInput {
  @Field(() => String, { nullable: true, description: "Exact name." }) name?: string;
  @Field(() => String, { nullable: true, description: "Case-insensitive substring of the name." })
  nameContains?: string;
  @Field(() => String, { nullable: true }) tag?: string;
}
