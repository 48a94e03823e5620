import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from "type-graphql";
import { compact } from "../common/compact.js";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { BadInputError } from "../common/errors.js";
import { PagingArgs } from "../common/paging-args.js";
import { Pipeline } from "../pipelines/pipeline.type.js";
import type { RequestContext } from "../server/context.js";
import type { PipelineRecord, RunRecord } from "../store/records.js";
import type { RunEvent as RunEventRecord } from "./run-state.js";
import { RunFilterInput } from "./run.input.js";
import type { RunService } from "./run.service.js";
import type { RunEngine } from "../engine/run-engine.js";
import { JSONObjectScalar } from "../common/scalars.js";
import { PipelineRun, RunConnection, RunEvent, StepOutputPreview } from "./run.type.js";
import type { StepOutputPreview as StepOutputPreviewValue, StepOutputService } from "./step-output.service.js";

const MAX_EVENTS_PAGE = 1000;

@Resolver(() => PipelineRun)
export class RunResolver {
  constructor(
    private readonly runService: RunService,
    private readonly engine: RunEngine,
    private readonly outputs: StepOutputService,
  ) {}

  @Authorized("EDITOR")
  @Mutation(() => PipelineRun, {
    description:
      "Starts a run of the pipeline's current version and returns it at once (QUEUED); subscribe to runEvents(runId, after: 0) to follow it.",
  })
  runPipeline(
    @Arg("pipelineId", () => ID) pipelineId: string,
    @Arg("params", () => JSONObjectScalar, {
      nullable: true,
      description: "Values for the pipeline's declared params.",
    })
    params: Record<string, unknown> | null,
  ): Promise<RunRecord> {
    return this.engine.runPipeline(pipelineId, params, "MANUAL");
  }

  @Authorized("EDITOR")
  @Mutation(() => PipelineRun, { description: "Cancels a run: running steps are aborted, pending ones CANCELLED." })
  cancelRun(@Arg("runId", () => ID) runId: string): Promise<RunRecord> {
    return this.engine.cancel(runId);
  }

  @Authorized("EDITOR")
  @Mutation(() => PipelineRun, {
    description:
      "Runs a finished run again as a new run (same DAG snapshot and params). With fromFailed, succeeded steps keep their outputs.",
  })
  retryRun(
    @Arg("runId", () => ID) runId: string,
    @Arg("fromFailed", () => Boolean, { defaultValue: true }) fromFailed: boolean,
  ): Promise<RunRecord> {
    return this.engine.retry(runId, fromFailed);
  }

  @Query(() => RunConnection, { description: "Runs, newest first; `pipelineId` is a shorthand for the filter's." })
  async runs(
    @Arg("pipelineId", () => ID, { nullable: true }) pipelineId: string | null,
    @Arg("filter", () => RunFilterInput, { nullable: true }) filter: RunFilterInput | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<RunRecord>> {
    const where = compact(filter);
    if (pipelineId != null) where.pipelineId = pipelineId;
    return toConnection(await this.runService.list(where, { first, after }));
  }

  @Query(() => PipelineRun)
  run(@Arg("id", () => ID) id: string): Promise<RunRecord> {
    return this.runService.get(id);
  }

  @Query(() => StepOutputPreview, { description: "Schema and first rows of a finished step's output." })
  stepOutputPreview(
    @Arg("runId", () => ID) runId: string,
    @Arg("nodeId", () => ID) nodeId: string,
    @Arg("limit", () => Int, { defaultValue: 50 }) limit: number,
  ): Promise<StepOutputPreviewValue> {
    return this.outputs.preview(runId, nodeId, limit);
  }

  @FieldResolver(() => [RunEvent], { description: "Stored events with seq > after, ascending." })
  events(
    @Root() run: RunRecord,
    @Arg("after", () => Int, { defaultValue: 0 }) after: number,
    @Arg("first", () => Int, { defaultValue: 500 }) first: number,
  ): Promise<RunEventRecord[]> {
    checkAfter(after);
    if (!Number.isInteger(first) || first < 1 || first > MAX_EVENTS_PAGE) {
      throw new BadInputError("first", `must be an integer from 1 to ${MAX_EVENTS_PAGE}`);
    }
    return this.runService.events(run.id, after, first);
  }

  @FieldResolver(() => Pipeline, { nullable: true, description: "The pipeline now (null if deleted since)." })
  pipeline(@Root() run: RunRecord, @Ctx() ctx: RequestContext): Promise<PipelineRecord | null> {
    return ctx.loaders.pipelineById.load(run.pipelineId);
  }

  @Subscription(() => RunEvent, {
    description:
      "Every event of the run with seq > after: stored ones first, then live, in order, none twice. Completes after the run ends.",
    subscribe: ({ args, context }) => {
      const { runId, after } = args as { runId: string; after: number };
      checkAfter(after);
      return (context as RequestContext).services.runs.stream(runId, after);
    },
  })
  runEvents(
    @Root() event: RunEventRecord,
    @Arg("runId", () => ID) _runId: string,
    @Arg("after", () => Int, { defaultValue: 0 }) _after: number,
  ): RunEventRecord {
    return event;
  }

  @Subscription(() => PipelineRun, {
    description: "Run states as they change: of one pipeline, or of all when pipelineId is omitted.",
    subscribe: ({ args, context }) =>
      (context as RequestContext).services.runs.watch((args as { pipelineId?: string | null }).pipelineId ?? undefined),
  })
  pipelineRuns(
    @Root() run: RunRecord,
    @Arg("pipelineId", () => ID, { nullable: true }) _pipelineId: string | null,
  ): RunRecord {
    return run;
  }
}

/** `after` of runEvents and events: a seq, so a non-negative integer (BAD_USER_INPUT otherwise). */
export function checkAfter(after: number): void {
  if (!Number.isInteger(after) || after < 0) throw new BadInputError("after", "must be a non-negative integer");
}
