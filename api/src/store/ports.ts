/**
 * Storage ports. The core and the services depend on these interfaces only; `store/sqlite` and `store/mongo`
 * implement them, and `tests/contract` runs one suite against both.
 */
import type { NewRunEvent, RunEvent, RunStatus, RunTrigger } from "../runs/run-state.js";
import type {
  AutoMLRunRecord,
  DatasetRecord,
  ExperimentGroupRecord,
  ExperimentRecord,
  JobStatus,
  LoggedModelRecord,
  MetricPoint,
  LogLevel,
  LogRecord,
  ModelRecord,
  PipelineRecord,
  RegisteredModelRecord,
  DeliveryStatus,
  WebhookDeliveryRecord,
  WebhookRecord,
  ScheduleTickRecord,
  UserRecord,
  RefreshTokenRecord,
  ApiTokenRecord,
  RunRecord,
  ValidationRecord,
  ValidationStatus,
} from "./records.js";

export interface PageRequest {
  /** How many items, 1..500. */
  first: number;
  /** An opaque cursor from a previous page's `endCursor`. */
  after?: string | null | undefined;
}

export interface Page<T> {
  items: T[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}

/** Result of a conditional update whose `ifVersion` no longer matched. */
export interface VersionConflict {
  conflict: true;
  current: number;
}

/**
 * Generic keyed store of one aggregate, listed newest first (createdAt desc, id desc) with cursor pagination.
 * Filter values are data, never query operators: a non-scalar value is rejected with BAD_USER_INPUT.
 */
export interface EntityStore<T extends { id: string; createdAt: Date }, F> {
  /** Inserts a new record; throws a CONFLICT DomainError when the id exists. */
  insert(record: T): Promise<void>;
  get(id: string): Promise<T | null>;
  getMany(ids: readonly string[]): Promise<T[]>;
  /**
   * Sets the given top-level fields. With `ifVersion`, only when the record's `version` equals it, and the
   * version is then incremented. Returns the updated record, null when absent, or a VersionConflict.
   */
  update(
    id: string,
    patch: Partial<Omit<T, "id" | "createdAt">>,
    options?: { ifVersion?: number },
  ): Promise<T | null | VersionConflict>;
  delete(id: string): Promise<boolean>;
  list(filter: F, page: PageRequest): Promise<Page<T>>;
  count(filter: F): Promise<number>;
}

export interface PipelineFilter {
  name?: string | undefined;
  nameContains?: string | undefined;
  tag?: string | undefined;
  /** Only pipelines whose schedule is enabled. */
  scheduled?: boolean | undefined;
}

export interface RunFilter {
  pipelineId?: string | undefined;
  status?: readonly RunStatus[] | undefined;
  trigger?: RunTrigger | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
}

export interface DatasetFilter {
  nameContains?: string | undefined;
  source?: DatasetRecord["source"] | undefined;
}

export interface ExperimentFilter {
  nameContains?: string | undefined;
  status?: readonly JobStatus[] | undefined;
  algorithm?: string | undefined;
  datasetId?: string | undefined;
  source?: ExperimentRecord["source"] | undefined;
  /** Experiments of any of these groups (MLflow experiments). */
  groupIds?: readonly string[] | undefined;
}

export interface ExperimentGroupFilter {
  name?: string | undefined;
  nameContains?: string | undefined;
  lifecycleStage?: ExperimentGroupRecord["lifecycleStage"] | undefined;
}

export interface LoggedModelFilter {
  groupIds?: readonly string[] | undefined;
  experimentId?: string | undefined;
}

export interface ModelFilter {
  name?: string | undefined;
  nameContains?: string | undefined;
  alias?: string | undefined;
}

export interface RegisteredModelFilter {
  name?: string | undefined;
  nameContains?: string | undefined;
}

export interface AutoMLFilter {
  nameContains?: string | undefined;
  status?: readonly JobStatus[] | undefined;
}

export interface ValidationFilter {
  datasetId?: string | undefined;
  runId?: string | undefined;
  status?: readonly ValidationStatus[] | undefined;
}

export interface LogFilter {
  /** Minimum level: INFO means INFO, WARN and ERROR. */
  level?: LogLevel | undefined;
  source?: string | undefined;
  runId?: string | undefined;
  messageContains?: string | undefined;
}

export interface DayStatusCount {
  day: string;
  status: RunStatus;
  count: number;
  /** Sum and count of durations of finished runs, so averages can be combined. */
  durationSumMs: number;
  durationCount: number;
}

export interface RunStats {
  byStatus: Record<RunStatus, number>;
  /** One row per (day, status) from `sinceDay` on, days as YYYY-MM-DD (UTC). */
  perDay: DayStatusCount[];
}

export interface RunStore extends EntityStore<RunRecord, RunFilter> {
  /** Inserts the run and its first events atomically where the store allows; returns the stored events. */
  createRun(run: RunRecord, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }>;
  /**
   * Appends events with the next sequence numbers and folds them into the run (status is derived).
   * Concurrent appenders never get the same seq. Throws NOT_FOUND for an unknown run.
   */
  appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }>;
  /** Events with seq > afterSeq, ascending, at most `limit`. */
  listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]>;
  /** The newest run of each given pipeline (pipelines without runs are absent). */
  latestByPipeline(pipelineIds: readonly string[]): Promise<Map<string, RunRecord>>;
  /** Deletes every run of the pipeline and their events; returns how many runs were deleted. */
  deleteByPipeline(pipelineId: string): Promise<number>;
  stats(sinceDay: string): Promise<RunStats>;

  /**
   * Takes or renews the run's lease for `owner` until `expiresAt`, atomically, when the run is QUEUED or RUNNING
   * and its lease is free, expired (leaseExpiresAt <= now) or already `owner`'s. Returns whether `owner` holds it.
   */
  acquireLease(runId: string, owner: string, now: Date, expiresAt: Date): Promise<boolean>;
  /** Clears the lease if `owner` holds it. */
  releaseLease(runId: string, owner: string): Promise<void>;
  /** QUEUED or RUNNING runs whose lease is absent or expired at `now` (their engine died), oldest first. */
  listOrphanedRuns(now: Date, limit: number): Promise<RunRecord[]>;
  /** Records a cancellation request (first one wins); returns the run, or null when unknown. */
  requestCancel(runId: string, at: Date): Promise<RunRecord | null>;
  /**
   * Claims one attempt of one step for `owner`; true for exactly one caller across all processes, ever.
   * (Engines check it before running a step, so a step attempt never runs twice.)
   */
  claimStep(runId: string, nodeId: string, attempt: number, owner: string): Promise<boolean>;
}

