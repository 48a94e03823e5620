import type { Clock } from "../common/clock.js";
import { NotFoundError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Page, PageRequest, PipelineFilter, PipelineStore, RunStore } from "../store/ports.js";
import type { PipelineRecord } from "../store/records.js";
import type { ScheduleInput } from "../schedules/schedule-spec.js";
import type { StepRegistry } from "../steps/step-registry.js";
import { validateDag, type DagIssue } from "./dag.js";
import {
  checkDescription,
  checkName,
  toEdges,
  toNodes,
  toParams,
  toSchedule,
  toTags,
  type EdgeInput,
  type NodeInput,
  type ParamInput,
  type PipelineFields,
} from "./pipeline-draft.js";

export interface PipelineChanges {
  name?: string | null | undefined;
  description?: string | null | undefined;
  nodes?: readonly NodeInput[] | null | undefined;
  edges?: readonly EdgeInput[] | null | undefined;
  params?: readonly ParamInput[] | null | undefined;
  /** null clears the schedule; undefined keeps it. */
  schedule?: ScheduleInput | null | undefined;
  tags?: readonly string[] | null | undefined;
}

export type SaveOutcome =
  | PipelineRecord
  | { message: string; issues: DagIssue[] }
  | { message: string; expectedVersion: number; currentVersion: number; current: PipelineRecord };

/** Pipeline use cases: CRUD with DAG validation before anything is written, and optimistic concurrency. */
export class PipelineService {
  constructor(
    private readonly pipelines: PipelineStore,
    private readonly runs: RunStore,
    private readonly steps: StepRegistry,
    private readonly clock: Clock,
  ) {}

  list(filter: PipelineFilter, page: PageRequest): Promise<Page<PipelineRecord>> {
    return this.pipelines.list(filter, page);
  }

  async get(id: string): Promise<PipelineRecord> {
    const pipeline = await this.pipelines.get(id);
    if (!pipeline) throw new NotFoundError("Pipeline", id);
    return pipeline;
  }

  /** Creates a pipeline; `id` may be given by trusted callers (the demo seed) for stable, readable ids. */
  async create(input: PipelineChanges & { name: string }, id: string = newId()): Promise<SaveOutcome> {
    const fields = this.fields(input, null);
    const invalid = this.check(fields);
    if (invalid) return invalid;
    const now = this.clock.now();
    const record: PipelineRecord = {
      id,
      ...fields,
      scheduled: fields.schedule?.enabled ?? false,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.pipelines.insert(record);
    return record;
  }

  async update(id: string, expectedVersion: number, changes: PipelineChanges): Promise<SaveOutcome> {
    const current = await this.get(id);
    const fields = this.fields(changes, current);
    const invalid = this.check(fields);
    if (invalid) return invalid;
    if (current.version !== expectedVersion) return conflict(expectedVersion, current);
    const result = await this.pipelines.update(
      id,
      { ...fields, updatedAt: this.clock.now() },
      { ifVersion: expectedVersion },
    );
    if (result === null) throw new NotFoundError("Pipeline", id);
    if ("conflict" in result) return conflict(expectedVersion, await this.get(id));
    return result;
  }

  /** A new pipeline with the same DAG, params, schedule and tags (version 1, no runs). */
  async duplicate(id: string, name: string | null | undefined): Promise<SaveOutcome> {
    const source = await this.get(id);
    return this.create({
      name: name ?? `${source.name} (copy)`,
      description: source.description,
      nodes: source.nodes,
      edges: source.edges,
      params: source.params,
      schedule: source.schedule,
      tags: source.tags,
    });
  }

  /** Deletes the pipeline with its runs and their events. */
  async delete(id: string): Promise<{ id: string; deletedRuns: number }> {
    await this.get(id);
    // Runs first: if the process dies in between, a pipeline without runs is left, never runs without a pipeline.
    const deletedRuns = await this.runs.deleteByPipeline(id);
    if (!(await this.pipelines.delete(id))) throw new NotFoundError("Pipeline", id);
    return { id, deletedRuns };
  }

  private fields(input: PipelineChanges, current: PipelineRecord | null): PipelineFields {
    const titleOf = (kind: string): string | undefined => this.steps.get(kind)?.title;
    return {
      name: input.name != null ? checkName(input.name) : checkName(current?.name ?? ""),
      description: input.description != null ? checkDescription(input.description) : (current?.description ?? ""),
      nodes: input.nodes != null ? toNodes(input.nodes, titleOf) : (current?.nodes ?? []),
      edges: input.edges != null ? toEdges(input.edges) : (current?.edges ?? []),
      params: input.params != null ? toParams(input.params) : (current?.params ?? []),
      schedule: input.schedule !== undefined ? toSchedule(input.schedule) : (current?.schedule ?? null),
      tags: input.tags != null ? toTags(input.tags) : (current?.tags ?? []),
    };
  }

  private check(fields: PipelineFields): { message: string; issues: DagIssue[] } | null {
    const issues = validateDag(fields, this.steps.lookup);
    if (issues.length === 0) return null;
    const first = issues[0]?.message ?? "";
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    return { message: `The pipeline was not saved: ${first}${more}`, issues };
  }
}

function conflict(expectedVersion: number, current: PipelineRecord): SaveOutcome {
  return {
    message: `Version conflict: you edited version ${expectedVersion}, the stored pipeline is at version ${current.version}`,
    expectedVersion,
    currentVersion: current.version,
    current,
  };
}
