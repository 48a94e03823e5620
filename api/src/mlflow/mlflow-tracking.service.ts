/**
 * MLflow tracking on Millrace data: MLflow experiments are experiment groups, MLflow runs are Millrace
 * experiments (source MLFLOW) with params, tags, latest metrics on the record and metric histories by step in the
 * metric store. Every change is announced, so GraphQL subscribers see runs as they are logged.
 */
import type { Clock } from "../common/clock.js";
import { DomainError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import type { ExperimentService } from "../experiments/experiment.service.js";
import { isTerminal } from "../experiments/progress-hub.js";
import type { ExperimentGroupStore, ExperimentMetricStore, ExperimentStore, LoggedModelStore } from "../store/ports.js";
import type { ExperimentGroupRecord, ExperimentRecord, LoggedModelRecord, MetricPoint } from "../store/records.js";
import { KeyedMutex } from "./keyed-mutex.js";
import { alreadyExists, doesNotExist, invalidParameter, type MlflowError } from "./mlflow-errors.js";
import {
  DEFAULT_GROUP_ID,
  DEFAULT_GROUP_NAME,
  groupArtifactLocation,
  loggedModelArtifactUri,
  newGroupId,
  newLoggedModelId,
  newRunId,
  randomRunName,
  runArtifactUri,
} from "./mlflow-ids.js";
import { pageOf, type KeyValue } from "./mlflow-request.js";
import { compare, parseFilter, parseOrderBy, sortBy, type Clause, type OrderBy } from "./mlflow-search.js";
import { doubleJson, jobStatusOf, runStatusOf, type RunStatus } from "./mlflow-views.js";

export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, total: 1000 } as const;
const RUN_NAME_TAG = "mlflow.runName";
const USER_TAG = "mlflow.user";
const LIST_PAGE = 500;

export type ViewType = "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";

export interface TrackingDeps {
  groups: ExperimentGroupStore;
  experiments: ExperimentStore;
  metrics: ExperimentMetricStore;
  loggedModels: LoggedModelStore;
  /** Announces changes to GraphQL subscribers. */
  experimentService: ExperimentService;
  clock: Clock;
  logger: Logger;
}