/** A row loaded by a pipeline: column name → JSON scalar. */
export type DataRow = Record<string, string | number | boolean | null>;

/**
 * Named collections of rows that pipelines load into (load_collection) and read from (extract_collection).
 * Names match /^[A-Za-z][A-Za-z0-9_]{0,63}$/; column names may be anything (stored so that none is an operator).
 */
export interface RowCollectionStore {
  /** Replaces all rows atomically: readers see the old rows or the new ones, never a mix or a partial load. */
  replace(collection: string, batches: AsyncIterable<DataRow[]>): Promise<number>;
  /**
   * Appends rows tagged with `loadId` (e.g. "<runId>/<nodeId>"). Rows of an earlier attempt with the same loadId
   * are removed first, so a retried load never duplicates.
   */
  append(collection: string, loadId: string, batches: AsyncIterable<DataRow[]>): Promise<number>;
  /** Inserts rows, replacing any row with the same values in the `key` columns. */
  upsert(collection: string, key: readonly string[], batches: AsyncIterable<DataRow[]>): Promise<number>;
  /** Rows whose fields equal the filter's scalar values (null matches null), in load order. */
  scan(collection: string, filter: DataRow, batchSize: number): AsyncIterable<DataRow[]>;
  count(collection: string, filter?: DataRow): Promise<number>;
  /** Collections with their row counts. */
  list(): Promise<Array<{ name: string; rows: number }>>;
  drop(collection: string): Promise<void>;
}

/** A page of one metric's history, in (step, timestamp, logging order) order. */
export interface MetricHistoryPage {
  items: MetricPoint[];
  /** Opaque; pass as `after` for the next page. Null on the last page. */
  endCursor: string | null;
}

/**
 * Metric histories of experiments: every logged (key, value, timestamp, step), kept in logging order. The
 * experiment record keeps only each metric's latest value (`metrics`); the history is here.
 */
