/**
 * What the engine knows about running one step: an invocation goes in, a result comes out. Step implementations
 * (extract, transform, load, train…) live behind `StepExecutor` and bring their own adapters.
 */
import type { PipelineNode } from "../pipelines/dag.js";
import type { LogLevel } from "../store/records.js";

/** Where a finished step's output lives, so downstream steps (and previews, and retries) can read it. */
export interface StepOutput {
  /**
   * Opaque location understood by the data engine: a Parquet file of the run, or a stored view (a SELECT over
   * other outputs of the run, which readers run again; row-wise steps produce those, see steps/impl/lazy.ts).
   */
  location: string;
  rows: number;
  /** Bytes stored; null when nothing was written (a view). */
  bytes: number | null;
  columns: Array<{ name: string; type: string }>;
  /** Facts for downstream steps besides the table, e.g. the model version a train step registered. */
  meta?: Record<string, unknown>;
}

export interface StepInvocation {
  runId: string;
  node: PipelineNode;
  /** Outputs of the upstream steps, in input order (by target handle, then edge order). */
  inputs: StepOutput[];
  params: Readonly<Record<string, unknown>>;
  attempt: number;
  /** Aborted on cancellation or timeout; long work must stop promptly when it fires. */
  signal: AbortSignal;
  log(level: LogLevel, message: string): void;
  progress(figures: { rowsIn?: number; rowsOut?: number; bytes?: number }): void;
}

export interface StepResult {
  output: StepOutput | null;
  rowsIn: number | null;
  rowsOut: number | null;
  bytes: number | null;
  /** Extra figures recorded as METRIC events (accuracy, failing rows…). */
  metrics?: Record<string, number>;
  /** Extra facts for the STEP_SUCCEEDED payload (model version, validation id…). */
  details?: Record<string, unknown>;
}

export interface StepExecutor {
  run(invocation: StepInvocation): Promise<StepResult>;
}

/** A failure the step explains: shown as is, and never retried when `retryable` is false (bad config, bad data). */
export class StepError extends Error {
  constructor(
    message: string,
    readonly options: { retryable?: boolean; location?: { file?: string; line?: number; column?: string } } = {},
  ) {
    super(message);
    this.name = "StepError";
  }
}

/** Per-node execution settings (`node.execution`), with engine defaults. */
export interface NodeExecution {
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
}

export const DEFAULT_EXECUTION: NodeExecution = {
  maxAttempts: 1,
  backoffMs: 1000,
  maxBackoffMs: 60_000,
  timeoutMs: 3_600_000,
};
