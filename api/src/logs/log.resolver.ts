import { Arg, Args, ID, Query, Resolver, Root, Subscription } from "type-graphql";
import { compact } from "../common/compact.js";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { PagingArgs } from "../common/paging-args.js";
import type { RequestContext } from "../server/context.js";
import type { LogLevel as LogLevelName, LogRecord } from "../store/records.js";
import type { LogService } from "./log.service.js";
import { LogConnection, LogEntry, LogFilterInput, LogLevel } from "./log.type.js";

@Resolver(() => LogEntry)
export class LogResolver {
  constructor(private readonly logService: LogService) {}

  @Query(() => LogConnection, { description: "Log lines, newest first." })
  async logs(
    @Arg("filter", () => LogFilterInput, { nullable: true }) filter: LogFilterInput | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<LogRecord>> {
    return toConnection(await this.logService.list(compact(filter), { first, after }));
  }

  @Subscription(() => LogEntry, {
    name: "logs",
    description: "Log lines as they are written, at or above `level`, optionally of one source or run.",
    subscribe: ({ args, context }) => (context as RequestContext).services.logs.tail(compact(args as LogFilterInput)),
  })
  tailLogs(
    @Root() line: LogRecord,
    @Arg("level", () => LogLevel, { nullable: true }) _level: LogLevelName | null,
    @Arg("source", () => String, { nullable: true }) _source: string | null,
    @Arg("runId", () => ID, { nullable: true }) _runId: string | null,
  ): LogRecord {
    return line;
  }
}
