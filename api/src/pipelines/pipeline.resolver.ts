import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { compact } from "../common/compact.js";
import { DateTimeScalar } from "../common/scalars.js";
import { nextFireTimes } from "../schedules/schedule-spec.js";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { PagingArgs } from "../common/paging-args.js";
import type { RunService } from "../runs/run.service.js";
import { PipelineRun, RunConnection } from "../runs/run.type.js";
import type { RequestContext } from "../server/context.js";
import type { PipelineRecord, RunRecord } from "../store/records.js";
import { CreatePipelineInput, PipelineFilterInput, UpdatePipelineInput } from "./pipeline.input.js";
import type { PipelineService, SaveOutcome } from "./pipeline.service.js";
import { DeletePipelinePayload, Pipeline, PipelineConnection, SavePipelineResult } from "./pipeline.type.js";

@Resolver(() => Pipeline)
export class PipelineResolver {
  constructor(
    private readonly pipelineService: PipelineService,
    private readonly runService: RunService,
  ) {}

  @Query(() => PipelineConnection, { description: "Pipelines, newest first." })
  async pipelines(
    @Arg("filter", () => PipelineFilterInput, { nullable: true }) filter: PipelineFilterInput | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<PipelineRecord>> {
    return toConnection(await this.pipelineService.list(compact(filter), { first, after }));
  }

  @Query(() => Pipeline)
  pipeline(@Arg("id", () => ID) id: string): Promise<PipelineRecord> {
    return this.pipelineService.get(id);
  }

  @Authorized("EDITOR")
  @Mutation(() => SavePipelineResult, {
    description: "Creates a pipeline; an invalid DAG is returned as InvalidPipeline, nothing saved.",
  })
  createPipeline(@Arg("input", () => CreatePipelineInput) input: CreatePipelineInput): Promise<SaveOutcome> {
    return this.pipelineService.create(input);
  }

  @Authorized("EDITOR")
  @Mutation(() => SavePipelineResult, {
    description:
      "Changes a pipeline if it is still at `expectedVersion` (else VersionConflict); nothing saved when invalid.",
  })
  updatePipeline(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Arg("input", () => UpdatePipelineInput) input: UpdatePipelineInput,
  ): Promise<SaveOutcome> {
    return this.pipelineService.update(id, expectedVersion, input);
  }

  @Authorized("EDITOR")
  @Mutation(() => SavePipelineResult, { description: 'Copies a pipeline under a new name (default "<name> (copy)").' })
  duplicatePipeline(
    @Arg("id", () => ID) id: string,
    @Arg("name", () => String, { nullable: true }) name: string | null,
  ): Promise<SaveOutcome> {
    return this.pipelineService.duplicate(id, name);
  }

  @Authorized("EDITOR")
  @Mutation(() => DeletePipelinePayload, { description: "Deletes a pipeline with all its runs and their events." })
  deletePipeline(@Arg("id", () => ID) id: string): Promise<DeletePipelinePayload> {
    return this.pipelineService.delete(id);
  }

  @FieldResolver(() => [DateTimeScalar], {
    description: "When the schedule fires next (empty without an enabled schedule).",
  })
  nextFireTimes(@Root() pipeline: PipelineRecord, @Arg("count", () => Int, { defaultValue: 5 }) count: number): Date[] {
    if (!pipeline.schedule?.enabled) return [];
    return nextFireTimes(pipeline.schedule, new Date(), Math.min(Math.max(1, count), 100));
  }

  @FieldResolver(() => Int, { description: "How many steps the pipeline has." })
  nodeCount(@Root() pipeline: PipelineRecord): number {
    return pipeline.nodes.length;
  }

  @FieldResolver(() => PipelineRun, { nullable: true, description: "The newest run." })
  lastRun(@Root() pipeline: PipelineRecord, @Ctx() ctx: RequestContext): Promise<RunRecord | null> {
    return ctx.loaders.lastRunByPipeline.load(pipeline.id);
  }

  @FieldResolver(() => RunConnection, { description: "Runs of this pipeline, newest first." })
  async runs(
    @Root() pipeline: PipelineRecord,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<RunRecord>> {
    return toConnection(await this.runService.list({ pipelineId: pipeline.id }, { first, after }));
  }
}
