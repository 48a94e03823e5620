/**
 * The records the stores keep, one interface per aggregate. Plain data: Dates for instants, no classes.
 */
import type { PipelineEdge, PipelineNode } from "../pipelines/dag.js";
import type { RunProgress, RunTrigger } from "../runs/run-state.js";
import type { ScheduleSpec } from "../schedules/schedule-spec.js";

export interface PipelineParamSpec {
  name: string;
  type: "STRING" | "NUMBER" | "BOOLEAN";
  default: string | number | boolean | null;
  description: string;
}

export interface PipelineRecord {
  id: string;
  name: string;
  description: string;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  params: PipelineParamSpec[];
  schedule: ScheduleSpec | null;
  /** schedule?.enabled, kept at the top so the scheduler can find scheduled pipelines by index. */
  scheduled: boolean;
  tags: string[];
  /** Starts at 1; every successful update increments it (optimistic concurrency). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RunRecord extends RunProgress {
  id: string;
  pipelineId: string;
  pipelineName: string;
  pipelineVersion: number;
  /** The DAG as it was when the run started: the engine runs this, not the pipeline's later edits. */
  snapshot: { nodes: PipelineNode[]; edges: PipelineEdge[] };
  trigger: RunTrigger;
  params: Record<string, unknown>;
  parentRunId: string | null;
  /** UTC day of `createdAt` (YYYY-MM-DD), kept for per-day aggregations without date operators. */
  day: string;
  createdAt: Date;
  /** The engine process executing the run, and until when its claim holds (renewed by its heartbeat). */
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** Set by cancelRun; the owning engine sees it (in any process) and aborts the run. */
  cancelRequestedAt: Date | null;
}

export interface ColumnInfo {
  name: string;
  type: string;
}

export type DatasetFormat = "CSV" | "CSV_GZ" | "PARQUET" | "JSON";
export type DatasetSource = "UPLOAD" | "SAMPLE" | "PIPELINE";

export interface DatasetRecord {
  id: string;
  name: string;
  description: string;
  format: DatasetFormat;
  /** Path relative to DATA_DIR. */
  path: string;
  sizeBytes: number;
  rowCount: number;
  columns: ColumnInfo[];
  source: DatasetSource;
  createdAt: Date;
  updatedAt: Date;
}

export type JobStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface ExperimentRecord {
  id: string;
  name: string;
  status: JobStatus;
  algorithm: string;
  datasetId: string | null;
  runId: string | null;
  target: string | null;
  features: string[];
  params: Record<string, unknown>;
  metrics: Record<string, number>;
  confusionMatrix: number[][] | null;
  classLabels: string[];
  tags: Record<string, string>;
  source: "MILLRACE" | "MLFLOW";
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  /** ML fields (absent on records written before them). The step whose output it trained on, with runId. */
  nodeId?: string | null;
  /** How rows were split: held-out fraction or k folds, optionally by a group column, with the seed. */
  split?: ExperimentSplit | null;
  /** Where a running experiment is: QUEUED, LOADING, TRAINING, EVALUATING, SAVING, then DONE. */
  stage?: string | null;
  /** Milliseconds per stage: loadMs, trainMs, evaluateMs, saveMs, totalMs. */
  timings?: Record<string, number>;
  /** Training rows and the sha256 of the training data (columns used, in order). */
  dataRows?: number | null;
  dataFingerprint?: string | null;
  /** The trained pipeline (ArtifactStore key), written when it succeeds. */
  artifactKey?: string | null;
  /** The AutoML search that produced it, if any. */
  automlRunId?: string | null;
  /** The process training it, until when (renewed while it runs), and a cancellation request from any process. */
  leaseOwner?: string | null;
  leaseExpiresAt?: Date | null;
  cancelRequestedAt?: Date | null;
  /** Tracking fields (experiments logged through the MLflow-compatible API; absent on others). The group
   * (an MLflow experiment) it belongs to: its id and name. */
  groupId?: string | null;
  group?: string | null;
  /** "active", or "deleted" (an MLflow run deleted and restorable). */
  lifecycleStage?: "active" | "deleted";
  /** Where its artifacts live (`mlflow-artifacts:/<group>/<id>/artifacts`). */
  artifactUri?: string | null;
  /** Who logged it (MLflow's user_id). */
  userId?: string | null;
  /** Datasets it used (MLflow log-inputs), as given. */
  inputs?: Record<string, unknown>[];
  /**
   * Each metric's latest point (value as a number, or "NaN"/"Infinity"/"-Infinity"), kept with the record so
   * listings need not read the histories.
   */
  latestMetrics?: Record<string, { value: number | string; step: number; timestamp: number }>;
}

