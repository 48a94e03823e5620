/**
 * A run is an append-only, sequenced event log; its status and per-step state are a fold over those events.
 * Pure: the stores and the engine both use `applyRunEvent`, so status is derived the same way everywhere.
 */

export const RUN_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ["PENDING", "QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED", "CANCELLED"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

export const RUN_TRIGGERS = ["MANUAL", "SCHEDULE", "API", "RETRY"] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

export const RUN_EVENT_TYPES = [
  "RUN_QUEUED",
  "RUN_STARTED",
  "RUN_SUCCEEDED",
  "RUN_FAILED",
  "RUN_CANCELLED",
  "STEP_QUEUED",
  "STEP_STARTED",
  "STEP_PROGRESS",
  "STEP_SUCCEEDED",
  "STEP_FAILED",
  "STEP_RETRIED",
  "STEP_SKIPPED",
  "STEP_CANCELLED",
  "LOG",
  "METRIC",
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export const TERMINAL_RUN_EVENTS: ReadonlySet<RunEventType> = new Set(["RUN_SUCCEEDED", "RUN_FAILED", "RUN_CANCELLED"]);
export const TERMINAL_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** An event as produced by the engine, before the store gives it a sequence number. */
export interface NewRunEvent {
  type: RunEventType;
  nodeId?: string | null;
  payload?: Record<string, unknown>;
  at: Date;
}

export interface RunEvent {
  runId: string;
  seq: number;
  type: RunEventType;
  nodeId: string | null;
  payload: Record<string, unknown>;
  at: Date;
}

export interface StepState {
  nodeId: string;
  status: StepStatus;
  attempts: number;
  rowsIn: number | null;
  rowsOut: number | null;
  bytes: number | null;
  durationMs: number | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
}

/** The part of a run that events change. */
export interface RunProgress {
  status: RunStatus;
  steps: StepState[];
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  lastSeq: number;
}

export function initialStep(nodeId: string): StepState {
  return {
    nodeId,
    status: "PENDING",
    attempts: 0,
    rowsIn: null,
    rowsOut: null,
    bytes: null,
    durationMs: null,
    startedAt: null,
    finishedAt: null,
    error: null,
  };
}

export function initialProgress(nodeIds: readonly string[]): RunProgress {
  return {
    status: "QUEUED",
    steps: nodeIds.map(initialStep),
    error: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    lastSeq: 0,
  };
}

/** Folds one event into the run's progress. Events at or below `lastSeq` are ignored (idempotent replay). */
export function applyRunEvent<T extends RunProgress>(run: T, event: RunEvent): T {
  if (event.seq <= run.lastSeq) return run;
  const next: T = { ...run, lastSeq: event.seq };
  const p = event.payload;
  switch (event.type) {
    case "RUN_QUEUED":
      next.status = "QUEUED";
      return next;
    case "RUN_STARTED":
      next.status = "RUNNING";
      next.startedAt ??= event.at;
      return next;
    case "RUN_SUCCEEDED":
    case "RUN_FAILED":
    case "RUN_CANCELLED": {
      next.status = event.type === "RUN_SUCCEEDED" ? "SUCCEEDED" : event.type === "RUN_FAILED" ? "FAILED" : "CANCELLED";
      next.finishedAt = event.at;
      next.durationMs = next.startedAt ? event.at.getTime() - next.startedAt.getTime() : 0;
      next.error = typeof p["reason"] === "string" ? p["reason"] : null;
      // A run that ends leaves no step in a non-terminal state.
      next.steps = next.steps.map((s) =>
        s.status === "PENDING" || s.status === "QUEUED" || s.status === "RUNNING"
          ? {
              ...s,
              status: event.type === "RUN_CANCELLED" ? "CANCELLED" : s.status === "RUNNING" ? "FAILED" : "SKIPPED",
            }
          : s,
      );
      return next;
    }
    case "STEP_QUEUED":
      return withStep(next, event, () => ({ status: "QUEUED" }));
    case "STEP_STARTED":
      return withStep(next, event, (s) => ({
        status: "RUNNING",
        attempts: numberOr(p["attempt"], s.attempts + 1),
        startedAt: event.at,
        finishedAt: null,
        error: null,
      }));
    case "STEP_PROGRESS":
      return withStep(next, event, (s) => ({
        rowsIn: numberOr(p["rowsIn"], s.rowsIn),
        rowsOut: numberOr(p["rowsOut"], s.rowsOut),
        bytes: numberOr(p["bytes"], s.bytes),
      }));
    case "STEP_SUCCEEDED":
      return withStep(next, event, (s) => ({
        status: "SUCCEEDED",
        rowsIn: numberOr(p["rowsIn"], s.rowsIn),
        rowsOut: numberOr(p["rowsOut"], s.rowsOut),
        bytes: numberOr(p["bytes"], s.bytes),
        durationMs: numberOr(p["durationMs"], elapsed(s, event)),
        finishedAt: event.at,
        error: null,
      }));
    case "STEP_FAILED":
      return withStep(next, event, (s) => ({
        status: "FAILED",
        durationMs: numberOr(p["durationMs"], elapsed(s, event)),
        finishedAt: event.at,
        error: typeof p["error"] === "string" ? p["error"] : "step failed",
      }));
    case "STEP_RETRIED":
      return withStep(next, event, () => ({
        status: "QUEUED",
        error: typeof p["error"] === "string" ? p["error"] : null,
      }));
    case "STEP_SKIPPED":
      return withStep(next, event, () => ({
        status: "SKIPPED",
        finishedAt: event.at,
        error: typeof p["reason"] === "string" ? p["reason"] : null,
      }));
    case "STEP_CANCELLED":
      return withStep(next, event, (s) => ({
        status: "CANCELLED",
        finishedAt: event.at,
        durationMs: elapsed(s, event),
      }));
    case "LOG":
    case "METRIC":
      return next;
  }
}

export function foldRunEvents<T extends RunProgress>(run: T, events: readonly RunEvent[]): T {
  return events.reduce(applyRunEvent, run);
}

function withStep<T extends RunProgress>(run: T, event: RunEvent, change: (s: StepState) => Partial<StepState>): T {
  const nodeId = event.nodeId;
  if (!nodeId) return run;
  const index = run.steps.findIndex((s) => s.nodeId === nodeId);
  const current = index >= 0 ? (run.steps[index] as StepState) : initialStep(nodeId);
  const updated: StepState = { ...current, ...change(current) };
  const steps = [...run.steps];
  if (index >= 0) steps[index] = updated;
  else steps.push(updated);
  run.steps = steps;
  return run;
}

function elapsed(step: StepState, event: RunEvent): number | null {
  return step.startedAt ? event.at.getTime() - step.startedAt.getTime() : null;
}

function numberOr<T extends number | null>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
