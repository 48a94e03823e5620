/**
 * The records the stores keep, one interface per aggregate. Plain data: Dates for instants, no classes.
 */
import type { PipelineEdge, PipelineNode } from "../pipelines/dag.js";
import type { RunProgress, RunTrigger } from "../runs/run-state.js";

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
  schedule: string | null;
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
}

export type ValidationStatus = "RUNNING" | "PASSED" | "WARNED" | "FAILED" | "ERROR";

export interface ValidationRecord {
  id: string;
  name: string;
  datasetId: string | null;
  runId: string | null;
  nodeId: string | null;
  status: ValidationStatus;
  rules: Record<string, unknown>[];
  results: Record<string, unknown>[];
  score: number | null;
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
