import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import { LOG_LEVELS, type LogLevel as LogLevelName } from "../store/records.js";

export const LogLevel = graphqlEnum("LogLevel", LOG_LEVELS);

@ObjectType({ description: "A line of Millrace's own log (engine, API, pipeline steps)." })
export class LogEntry {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar, { name: "at" }) createdAt!: Date;
  @Field(() => LogLevel) level!: LogLevelName;
  @Field(() => String, { description: 'What wrote it: "engine", "api", "pipeline:<id>"…' }) source!: string;
  @Field(() => String) message!: string;
  @Field(() => ID, { nullable: true }) runId!: string | null;
  @Field(() => ID, { nullable: true }) nodeId!: string | null;
  @Field(() => ID, { nullable: true }) pipelineId!: string | null;
}

@ObjectType()
export class LogConnection extends Connection(LogEntry) {}

@InputType()
export class LogFilterInput {
  @Field(() => LogLevel, { nullable: true, description: "Minimum level." }) level?: LogLevelName;
  @Field(() => String, { nullable: true }) source?: string;
  @Field(() => ID, { nullable: true }) runId?: string;
  @Field(() => String, { nullable: true }) messageContains?: string;
}
