/**
 * A run's live state on the canvas: a pure fold of the run's events (`runEvents`) into per-node state, the run's
 * status and its log. It is an overlay: it is keyed by node id and drawn over the pipeline, never written into it.
 *
 * Events at or below the last applied seq are ignored, so a replay after a reconnect, a duplicate, or an event that
 * arrives late is harmless; `lastSeq` is what to resubscribe with.
 */
import type { RunStatus } from "../graphql/generated/graphql";

/** What a node shows: IDLE when no run covers it, otherwise its step's state in the run. */
export type NodeRunStatus = "IDLE" | "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "SKIPPED" | "CANCELLED";

export type RunLogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Where a step failed, when the engine could tell (a file position or a column). */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number | string;
}

export interface NodeRunState {
  status: NodeRunStatus;
  /** The attempt running or last run, from 1; 0 before the first. */
  attempt: number;
  rowsIn: number | null;
  rowsOut: number | null;
  bytes: number | null;
  durationMs: number | null;
  /** ISO times of the current (or last) attempt. */
  startedAt: string | null;
  finishedAt: string | null;
  /** The failure (or the last failed attempt's, while a retry waits), or why the step was skipped. */
  error: string | null;
  errorLocation: ErrorLocation | null;
  outputColumns: ReadonlyArray<{ name: string; type: string }> | null;
}

export interface RunLogLine {
  seq: number;
  at: string;
  level: RunLogLevel;
  message: string;
  nodeId: string | null;
}

export interface RunOverlay {
  runId: string;
  status: RunStatus;
  lastSeq: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  nodes: Readonly<Record<string, NodeRunState>>;
  logs: readonly RunLogLine[];
}

/** A `RunEvent` as the subscription delivers it. */
export interface OverlayEvent {
  seq: number;
  type: string;
  nodeId?: string | null | undefined;
  payload: Record<string, unknown>;
  at: string;
}

/** How many log lines the overlay keeps (the newest); the Logs page has the full history. */
export const MAX_LOG_LINES = 5_000;

export const IDLE_NODE: NodeRunState = Object.freeze({
  status: "IDLE",
  attempt: 0,
  rowsIn: null,
  rowsOut: null,
  bytes: null,
  durationMs: null,
  startedAt: null,
  finishedAt: null,
  error: null,
  errorLocation: null,
  outputColumns: null,
});

const TERMINAL_NODE: ReadonlySet<NodeRunStatus> = new Set(["SUCCEEDED", "FAILED", "SKIPPED", "CANCELLED"]);
const TERMINAL_RUN: ReadonlySet<RunStatus> = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** Whether a run has ended (no more events will come). */
export const isRunFinished = (status: RunStatus): boolean => TERMINAL_RUN.has(status);

/** The overlay of a run before any event: its snapshot's nodes, all waiting. */
export function emptyOverlay(runId: string, nodeIds: readonly string[]): RunOverlay {
  const nodes: Record<string, NodeRunState> = {};
  for (const id of nodeIds) nodes[id] = { ...IDLE_NODE, status: "QUEUED" };
  return { runId, status: "QUEUED", lastSeq: 0, startedAt: null, finishedAt: null, error: null, nodes, logs: [] };
}

/** Folds events in order; see `applyOverlayEvent`. */
export function applyOverlayEvents(overlay: RunOverlay, events: readonly OverlayEvent[]): RunOverlay {
  return events.reduce(applyOverlayEvent, overlay);
}

/** Folds one event. Returns the same object when the event changes nothing (a duplicate or stale seq). */
export function applyOverlayEvent(overlay: RunOverlay, event: OverlayEvent): RunOverlay {
  if (event.seq <= overlay.lastSeq) return overlay;
  const next: RunOverlay = { ...overlay, lastSeq: event.seq };
  const p = event.payload;
  const nodeId = event.nodeId ?? null;
  switch (event.type) {
    case "RUN_QUEUED":
      return { ...next, status: "QUEUED" };
    case "RUN_STARTED":
      return { ...next, status: "RUNNING", startedAt: overlay.startedAt ?? event.at };
    case "RUN_SUCCEEDED":
    case "RUN_FAILED":
    case "RUN_CANCELLED":
      return finishRun(next, event);
    case "STEP_QUEUED":
      return withNode(next, nodeId, () => ({ status: "QUEUED" }));
    case "STEP_STARTED":
      return withNode(next, nodeId, (s) => ({
        status: "RUNNING",
        attempt: numberOr(p["attempt"], s.attempt + 1),
        startedAt: event.at,
        finishedAt: null,
        durationMs: null,
        error: null,
        errorLocation: null,
      }));
    case "STEP_PROGRESS":
      return withNode(next, nodeId, (s) => ({
        rowsIn: numberOr(p["rowsIn"], s.rowsIn),
        rowsOut: numberOr(p["rowsOut"], s.rowsOut),
        bytes: numberOr(p["bytes"], s.bytes),
      }));
    case "STEP_SUCCEEDED":
      return withNode(next, nodeId, (s) => ({
        status: "SUCCEEDED",
        attempt: numberOr(p["attempt"], s.attempt),
        rowsIn: numberOr(p["rowsIn"], s.rowsIn),
        rowsOut: numberOr(p["rowsOut"], s.rowsOut),
        bytes: numberOr(p["bytes"], s.bytes),
        durationMs: numberOr(p["durationMs"], elapsedMs(s.startedAt, event.at)),
        finishedAt: event.at,
        error: null,
        errorLocation: null,
        outputColumns: columnsOf(p["output"]),
      }));
    case "STEP_FAILED": {
      const error = typeof p["error"] === "string" ? p["error"] : "step failed";
      const failed = withNode(next, nodeId, (s) => ({
        status: "FAILED",
        durationMs: numberOr(p["durationMs"], elapsedMs(s.startedAt, event.at)),
        finishedAt: event.at,
        error,
        errorLocation: locationOf(p["location"]),
      }));
      return withLog(failed, event, "ERROR", error);
    }
    case "STEP_RETRIED": {
      const error = typeof p["error"] === "string" ? p["error"] : null;
      const retried = withNode(next, nodeId, () => ({ status: "QUEUED", error }));
      const delay = typeof p["delayMs"] === "number" ? ` in ${p["delayMs"]} ms` : "";
      return withLog(retried, event, "WARN", `retrying${delay}${error === null ? "" : ` after: ${error}`}`);
    }
    case "STEP_SKIPPED":
      return withNode(next, nodeId, () => ({
        status: "SKIPPED",
        finishedAt: event.at,
        error: typeof p["reason"] === "string" ? p["reason"] : null,
      }));
    case "STEP_CANCELLED":
      return withNode(next, nodeId, (s) => ({
        status: "CANCELLED",
        finishedAt: event.at,
        durationMs: numberOr(p["durationMs"], s.startedAt === null ? s.durationMs : elapsedMs(s.startedAt, event.at)),
      }));
    case "LOG":
      return withLog(next, event, levelOf(p["level"]), typeof p["message"] === "string" ? p["message"] : "");
    case "METRIC":
      return withLog(next, event, "INFO", `metric ${String(p["name"])} = ${String(p["value"])}`);
    default:
      // An event type from a newer API: its seq still counts.
      return next;
  }
}

