/**
 * Executes one run's DAG: topological order, independent branches in parallel (bounded), per-node retries with
 * exponential backoff and timeouts, cancellation, and SKIPPED for everything downstream of a failure.
 * Every change is an event appended to the run's log; the run's status is derived from those events elsewhere.
 * Pure core: talks only to the ports it is given.
 */
import type { Clock } from "../common/clock.js";
import { downstreamOf, type Dag, type PipelineEdge, type PipelineNode } from "../pipelines/dag.js";
import type { NewRunEvent, RunEventType } from "../runs/run-state.js";
import type { LogLevel } from "../store/records.js";
import {
  DEFAULT_EXECUTION,
  StepError,
  type NodeExecution,
  type StepExecutor,
  type StepOutput,
  type StepResult,
} from "./step-runtime.js";

export interface ExecutorPorts {
  append(runId: string, events: NewRunEvent[]): Promise<unknown>;
  steps: StepExecutor;
  clock: Clock;
  /** Waits `ms` or until the signal aborts (backoff between attempts). */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Atomically claims an attempt; false when another engine already has it. */
  claimStep(runId: string, nodeId: string, attempt: number): Promise<boolean>;
}

export interface ExecutionPlan {
  runId: string;
  dag: Dag;
  params: Readonly<Record<string, unknown>>;
  /** Steps whose outputs are reused from an earlier run (retry from failed): not executed again. */
  reused: ReadonlyMap<string, StepResult & { output: StepOutput | null }>;
}

export interface ExecutorOptions {
  /** How many steps may run at once. */
  concurrency: number;
  defaults?: Partial<NodeExecution>;
  /** Minimum interval between STEP_PROGRESS events of one node. */
  progressIntervalMs?: number;
}

export type RunOutcome =
  { status: "SUCCEEDED" } | { status: "FAILED"; reason: string } | { status: "CANCELLED"; reason: string };

type NodeState = "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED" | "SKIPPED" | "CANCELLED";