/**
 * A group of tracked experiments: what MLflow calls an experiment (runs are Millrace experiments). The "Default"
 * group has id "0".
 */
export interface ExperimentGroupRecord {
  id: string;
  /** Unique among all groups, deleted ones included. */
  name: string;
  artifactLocation: string;
  lifecycleStage: "active" | "deleted";
  tags: Record<string, string>;
  createdAt: Date;
  updatedAt: Date;
}

/** One value of one metric of an experiment: metric histories are sequences of these, by step. */
export interface MetricPoint {
  key: string;
  /** Any double, NaN and ±Infinity included. */
  value: number;
  /** Milliseconds since the epoch, as the client gave it. */
  timestamp: number;
  step: number;
}

/** A model as an MLflow 3 client logs it (`log_model`): its artifacts, params and tags, before any registration. */
export interface LoggedModelRecord {
  id: string;
  name: string;
  /** The group (MLflow experiment) and the experiment (MLflow run) that logged it. */
  groupId: string;
  experimentId: string | null;
  artifactUri: string;
  status: "PENDING" | "READY" | "FAILED";
  statusMessage: string | null;
  modelType: string | null;
  sourceRunId: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  lifecycleStage: "active" | "deleted";
  createdAt: Date;
  updatedAt: Date;
}

export interface ExperimentSplit {
  kind: "HOLDOUT" | "CV";
  testFraction: number | null;
  folds: number | null;
  groupBy: string | null;
  seed: number;
}

/** One input column of a registered model: what `predict` accepts. */
export interface ModelInputColumn {
  name: string;
  kind: "NUMBER" | "CATEGORY";
  /** Categories seen in training (others predict as "unknown": all one-hot columns zero). */
  categories?: string[];
}

export interface ModelRecord {
  id: string;
  name: string;
  version: number;
  algorithm: string;
  experimentId: string | null;
  metrics: Record<string, number>;
  aliases: string[];
  artifactUri: string | null;
  description: string;
  createdAt: Date;
  /** ML fields (absent on records written before them). */
  target?: string | null;
  classLabels?: string[];
  inputSchema?: ModelInputColumn[];
  dataFingerprint?: string | null;
  /** Who registered it: the signed-in user's e-mail, "dev@localhost" in dev mode, "system" or "pipeline:<runId>". */
  createdBy?: string;
  /** Registry fields of versions registered through the MLflow-compatible API (absent on others). */
  source?: "MILLRACE" | "MLFLOW";
  /** What the client registered: a URI of its artifacts (`models:/m-…`, `runs:/<run>/model`, …). */
  sourceUri?: string | null;
  tags?: Record<string, string>;
  updatedAt?: Date;
}

/** One move of an alias: from which version to which (null = unset), when and by whom. */
export interface ModelAliasChange {
  alias: string;
  fromVersion: number | null;
  toVersion: number | null;
  by: string;
  at: Date;
}

/** A model name: its version counter, its aliases and their history. Versions are ModelRecords. */
export interface RegisteredModelRecord {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  aliases: Array<{ alias: string; version: number }>;
  aliasHistory: ModelAliasChange[];
  /** Tags set through the MLflow-compatible API (absent on models registered before them). */
  tags?: Record<string, string>;
  /** Record version for optimistic concurrency (every update increments it). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface AutoMLRunRecord {
  id: string;
  name: string;
  status: JobStatus;
  datasetId: string | null;
  target: string | null;
  strategy: "GRID" | "RANDOM" | "SUCCESSIVE_HALVING";
  metric: string;
  maxTrials: number | null;
  timeBudgetSeconds: number | null;
  trialsCompleted: number;
  bestExperimentId: string | null;
  bestScore: number | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** ML fields (absent on records written before them): the search's inputs… */
  runId?: string | null;
  nodeId?: string | null;
  features?: string[];
  groupBy?: string | null;
  algorithms?: string[];
  folds?: number;
  seed?: number;
  /** …what ran: trials by score (best first), how many were launched, the time used and why it stopped… */
  leaderboard?: AutoMLTrialRecord[];
  trialsLaunched?: number;
  budgetUsedSeconds?: number | null;
  stoppedBy?: "COMPLETED" | "MAX_TRIALS" | "TIME_BUDGET" | "CANCELLED" | "FAILED" | null;
  /** …and the model version registered from the best trial. */
  modelName?: string | null;
  modelVersion?: number | null;
  leaseOwner?: string | null;
  leaseExpiresAt?: Date | null;
  cancelRequestedAt?: Date | null;
}

