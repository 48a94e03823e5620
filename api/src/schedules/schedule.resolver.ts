import { Arg, Args, ID, Query, Resolver } from "type-graphql";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { PagingArgs } from "../common/paging-args.js";
import type { ScheduleTickStore } from "../store/ports.js";
import type { ScheduleTickRecord } from "../store/records.js";
import { ScheduleTick, ScheduleTickConnection } from "./schedule.type.js";

@Resolver(() => ScheduleTick)
export class ScheduleResolver {
  constructor(private readonly ticks: ScheduleTickStore) {}

  @Query(() => ScheduleTickConnection, { description: "A pipeline's schedule ticks, newest first." })
  async scheduleTicks(
    @Arg("pipelineId", () => ID) pipelineId: string,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<ScheduleTickRecord>> {
    return toConnection(await this.ticks.list({ pipelineId }, { first, after }));
  }
}
