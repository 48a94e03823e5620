import { Field, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import {
  CATCH_UP_POLICIES,
  OVERLAP_POLICIES,
  type CatchUpPolicy as CatchUpName,
  type OverlapPolicy as OverlapName,
} from "./schedule-spec.js";

export const OverlapPolicy = graphqlEnum(
  "OverlapPolicy",
  OVERLAP_POLICIES,
  "When a tick finds the previous run still going: SKIP the tick, QUEUE it until that run ends, or ALLOW both.",
);
export const CatchUpPolicy = graphqlEnum(
  "CatchUpPolicy",
  CATCH_UP_POLICIES,
  "Ticks missed while no server ran: NONE, the LATEST one, or ALL (up to catchUpLimit).",
);

@ObjectType({ description: "A cron schedule (croner syntax) with its policies." })
export class Schedule {
  @Field(() => String) cron!: string;
  @Field(() => String, { description: "IANA time zone the cron is read in." }) timezone!: string;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => OverlapPolicy) overlap!: OverlapName;
  @Field(() => CatchUpPolicy) catchUp!: CatchUpName;
  @Field(() => Int) catchUpLimit!: number;
}

@InputType()
export class ScheduleInput {
  @Field(() => String, { description: '5 fields ("0 3 * * *") or 6 with seconds first.' }) cron!: string;
  @Field(() => String, { nullable: true, defaultValue: "UTC" }) timezone?: string;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) enabled?: boolean;
  @Field(() => OverlapPolicy, { nullable: true, defaultValue: "SKIP" }) overlap?: OverlapName;
  @Field(() => CatchUpPolicy, { nullable: true, defaultValue: "LATEST" }) catchUp?: CatchUpName;
  @Field(() => Int, { nullable: true, defaultValue: 10 }) catchUpLimit?: number;
}

export const TickStatus = graphqlEnum("ScheduleTickStatus", ["STARTED", "SKIPPED", "QUEUED", "MISSED"] as const);

@ObjectType({ description: "One schedule tick and what it did (fired exactly once across API processes)." })
export class ScheduleTick {
  @Field(() => String) id!: string;
  @Field(() => String) pipelineId!: string;
  @Field(() => DateTimeScalar, { name: "fireAt" }) createdAt!: Date;
  @Field(() => TickStatus) status!: "STARTED" | "SKIPPED" | "QUEUED" | "MISSED";
  @Field(() => String, { nullable: true }) runId!: string | null;
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class ScheduleTickConnection extends Connection(ScheduleTick) {}