export interface ExperimentMetricStore {
  /** Appends points (of any keys) to one experiment's histories, in logging order. */
  append(experimentId: string, points: readonly MetricPoint[]): Promise<void>;
  /** One metric's history ordered by step, then timestamp, then logging order; `first` 1..25000. */
  history(
    experimentId: string,
    key: string,
    page: { first: number; after?: string | null },
  ): Promise<MetricHistoryPage>;
  /**
   * The latest point of each of the experiment's metrics (of `keys` only, when given): the highest step, then the
   * latest timestamp, then the highest value — MLflow's rule for a run's metric value.
   */
  latest(experimentId: string, keys?: readonly string[]): Promise<Map<string, MetricPoint>>;
  /** Deletes every point of the experiment; returns how many. */
  deleteByExperiment(experimentId: string): Promise<number>;
}

export type PipelineStore = EntityStore<PipelineRecord, PipelineFilter>;
export type DatasetStore = EntityStore<DatasetRecord, DatasetFilter>;
export type ExperimentStore = EntityStore<ExperimentRecord, ExperimentFilter>;
export type ExperimentGroupStore = EntityStore<ExperimentGroupRecord, ExperimentGroupFilter>;
export type LoggedModelStore = EntityStore<LoggedModelRecord, LoggedModelFilter>;
export type ModelStore = EntityStore<ModelRecord, ModelFilter>;
export type RegisteredModelStore = EntityStore<RegisteredModelRecord, RegisteredModelFilter>;
export type AutoMLStore = EntityStore<AutoMLRunRecord, AutoMLFilter>;
export type ValidationStore = EntityStore<ValidationRecord, ValidationFilter>;
export type LogStore = EntityStore<LogRecord, LogFilter>;

export interface StoreHealth {
  ok: boolean;
  kind: "sqlite" | "mongo";
  latencyMs: number;
  detail: string;
}

export interface WebhookFilter {
  pipelineId?: string | undefined;
  enabled?: boolean | undefined;
}

export interface WebhookDeliveryFilter {
  webhookId?: string | undefined;
  runId?: string | undefined;
  status?: readonly DeliveryStatus[] | undefined;
}

export interface ScheduleTickFilter {
  pipelineId?: string | undefined;
  status?: readonly ScheduleTickRecord["status"][] | undefined;
}

export type ScheduleTickStore = EntityStore<ScheduleTickRecord, ScheduleTickFilter>;
export interface UserFilter {
  email?: string | undefined;
  role?: UserRecord["role"] | undefined;
}
export interface RefreshTokenFilter {
  familyId?: string | undefined;
  userId?: string | undefined;
}
export interface ApiTokenFilter {
  userId?: string | undefined;
}
export type UserStore = EntityStore<UserRecord, UserFilter>;
export type RefreshTokenStore = EntityStore<RefreshTokenRecord, RefreshTokenFilter>;
export type ApiTokenStore = EntityStore<ApiTokenRecord, ApiTokenFilter>;

export type WebhookStore = EntityStore<WebhookRecord, WebhookFilter>;
export type WebhookDeliveryStore = EntityStore<WebhookDeliveryRecord, WebhookDeliveryFilter>;

/** Small key-value facts about the installation itself (e.g. when the demo was seeded). */
export interface MetaStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Every port, as one handle the composition root opens and closes. */
export interface Stores {
  kind: "sqlite" | "mongo";
  pipelines: PipelineStore;
  runs: RunStore;
  datasets: DatasetStore;
  experiments: ExperimentStore;
  /** Groups of tracked experiments (MLflow experiments). */
  experimentGroups: ExperimentGroupStore;
  /** Metric histories of experiments, by step. */
  experimentMetrics: ExperimentMetricStore;
  /** Models logged by MLflow 3 clients before registration. */
  loggedModels: LoggedModelStore;
  models: ModelStore;
  /** Model names with their aliases and alias history (versions are in `models`). */
  registeredModels: RegisteredModelStore;
  automl: AutoMLStore;
  validations: ValidationStore;
  logs: LogStore;
  meta: MetaStore;
  rows: RowCollectionStore;
  webhooks: WebhookStore;
  webhookDeliveries: WebhookDeliveryStore;
  scheduleTicks: ScheduleTickStore;
  users: UserStore;
  refreshTokens: RefreshTokenStore;
  apiTokens: ApiTokenStore;
  ping(): Promise<StoreHealth>;
  close(): Promise<void>;
}