export interface RunChanges {
  metrics?: MetricPoint[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

export function viewTypeOf(value: string | undefined): ViewType {
  if (value === undefined || value === "" || value === "ACTIVE_ONLY" || value === "1") return "ACTIVE_ONLY";
  if (value === "DELETED_ONLY" || value === "2") return "DELETED_ONLY";
  if (value === "ALL" || value === "3") return "ALL";
  throw invalidParameter(`Invalid view type '${value}'`);
}

function inView(stage: "active" | "deleted" | undefined, view: ViewType): boolean {
  const actual = stage ?? "active";
  return view === "ALL" || (view === "ACTIVE_ONLY" ? actual === "active" : actual === "deleted");
}

export class MlflowTrackingService {
  private readonly locks = new KeyedMutex();

  constructor(private readonly deps: TrackingDeps) {}

  // ---- experiments (groups) ----

  async getGroup(id: string): Promise<ExperimentGroupRecord> {
    if (id === DEFAULT_GROUP_ID) return this.ensureDefault();
    const found = await this.deps.groups.get(id);
    if (!found) throw doesNotExist(`No Experiment with id=${id} exists`);
    return found;
  }

  async getGroupByName(name: string): Promise<ExperimentGroupRecord> {
    if (name === DEFAULT_GROUP_NAME) await this.ensureDefault();
    const found = (await this.deps.groups.list({ name }, { first: 1 })).items[0];
    if (!found) throw doesNotExist(`Could not find experiment with name '${name}'`);
    return found;
  }

  /** Artifacts always go through Millrace's proxy into the ArtifactStore: a client's artifact_location is not used. */
  async createGroup(name: string, tags: KeyValue[]): Promise<string> {
    if (name.trim() === "") throw invalidParameter("Invalid experiment name: ''");
    if (name.length > 500) throw invalidParameter("Experiment name exceeds the maximum length of 500 characters");
    await this.ensureDefault();
    if ((await this.deps.groups.count({ name })) > 0) throw alreadyExists(`Experiment '${name}' already exists.`);
    const id = newGroupId();
    const now = this.deps.clock.now();
    const record: ExperimentGroupRecord = {
      id,
      name,
      artifactLocation: groupArtifactLocation(id),
      lifecycleStage: "active",
      tags: Object.fromEntries(tags.map((t) => [t.key, t.value])),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.groups.insert(record);
    } catch (error) {
      if (error instanceof DomainError && error.code === "CONFLICT")
        throw alreadyExists(`Experiment '${name}' already exists.`);
      throw error;
    }
    this.deps.logger.info({ experimentGroup: id, name }, "MLflow experiment created");
    return id;
  }

  async searchGroups(args: {
    view: ViewType;
    filter?: string | undefined;
    orderBy: string[];
    maxResults: number;
    pageToken?: string | undefined;
  }): Promise<{ items: ExperimentGroupRecord[]; nextPageToken: string | null }> {
    await this.ensureDefault();
    const clauses = parseFilter(args.filter);
    const all: ExperimentGroupRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.deps.groups.list({}, { first: LIST_PAGE, after });
      all.push(...page.items);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    const matching = all.filter(
      (g) => inView(g.lifecycleStage, args.view) && clauses.every((c) => compare(c, groupValue(g, c))),
    );
    const orders = parseOrderBy(args.orderBy);
    const sorted = sortBy(
      matching,
      orders.length > 0 ? orders : [{ entity: "attribute", key: "creation_time", ascending: false }],
      (g, o) => groupValue(g, o),
      (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return pageOf(sorted, args.maxResults, args.pageToken);
  }

  async renameGroup(id: string, newName: string): Promise<void> {
    const group = await this.getGroup(id);
    if (newName.trim() === "") throw invalidParameter("Invalid experiment name: ''");
    if (group.lifecycleStage !== "active") throw invalidParameter("Cannot rename a non-active experiment.");
    if (newName === group.name) return;
    if ((await this.deps.groups.count({ name: newName })) > 0)
      throw alreadyExists(`Experiment '${newName}' already exists.`);
    await this.deps.groups.update(id, { name: newName, updatedAt: this.deps.clock.now() });
    for (const run of await this.runsOf([id])) await this.patchRun(run.id, () => ({ group: newName }));
  }

  async setGroupLifecycle(id: string, stage: "active" | "deleted"): Promise<void> {
    const group = await this.getGroup(id);
    if (id === DEFAULT_GROUP_ID && stage === "deleted")
      throw invalidParameter("Cannot delete the default experiment '0'. This is an internally reserved experiment.");
    if (group.lifecycleStage === stage) {
      if (stage === "active") throw invalidParameter(`Cannot restore an active experiment: ${id}`);
      throw invalidParameter(`Cannot delete an already deleted experiment: ${id}`);
    }
    await this.deps.groups.update(id, { lifecycleStage: stage, updatedAt: this.deps.clock.now() });
    for (const run of await this.runsOf([id])) await this.patchRun(run.id, () => ({ lifecycleStage: stage }));
  }

  async setGroupTag(id: string, tag: KeyValue | { key: string; value: null }): Promise<void> {
    const group = await this.getGroup(id);
    if (group.lifecycleStage !== "active")
      throw invalidParameter(`The experiment ${id} must be in the 'active' state.`);
    await this.locks.run(`group:${id}`, async () => {
      const current = await this.getGroup(id);
      const tags = { ...current.tags };
      if (tag.value === null) {
        if (!(tag.key in tags)) throw doesNotExist(`No tag with name: ${tag.key} in experiment with id ${id}`);
        delete tags[tag.key];
      } else tags[tag.key] = tag.value;
      await this.deps.groups.update(id, { tags, updatedAt: this.deps.clock.now() });
    });
  }

  // ---- runs (Millrace experiments) ----

  async createRun(args: {
    groupId: string;
    userId: string | undefined;
    startTime: number | undefined;
    tags: KeyValue[];
    runName: string | undefined;
  }): Promise<ExperimentRecord> {
    const group = await this.getGroup(args.groupId);
    if (group.lifecycleStage !== "active")
      throw invalidParameter(`The experiment ${group.id} must be in the 'active' state.`);
    const tags = Object.fromEntries(args.tags.map((t) => [t.key, t.value]));
    const tagName = tags[RUN_NAME_TAG];
    if (args.runName && tagName && args.runName !== tagName)
      throw invalidParameter(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${args.runName}', mlflow.runName='${tagName}').`,
      );
    const name = args.runName || tagName || randomRunName();
    tags[RUN_NAME_TAG] = name;
    const id = newRunId();
    const now = this.deps.clock.now();
    const started = args.startTime !== undefined ? new Date(args.startTime) : now;
    const userId = args.userId ?? tags[USER_TAG] ?? null;
    const record: ExperimentRecord = {
      id,
      name,
      status: "RUNNING",
      algorithm: "mlflow",
      datasetId: null,
      runId: null,
      nodeId: null,
      target: null,
      features: [],
      params: {},
      metrics: {},
      confusionMatrix: null,
      classLabels: [],
      tags,
      source: "MLFLOW",
      error: null,
      createdAt: started,
      startedAt: started,
      finishedAt: null,
      durationMs: null,
      stage: "LOGGING",
      groupId: group.id,
      group: group.name,
      lifecycleStage: "active",
      artifactUri: runArtifactUri(group.id, id),
      userId,
      inputs: [],
    };
    await this.deps.experiments.insert(record);
    await this.deps.experimentService.announce(record, "run started");
    return record;
  }

  async getRun(id: string): Promise<ExperimentRecord> {
    const found = await this.deps.experiments.get(id);
    if (!found || found.source !== "MLFLOW") throw doesNotExist(`Run with id=${id} not found`);
    return found;
  }

  async updateRun(
    id: string,
    args: { status?: RunStatus | undefined; endTime?: number | undefined; runName?: string | undefined },
  ): Promise<ExperimentRecord> {
    return this.patchRun(
      id,
      (run) => {
        checkActive(run);
        const patch: Partial<ExperimentRecord> = {};
        if (args.status !== undefined) {
          patch.status = jobStatusOf(args.status);
          if (isTerminal(patch.status)) {
            const end = args.endTime !== undefined ? new Date(args.endTime) : this.deps.clock.now();
            patch.finishedAt = end;
            patch.durationMs = end.getTime() - (run.startedAt ?? run.createdAt).getTime();
            patch.stage = "DONE";
          } else {
            patch.finishedAt = null;
            patch.durationMs = null;
            patch.stage = "LOGGING";
          }
        } else if (args.endTime !== undefined) {
          patch.finishedAt = new Date(args.endTime);
          patch.durationMs = args.endTime - (run.startedAt ?? run.createdAt).getTime();
        }
        if (args.runName !== undefined && args.runName !== "") {
          patch.name = args.runName;
          patch.tags = { ...run.tags, [RUN_NAME_TAG]: args.runName };
        }
        return patch;
      },
      args.status !== undefined ? `run ${args.status.toLowerCase()}` : null,
    );
  }

  /** log-metric, log-parameter, set-tag and log-batch: params are immutable, metrics append to their histories. */
  async logToRun(id: string, changes: RunChanges): Promise<void> {
    const metrics = changes.metrics ?? [];
    const params = changes.params ?? [];
    const tags = changes.tags ?? [];
    checkBatchLimits(metrics.length, params.length, tags.length);
    const batchParams = new Map<string, string>();
    for (const p of params) {
      const seen = batchParams.get(p.key);
      if (seen !== undefined && seen !== p.value)
        throw invalidParameter(
          `Duplicate parameter keys have been submitted: '${p.key}'. Please ensure the request contains only one param value per param key.`,
        );
      batchParams.set(p.key, p.value);
    }
    await this.patchRun(
      id,
      async (run) => {
        checkActive(run);
        for (const [key, value] of batchParams) {
          const existing = run.params[key];
          if (existing !== undefined && existing !== value)
            throw invalidParameter(
              `Changing param values is not allowed. Param with key='${key}' was already logged with value='${textOf(existing)}' for run ID='${run.id}'. Attempted logging new value '${value}'.`,
            );
        }
        const patch: Partial<ExperimentRecord> = {};
        if (metrics.length > 0) {
          await this.deps.metrics.append(run.id, metrics);
          const latest = await this.deps.metrics.latest(run.id, [...new Set(metrics.map((m) => m.key))]);
          const values = { ...run.metrics };
          const points = { ...run.latestMetrics };
          for (const [key, point] of latest) {
            if (Number.isFinite(point.value)) values[key] = point.value;
            else delete values[key];
            points[key] = { value: doubleJson(point.value), step: point.step, timestamp: point.timestamp };
          }
          patch.metrics = values;
          patch.latestMetrics = points;
        }
        if (batchParams.size > 0) patch.params = { ...run.params, ...Object.fromEntries(batchParams) };
        if (tags.length > 0) {
          const next = { ...run.tags };
          for (const t of tags) next[t.key] = t.value;
          patch.tags = next;
          const renamed = next[RUN_NAME_TAG];
          if (renamed !== undefined && renamed !== run.name) patch.name = renamed;
        }
        return patch;
      },
      describeChanges(metrics.length, batchParams.size, tags.length),
    );
  }

  async deleteRunTag(id: string, key: string): Promise<void> {
    await this.patchRun(id, (run) => {
      checkActive(run);
      if (!(key in run.tags)) throw doesNotExist(`No tag with name: ${key} in run with id ${id}`);
      const tags = { ...run.tags };
      delete tags[key];
      return { tags };
    });
  }

  async logInputs(id: string, datasets: Record<string, unknown>[]): Promise<void> {
    if (datasets.length === 0) return;
    await this.patchRun(id, (run) => {
      checkActive(run);
      const known = new Set((run.inputs ?? []).map((d) => JSON.stringify(d)));
      const added = datasets.filter((d) => !known.has(JSON.stringify(d)));
      return added.length === 0 ? {} : { inputs: [...(run.inputs ?? []), ...added] };
    });
  }

  async setRunLifecycle(id: string, stage: "active" | "deleted"): Promise<void> {
    await this.patchRun(id, () => ({ lifecycleStage: stage }), stage === "deleted" ? "run deleted" : "run restored");
  }

  async metricHistory(
    runId: string,
    key: string,
    maxResults: number,
    pageToken: string | undefined,
  ): Promise<{ items: MetricPoint[]; nextPageToken: string | null }> {
    await this.getRun(runId);
    const page = await this.deps.metrics.history(runId, key, { first: maxResults, after: pageToken ?? null });
    return { items: page.items, nextPageToken: page.endCursor };
  }

  /** Each metric's latest point: kept on the record, else (records written without it) from the histories. */
  async latestMetrics(run: ExperimentRecord): Promise<Map<string, MetricPoint>> {
    if (!run.latestMetrics) return this.deps.metrics.latest(run.id);
    return new Map(
      Object.entries(run.latestMetrics).map(([key, p]) => [
        key,
        { key, value: typeof p.value === "number" ? p.value : Number(p.value), step: p.step, timestamp: p.timestamp },
      ]),
    );
  }

  async searchRuns(args: {
    groupIds: string[];
    filter?: string | undefined;
    view: ViewType;
    orderBy: string[];
    maxResults: number;
    pageToken?: string | undefined;
  }): Promise<{ items: ExperimentRecord[]; nextPageToken: string | null }> {
    const clauses = parseFilter(args.filter);
    const orders = parseOrderBy(args.orderBy);
    const runs = (await this.runsOf(args.groupIds)).filter(
      (run) => inView(run.lifecycleStage, args.view) && clauses.every((c) => compare(c, runValue(run, c))),
    );
    const sorted = sortBy(
      runs,
      [...orders, { entity: "attribute", key: "start_time", ascending: false }],
      (run, order) => runValue(run, order),
      (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    return pageOf(sorted, args.maxResults, args.pageToken);
  }

  // ---- logged models (MLflow 3) ----

  async createLoggedModel(args: {
    groupId: string;
    name: string | undefined;
    modelType: string | undefined;
    sourceRunId: string | undefined;
    params: KeyValue[];
    tags: KeyValue[];
  }): Promise<LoggedModelRecord> {
    const group = await this.getGroup(args.groupId);
    if (args.sourceRunId) await this.getRun(args.sourceRunId);
    const id = newLoggedModelId();
    const now = this.deps.clock.now();
    const record: LoggedModelRecord = {
      id,
      name: args.name ?? "model",
      groupId: group.id,
      experimentId: args.sourceRunId ?? null,
      artifactUri: loggedModelArtifactUri(group.id, id),
      status: "PENDING",
      statusMessage: null,
      modelType: args.modelType ?? null,
      sourceRunId: args.sourceRunId ?? null,
      params: Object.fromEntries(args.params.map((p) => [p.key, p.value])),
      tags: Object.fromEntries(args.tags.map((t) => [t.key, t.value])),
      lifecycleStage: "active",
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.loggedModels.insert(record);
    return record;
  }

  async getLoggedModel(id: string, allowDeleted = false): Promise<LoggedModelRecord> {
    const found = await this.deps.loggedModels.get(id);
    if (!found || (found.lifecycleStage === "deleted" && !allowDeleted))
      throw doesNotExist(`Logged model with ID '${id}' not found.`);
    return found;
  }

  async updateLoggedModel(
    id: string,
    change: (model: LoggedModelRecord) => Partial<LoggedModelRecord>,
  ): Promise<LoggedModelRecord> {
    return this.locks.run(`model:${id}`, async () => {
      const current = await this.getLoggedModel(id);
      const updated = await this.deps.loggedModels.update(id, { ...change(current), updatedAt: this.deps.clock.now() });
      if (!updated || "conflict" in updated) throw doesNotExist(`Logged model with ID '${id}' not found.`);
      return updated;
    });
  }

  async searchLoggedModels(args: {
    groupIds: string[];
    filter?: string | undefined;
    orderBy: string[];
    maxResults: number;
    pageToken?: string | undefined;
  }): Promise<{ items: LoggedModelRecord[]; nextPageToken: string | null }> {
    const clauses = parseFilter(args.filter);
    const all: LoggedModelRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.deps.loggedModels.list({ groupIds: args.groupIds }, { first: LIST_PAGE, after });
      all.push(...page.items);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    const matching = all.filter(
      (m) => m.lifecycleStage === "active" && clauses.every((c) => compare(c, loggedModelValue(m, c))),
    );
    const orders = parseOrderBy(args.orderBy);
    const sorted = sortBy(
      matching,
      orders.length > 0 ? orders : [{ entity: "attribute", key: "creation_timestamp", ascending: false }],
      (m, o) => loggedModelValue(m, o),
      (a, b) => (a.id < b.id ? -1 : 1),
    );
    return pageOf(sorted, args.maxResults, args.pageToken);
  }

  /** The logged models a run produced (log_outputs or source_run_id). */
  async outputsOf(runId: string): Promise<LoggedModelRecord[]> {
    return (await this.deps.loggedModels.list({ experimentId: runId }, { first: LIST_PAGE })).items.filter(
      (m) => m.lifecycleStage === "active",
    );
  }

  async logOutputs(runId: string, modelIds: string[]): Promise<void> {
    await this.getRun(runId);
    for (const modelId of modelIds) {
      const model = await this.getLoggedModel(modelId);
      if (model.experimentId !== runId) await this.updateLoggedModel(modelId, () => ({ experimentId: runId }));
    }
  }

  // ---- helpers ----

  private async ensureDefault(): Promise<ExperimentGroupRecord> {
    const existing = await this.deps.groups.get(DEFAULT_GROUP_ID);
    if (existing) return existing;
    const now = this.deps.clock.now();
    const record: ExperimentGroupRecord = {
      id: DEFAULT_GROUP_ID,
      name: DEFAULT_GROUP_NAME,
      artifactLocation: groupArtifactLocation(DEFAULT_GROUP_ID),
      lifecycleStage: "active",
      tags: {},
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.groups.insert(record);
      return record;
    } catch (error) {
      // Another request (or process) made it first.
      const raced = await this.deps.groups.get(DEFAULT_GROUP_ID);
      if (raced) return raced;
      throw error;
    }
  }

  private async runsOf(groupIds: readonly string[]): Promise<ExperimentRecord[]> {
    if (groupIds.length === 0) return [];
    const runs: ExperimentRecord[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.deps.experiments.list({ source: "MLFLOW", groupIds }, { first: LIST_PAGE, after });
      runs.push(...page.items);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    return runs;
  }

  /** Read-modify-write of one run, one at a time per run in this process; announces the result. */
  private patchRun(
    id: string,
    change: (run: ExperimentRecord) => Partial<ExperimentRecord> | Promise<Partial<ExperimentRecord>>,
    message: string | null = null,
  ): Promise<ExperimentRecord> {
    return this.locks.run(`run:${id}`, async () => {
      const run = await this.getRun(id);
      const patch = await change(run);
      if (Object.keys(patch).length === 0) return run;
      const updated = await this.deps.experiments.update(id, patch);
      if (!updated || "conflict" in updated) throw doesNotExist(`Run with id=${id} not found`);
      await this.deps.experimentService.announce(updated, message).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, experimentId: id }, "could not announce an MLflow run change");
      });
      return updated;
    });
  }
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function checkActive(run: ExperimentRecord): void {
  if ((run.lifecycleStage ?? "active") !== "active")
    throw invalidParameter(`The run ${run.id} must be in the 'active' state. Current state is deleted.`);
}

export function checkBatchLimits(metrics: number, params: number, tags: number): void {
  const over = (what: string, got: number, limit: number): MlflowError =>
    invalidParameter(
      `A batch logging request can contain at most ${limit} ${what}. Got ${got} ${what}. Please split up ${what} across multiple requests and try again.`,
    );
  if (metrics > LOG_BATCH_LIMITS.metrics) throw over("metrics", metrics, LOG_BATCH_LIMITS.metrics);
  if (params > LOG_BATCH_LIMITS.params) throw over("params", params, LOG_BATCH_LIMITS.params);
  if (tags > LOG_BATCH_LIMITS.tags) throw over("tags", tags, LOG_BATCH_LIMITS.tags);
  const total = metrics + params + tags;
  if (total > LOG_BATCH_LIMITS.total)
    throw invalidParameter(
      `A batch logging request can contain at most ${LOG_BATCH_LIMITS.total} metrics, params, and tags in total. Got ${total}.`,
    );
}

function describeChanges(metrics: number, params: number, tags: number): string {
  const parts = [
    metrics > 0 ? `${metrics} metric value${metrics === 1 ? "" : "s"}` : "",
    params > 0 ? `${params} param${params === 1 ? "" : "s"}` : "",
    tags > 0 ? `${tags} tag${tags === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `logged ${parts.join(", ")}` : "logged";
}

type Keyed = Pick<Clause, "entity" | "key"> | OrderBy;

function groupValue(group: ExperimentGroupRecord, c: Keyed): string | number | undefined {
  if (c.entity === "tag") return group.tags[c.key];
  if (c.entity !== "attribute") return undefined;
  switch (c.key) {
    case "name":
      return group.name;
    case "experiment_id":
      return group.id;
    case "creation_time":
      return group.createdAt.getTime();
    case "last_update_time":
      return group.updatedAt.getTime();
    case "lifecycle_stage":
      return group.lifecycleStage;
    default:
      throw invalidParameter(`Invalid attribute key '${c.key}' specified for experiments.`);
  }
}

function runValue(run: ExperimentRecord, c: Keyed): string | number | undefined {
  switch (c.entity) {
    case "param": {
      const value = run.params[c.key];
      return value === undefined ? undefined : textOf(value);
    }
    case "metric":
      return run.metrics[c.key];
    case "tag":
      return run.tags[c.key];
    case "dataset":
      return undefined;
    case "attribute":
      switch (c.key) {
        case "status":
          return runStatusOf(run.status);
        case "run_name":
        case "runName":
          return run.name;
        case "run_id":
        case "run_uuid":
          return run.id;
        case "user_id":
          return run.userId ?? undefined;
        case "start_time":
        case "created":
        case "Created":
          return (run.startedAt ?? run.createdAt).getTime();
        case "end_time":
          return run.finishedAt?.getTime();
        case "artifact_uri":
          return run.artifactUri ?? undefined;
        case "lifecycle_stage":
          return run.lifecycleStage ?? "active";
        case "experiment_id":
          return run.groupId ?? undefined;
        default:
          throw invalidParameter(`Invalid attribute key '${c.key}' specified for runs.`);
      }
  }
}

function loggedModelValue(model: LoggedModelRecord, c: Keyed): string | number | undefined {
  if (c.entity === "tag") return model.tags[c.key];
  if (c.entity === "param") return model.params[c.key];
  if (c.entity !== "attribute") return undefined;
  switch (c.key) {
    case "name":
      return model.name;
    case "model_id":
      return model.id;
    case "model_type":
      return model.modelType ?? undefined;
    case "status":
      return model.status;
    case "source_run_id":
      return model.sourceRunId ?? undefined;
    case "creation_timestamp":
    case "creation_time":
      return model.createdAt.getTime();
    case "last_updated_timestamp":
      return model.updatedAt.getTime();
    default:
      throw invalidParameter(`Invalid attribute key '${c.key}' specified for logged models.`);
  }
}