function finishRun(overlay: RunOverlay, event: OverlayEvent): RunOverlay {
  const status: RunStatus =
    event.type === "RUN_SUCCEEDED" ? "SUCCEEDED" : event.type === "RUN_FAILED" ? "FAILED" : "CANCELLED";
  const reason = typeof event.payload["reason"] === "string" ? event.payload["reason"] : null;
  // As the API does: a run that ends leaves no step waiting or running.
  const nodes: Record<string, NodeRunState> = {};
  for (const [id, state] of Object.entries(overlay.nodes)) {
    if (TERMINAL_NODE.has(state.status) || state.status === "IDLE") {
      nodes[id] = state;
    } else if (status === "CANCELLED") {
      nodes[id] = { ...state, status: "CANCELLED", finishedAt: event.at };
    } else if (state.status === "RUNNING") {
      nodes[id] = { ...state, status: "FAILED", finishedAt: event.at, error: state.error ?? reason };
    } else {
      nodes[id] = { ...state, status: "SKIPPED", finishedAt: event.at };
    }
  }
  const finished: RunOverlay = { ...overlay, status, finishedAt: event.at, error: reason, nodes };
  return status === "FAILED" && reason !== null ? withLog(finished, event, "ERROR", `run failed: ${reason}`) : finished;
}

function withNode(
  overlay: RunOverlay,
  nodeId: string | null,
  change: (state: NodeRunState) => Partial<NodeRunState>,
): RunOverlay {
  if (nodeId === null) return overlay;
  const current = overlay.nodes[nodeId] ?? IDLE_NODE;
  return { ...overlay, nodes: { ...overlay.nodes, [nodeId]: { ...current, ...change(current) } } };
}

function withLog(overlay: RunOverlay, event: OverlayEvent, level: RunLogLevel, message: string): RunOverlay {
  const line: RunLogLine = { seq: event.seq, at: event.at, level, message, nodeId: event.nodeId ?? null };
  const logs = overlay.logs.length >= MAX_LOG_LINES ? [...overlay.logs.slice(1), line] : [...overlay.logs, line];
  return { ...overlay, logs };
}

function numberOr<T extends number | null>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function elapsedMs(startedAt: string | null, at: string): number | null {
  if (startedAt === null) return null;
  const ms = Date.parse(at) - Date.parse(startedAt);
  return Number.isNaN(ms) ? null : Math.max(0, ms);
}

function levelOf(value: unknown): RunLogLevel {
  return value === "DEBUG" || value === "WARN" || value === "ERROR" ? value : "INFO";
}

function columnsOf(output: unknown): NodeRunState["outputColumns"] {
  if (typeof output !== "object" || output === null) return null;
  const columns = (output as { columns?: unknown }).columns;
  if (!Array.isArray(columns)) return null;
  return columns.flatMap((c: unknown) => {
    if (typeof c !== "object" || c === null) return [];
    const { name, type } = c as { name?: unknown; type?: unknown };
    return typeof name === "string" ? [{ name, type: typeof type === "string" ? type : "" }] : [];
  });
}

function locationOf(value: unknown): ErrorLocation | null {
  if (typeof value !== "object" || value === null) return null;
  const raw = value as Record<string, unknown>;
  const location: ErrorLocation = {};
  if (typeof raw["file"] === "string") location.file = raw["file"];
  if (typeof raw["line"] === "number") location.line = raw["line"];
  if (typeof raw["column"] === "number" || typeof raw["column"] === "string") location.column = raw["column"];
  return Object.keys(location).length > 0 ? location : null;
}