export interface AutoMLTrialRecord {
  trial: number;
  algorithm: string;
  params: Record<string, unknown>;
  /** Mean CV score of the search metric, its std over folds, and the rows it was fitted on (halving rungs). */
  score: number | null;
  scoreStd: number | null;
  rows: number;
  rung: number;
  fitSeconds: number;
  status: "SUCCEEDED" | "FAILED" | "CANCELLED";
  error: string | null;
}

export type ValidationStatus = "RUNNING" | "PASSED" | "WARNED" | "FAILED" | "ERROR";

export interface ValidationRecord {
  id: string;
  name: string;
  datasetId: string | null;
  runId: string | null;
  nodeId: string | null;
  status: ValidationStatus;
  /** BLOCK or WARN: what a failing rule does in a pipeline (rules may override it). */
  mode: "BLOCK" | "WARN";
  rules: Record<string, unknown>[];
  /** One result per rule (passed, failing rows and ratio, sample failing rows with their row numbers…). */
  results: Record<string, unknown>[];
  /** The whole quality report: metrics per column and overall, the score and its formula, the issues list. */
  report: Record<string, unknown> | null;
  score: number | null;
  /** Why the validation could not run (ERROR). */
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogRecord {
  id: string;
  /** When the line was written. */
  createdAt: Date;
  level: LogLevel;
  /** What wrote it: "engine", "api", "pipeline:<id>", ... */
  source: string;
  message: string;
  runId: string | null;
  nodeId: string | null;
  pipelineId: string | null;
}

export const WEBHOOK_EVENTS = ["RUN_SUCCEEDED", "RUN_FAILED", "RUN_CANCELLED"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Where to tell the world that runs ended: one pipeline's (pipelineId) or every pipeline's (null). */
export interface WebhookRecord {
  id: string;
  name: string;
  url: string;
  /** HMAC-SHA256 key for the signature header. */
  secret: string;
  pipelineId: string | null;
  events: WebhookEvent[];
  /** JSON (Millrace's payload) or SLACK (a Slack-compatible `{text}` payload). */
  format: "JSON" | "SLACK";
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

/** One notification of one run's end to one webhook, with its attempts (the delivery log). */
export interface WebhookDeliveryRecord {
  /** Derived from (webhook, run, event): two API processes never deliver the same notification twice. */
  id: string;
  webhookId: string;
  runId: string;
  pipelineId: string;
  event: WebhookEvent;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  /** Bumped by each attempt's write: whoever sends the next attempt must have written the last one. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One schedule tick of one pipeline, claimed by exactly one process (its id is pipeline + fire time). */
export interface ScheduleTickRecord {
  /** `<pipelineId>@<fire time ISO>`. */
  id: string;
  pipelineId: string;
  /** The fire time (the listing order). */
  createdAt: Date;
  status: "STARTED" | "SKIPPED" | "QUEUED" | "MISSED";
  runId: string | null;
  reason: string | null;
  /** What claimed it (the engine process). */
  owner: string;
  /** For the one conditional change a tick has: QUEUED → STARTED, won by one process. */
  version: number;
}

export interface UserRecord {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string;
  role: "VIEWER" | "EDITOR" | "ADMIN";
  /** argon2id. */
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** A refresh token, stored as a hash. Each use replaces it by a new one of the same family; a reuse revokes the family. */
export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  /** Marking a token used is conditional on this, so two uses of one token cannot both succeed. */
  version: number;
}

/** A long-lived token for machines (CI, the MLflow client…), stored as a hash, revocable. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  userId: string;
  role: "VIEWER" | "EDITOR" | "ADMIN";
  tokenHash: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}
