/**
 * What the API processes (QueuedStepExecutor) and the workers (step-worker) agree on: the BullMQ queue, the job's
 * data and result, the progress messages and the cancellation topic. Everything is plain JSON (Dates tagged, see
 * events/redis-codec.ts).
 */
import type { StepOutput, StepResult } from "../engine/step-runtime.js";
import type { PipelineNode } from "../pipelines/dag.js";
import type { LogLevel } from "../store/records.js";

/** Default BullMQ key prefix (REDIS_PREFIX) and the queue name: keys are `millrace:steps:*`. */
export const QUEUE_PREFIX = "millrace";
export const STEP_QUEUE = "steps";
/** Bus topic on which API processes ask workers to stop a job (cancellation, timeout). */
export const CANCEL_TOPIC = "step-jobs:cancel";

/** One step invocation, minus what cannot cross processes (the signal, the log/progress callbacks). */
export interface StepJobData {
  runId: string;
  node: PipelineNode;
  inputs: StepOutput[];
  params: Record<string, unknown>;
  attempt: number;
}

/** The job's return value. Step failures are results, not BullMQ failures: the engine decides about retries. */
export type StepJobOutcome =
  | { ok: true; result: StepResult }
  | {
      ok: false;
      error: string;
      retryable: boolean;
      location?: { file?: string; line?: number; column?: string };
      /** The worker stopped it (cancel request, or its run or attempt was over). */
      cancelled?: boolean;
    };

/** Job progress updates carry the step's logs and progress figures, in order, before the job completes. */
export type StepJobProgress =
  | { kind: "log"; level: LogLevel; message: string }
  | { kind: "progress"; figures: { rowsIn?: number; rowsOut?: number; bytes?: number } };

export interface CancelRequest {
  jobId: string;
  reason: string;
}

/**
 * The job of one attempt of one step of one run. Deterministic, so a duplicate enqueue of the same attempt is a
 * no-op in BullMQ; the parts are URI-encoded, so no id has a ':' (BullMQ refuses them) and "/" separates them
 * unambiguously.
 */
export function stepJobId(runId: string, nodeId: string, attempt: number): string {
  return `${encodeURIComponent(runId)}/${encodeURIComponent(nodeId)}/${attempt}`;
}