export async function executeRun(
  plan: ExecutionPlan,
  ports: ExecutorPorts,
  options: ExecutorOptions,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const { runId, dag } = plan;
  const now = () => ports.clock.now();
  // Group commit: events emitted while an append is in flight go out together in the next one, so a burst
  // (a thousand steps finishing at once) costs a few store transactions, not a thousand. Order is kept.
  let pending: NewRunEvent[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let flushQueued = false;
  let appendFailure: unknown = null;
  const emit = (type: RunEventType, nodeId: string | null, payload: Record<string, unknown> = {}): void => {
    pending.push({ type, nodeId, payload, at: now() });
    if (flushQueued) return;
    flushQueued = true;
    chain = chain.then(() => {
      flushQueued = false;
      const batch = pending;
      pending = [];
      return ports.append(runId, batch).catch((error: unknown) => {
        appendFailure ??= error;
      });
    });
  };

  const nodes = new Map(dag.nodes.map((n) => [n.id, n]));
  const inputsOf = new Map<string, PipelineEdge[]>();
  for (const edge of dag.edges) inputsOf.set(edge.target, [...(inputsOf.get(edge.target) ?? []), edge]);
  for (const edges of inputsOf.values())
    edges.sort((a, b) => (a.targetHandle ?? "").localeCompare(b.targetHandle ?? ""));

  const state = new Map<string, NodeState>(dag.nodes.map((n) => [n.id, "PENDING"]));
  const outputs = new Map<string, StepOutput | null>();
  const running = new Map<string, { promise: Promise<void>; abort: AbortController }>();
  let firstFailure: string | null = null;

  emit("RUN_STARTED", null, { nodes: dag.nodes.length, reused: plan.reused.size });

  for (const [nodeId, result] of plan.reused) {
    if (!nodes.has(nodeId)) continue;
    state.set(nodeId, "SUCCEEDED");
    outputs.set(nodeId, result.output);
    emit("STEP_SUCCEEDED", nodeId, {
      reused: true,
      rowsIn: result.rowsIn,
      rowsOut: result.rowsOut,
      bytes: result.bytes,
      durationMs: 0,
      output: result.output,
    });
  }

  const skipDownstream = (nodeId: string, reason: string): void => {
    for (const id of downstreamOf(dag, nodeId)) {
      if (state.get(id) !== "PENDING") continue;
      state.set(id, "SKIPPED");
      emit("STEP_SKIPPED", id, { reason });
    }
  };

  const isReady = (node: PipelineNode): boolean =>
    state.get(node.id) === "PENDING" && (inputsOf.get(node.id) ?? []).every((e) => state.get(e.source) === "SUCCEEDED");

  const runNode = async (node: PipelineNode, abort: AbortController): Promise<void> => {
    const settings = { ...DEFAULT_EXECUTION, ...options.defaults, ...node.execution };
    const inputs = (inputsOf.get(node.id) ?? []).map((e) => outputs.get(e.source)).filter((o): o is StepOutput => !!o);
    for (let attempt = 1; ; attempt++) {
      if (!(await ports.claimStep(runId, node.id, attempt))) {
        state.set(node.id, "FAILED");
        firstFailure ??= `step "${node.id}" attempt ${attempt} is already claimed by another engine`;
        emit("STEP_FAILED", node.id, { error: firstFailure, attempt });
        skipDownstream(node.id, `upstream step "${node.id}" failed`);
        return;
      }
      const started = now().getTime();
      emit("STEP_STARTED", node.id, { attempt, kind: node.kind });
      const outcome = await attemptStep(node, inputs, attempt, settings, abort.signal);
      const durationMs = now().getTime() - started;
      if (outcome.ok) {
        const { result } = outcome;
        state.set(node.id, "SUCCEEDED");
        outputs.set(node.id, result.output);
        for (const [name, value] of Object.entries(result.metrics ?? {})) emit("METRIC", node.id, { name, value });
        emit("STEP_SUCCEEDED", node.id, {
          rowsIn: result.rowsIn,
          rowsOut: result.rowsOut,
          bytes: result.bytes,
          durationMs,
          attempt,
          output: result.output,
          ...result.details,
        });
        return;
      }
      if (signal.aborted) {
        state.set(node.id, "CANCELLED");
        emit("STEP_CANCELLED", node.id, { attempt, durationMs });
        return;
      }
      const retryable = outcome.retryable && attempt < settings.maxAttempts;
      if (retryable) {
        const delayMs = Math.min(settings.maxBackoffMs, settings.backoffMs * 2 ** (attempt - 1));
        emit("STEP_RETRIED", node.id, { error: outcome.error, attempt, nextAttempt: attempt + 1, delayMs });
        await ports.sleep(delayMs, signal);
        if (signal.aborted) {
          state.set(node.id, "CANCELLED");
          emit("STEP_CANCELLED", node.id, { attempt });
          return;
        }
        continue;
      }
      state.set(node.id, "FAILED");
      firstFailure ??= `step "${node.label}" (${node.id}) failed: ${outcome.error}`;
      emit("STEP_FAILED", node.id, {
        error: outcome.error,
        attempt,
        durationMs,
        ...(outcome.location ? { location: outcome.location } : {}),
      });
      skipDownstream(node.id, `upstream step "${node.id}" failed`);
      return;
    }
  };

  const attemptStep = async (
    node: PipelineNode,
    inputs: StepOutput[],
    attempt: number,
    settings: NodeExecution,
    runSignal: AbortSignal,
  ): Promise<
    { ok: true; result: StepResult } | { ok: false; error: string; retryable: boolean; location?: unknown }
  > => {
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new Error(`timed out after ${settings.timeoutMs} ms`)),
      settings.timeoutMs,
    );
    const stepSignal = AbortSignal.any([runSignal, timeout.signal]);
    let lastProgress = 0;
    try {
      const result = await ports.steps.run({
        runId,
        node,
        inputs,
        params: plan.params,
        attempt,
        signal: stepSignal,
        log: (level: LogLevel, message: string) => emit("LOG", node.id, { level, message }),
        progress: (figures) => {
          const t = now().getTime();
          if (t - lastProgress < (options.progressIntervalMs ?? 250)) return;
          lastProgress = t;
          emit("STEP_PROGRESS", node.id, { ...figures });
        },
      });
      if (stepSignal.aborted) throw stepSignal.reason;
      return { ok: true, result };
    } catch (error) {
      if (timeout.signal.aborted && !runSignal.aborted) {
        return { ok: false, error: `timed out after ${settings.timeoutMs} ms`, retryable: true };
      }
      if (error instanceof StepError) {
        return {
          ok: false,
          error: error.message,
          retryable: error.options.retryable ?? false,
          ...(error.options.location ? { location: error.options.location } : {}),
        };
      }
      return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
    } finally {
      clearTimeout(timer);
    }
  };

  const onCancel = (): void => {
    for (const { abort } of running.values()) abort.abort(signal.reason);
  };
  signal.addEventListener("abort", onCancel, { once: true });
  try {
    for (;;) {
      if (!signal.aborted) {
        for (const node of dag.nodes) {
          if (running.size >= options.concurrency) break;
          if (!isReady(node)) continue;
          state.set(node.id, "RUNNING");
          const abort = new AbortController();
          const promise = runNode(node, abort).finally(() => running.delete(node.id));
          running.set(node.id, { promise, abort });
        }
      }
      if (running.size === 0) break;
      await Promise.race([...running.values()].map((r) => r.promise));
    }
  } finally {
    signal.removeEventListener("abort", onCancel);
  }

  let outcome: RunOutcome;
  if (signal.aborted) {
    for (const [id, s] of state) if (s === "PENDING") emit("STEP_CANCELLED", id, {});
    const reason = signal.reason instanceof Error ? signal.reason.message : "cancelled";
    outcome = { status: "CANCELLED", reason };
    emit("RUN_CANCELLED", null, { reason });
  } else if (firstFailure !== null || [...state.values()].some((s) => s !== "SUCCEEDED")) {
    const reason = firstFailure ?? "some steps did not run";
    outcome = { status: "FAILED", reason };
    emit("RUN_FAILED", null, { reason });
  } else {
    outcome = { status: "SUCCEEDED" };
    emit("RUN_SUCCEEDED", null, {});
  }
  await chain;
  if (appendFailure !== null)
    throw appendFailure instanceof Error ? appendFailure : new Error("could not record run events");
  return outcome;
}

/** Backoff sleep that returns early when the signal aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
