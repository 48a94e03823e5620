import { Field, ID, InputType } from "type-graphql";
import { DateTimeScalar } from "../common/scalars.js";
import type { RunStatus as RunStatusName, RunTrigger as RunTriggerName } from "./run-state.js";
import { RunStatus, RunTrigger } from "./run.type.js";

@InputType()
export class RunFilterInput {
  @Field(() => ID, { nullable: true }) pipelineId?: string;
  @Field(() => [RunStatus], { nullable: true }) status?: RunStatusName[];
  @Field(() => RunTrigger, { nullable: true }) trigger?: RunTriggerName;
  @Field(() => DateTimeScalar, { nullable: true }) createdAfter?: Date;
  @Field(() => DateTimeScalar, { nullable: true }) createdBefore?: Date;
}
