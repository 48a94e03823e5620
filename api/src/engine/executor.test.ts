import { describe, expect, it } from "vitest";
import type { Dag, PipelineNode } from "../pipelines/dag.js";
import { foldRunEvents, initialProgress, type NewRunEvent, type RunEvent } from "../runs/run-state.js";
import { executeRun, type ExecutionPlan, type ExecutorPorts } from "./executor.js";
import { StepError, type StepInvocation, type StepResult } from "./step-runtime.js";

type Behaviour = (inv: StepInvocation) => Promise<StepResult>;

const node = (id: string, execution?: PipelineNode["execution"]): PipelineNode => ({
  id,
  kind: "test",
  label: id.toUpperCase(),
  config: {},
  position: { x: 0, y: 0 },
  ...(execution ? { execution } : {}),
});
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, target });
const ok = (rows: number): StepResult => ({
  output: { location: `mem:${rows}`, rows, bytes: rows * 8, columns: [] },
  rowsIn: rows,
  rowsOut: rows,
  bytes: rows * 8,
});

function harness(
  behaviours: Record<string, Behaviour>,
  claim: (nodeId: string, attempt: number) => boolean = () => true,
) {
  const events: RunEvent[] = [];
  const sleeps: number[] = [];
  const calls: string[] = [];
  let t = 0;
  const ports: ExecutorPorts = {
    append: (runId: string, batch: NewRunEvent[]) => {
      for (const e of batch)
        events.push({
          runId,
          seq: events.length + 1,
          type: e.type,
          nodeId: e.nodeId ?? null,
          payload: e.payload ?? {},
          at: e.at,
        });
      return Promise.resolve();
    },
    clock: { now: () => new Date(t++) },
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    claimStep: (_runId, nodeId, attempt) => Promise.resolve(claim(nodeId, attempt)),
    steps: {
      run: (inv) => {
        calls.push(`${inv.node.id}#${inv.attempt}`);
        const behaviour = behaviours[inv.node.id];
        return behaviour ? behaviour(inv) : Promise.resolve(ok(inv.inputs.reduce((n, i) => n + i.rows, 0) || 10));
      },
    },
  };
  const run = (
    dag: Dag,
    signal = new AbortController().signal,
    reused: ExecutionPlan["reused"] = new Map(),
    concurrency = 4,
  ) =>
    executeRun(
      { runId: "r1", dag, params: { limit: 5 }, reused },
      ports,
      { concurrency, progressIntervalMs: 0 },
      signal,
    );
  const statuses = (dag: Dag) => {
    const folded = foldRunEvents(initialProgress(dag.nodes.map((n) => n.id)), events);
    return { run: folded.status, steps: Object.fromEntries(folded.steps.map((s) => [s.nodeId, s.status])), folded };
  };
  return { events, sleeps, calls, run, statuses };
}

const branching: Dag = {
  nodes: [node("a"), node("b"), node("c"), node("d")],
  edges: [edge("a", "b"), edge("a", "c"), edge("b", "d")],
};

describe("executeRun", () => {
  it("runs the DAG in dependency order, passing outputs and params downstream", async () => {
    const seenInputs: Record<string, number[]> = {};
    const h = harness({
      b: (inv) => {
        seenInputs["b"] = inv.inputs.map((i) => i.rows);
        expect(inv.params).toEqual({ limit: 5 });
        return Promise.resolve(ok(7));
      },
    });
    expect(await h.run(branching)).toEqual({ status: "SUCCEEDED" });
    expect(h.calls.indexOf("a#1")).toBe(0);
    expect(h.calls.indexOf("d#1")).toBeGreaterThan(h.calls.indexOf("b#1"));
    expect(seenInputs["b"]).toEqual([10]);
    const s = h.statuses(branching);
    expect(s.run).toBe("SUCCEEDED");
    expect(s.steps).toEqual({ a: "SUCCEEDED", b: "SUCCEEDED", c: "SUCCEEDED", d: "SUCCEEDED" });
    expect(s.folded.steps.find((x) => x.nodeId === "d")).toMatchObject({
      rowsIn: 7,
      rowsOut: 7,
      bytes: 56,
      attempts: 1,
    });
    expect(h.events.map((e) => e.seq)).toEqual(h.events.map((_, i) => i + 1));
  });

  it("runs independent steps in parallel, never more than the concurrency limit", async () => {
    let active = 0;
    let peak = 0;
    const slow: Behaviour = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active--;
      return ok(1);
    };
    const dag: Dag = { nodes: ["p", "q", "r", "s", "t"].map((id) => node(id)), edges: [] };
    const h = harness({ p: slow, q: slow, r: slow, s: slow, t: slow });
    const started = Date.now();
    await h.run(dag, undefined, undefined, 2);
    expect(peak).toBe(2);
    expect(Date.now() - started).toBeLessThan(5 * 20);
  });

  it("retries a failing step with exponential backoff, counting attempts", async () => {
    let calls = 0;
    const h = harness({
      b: () => {
        calls++;
        return calls < 3 ? Promise.reject(new Error("connection reset")) : Promise.resolve(ok(3));
      },
    });
    const dag: Dag = { nodes: [node("a"), node("b", { maxAttempts: 3, backoffMs: 100 })], edges: [edge("a", "b")] };
    expect((await h.run(dag)).status).toBe("SUCCEEDED");
    expect(h.sleeps).toEqual([100, 200]);
    expect(h.events.filter((e) => e.type === "STEP_RETRIED").map((e) => e.payload["error"])).toEqual([
      "connection reset",
      "connection reset",
    ]);
    expect(h.statuses(dag).folded.steps.find((x) => x.nodeId === "b")).toMatchObject({
      status: "SUCCEEDED",
      attempts: 3,
    });
  });

  it("fails a step without retrying when it reports a non-retryable error; downstream is skipped, other branches run", async () => {
    const h = harness({
      b: () =>
        Promise.reject(new StepError('column "q" does not exist', { retryable: false, location: { column: "q" } })),
    });
    const dag: Dag = {
      nodes: [...branching.nodes.map((n) => (n.id === "b" ? node("b", { maxAttempts: 5 }) : n))],
      edges: branching.edges,
    };
    expect(await h.run(dag)).toEqual({ status: "FAILED", reason: 'step "B" (b) failed: column "q" does not exist' });
    expect(h.calls.filter((c) => c.startsWith("b"))).toEqual(["b#1"]);
    expect(h.statuses(dag).steps).toEqual({ a: "SUCCEEDED", b: "FAILED", c: "SUCCEEDED", d: "SKIPPED" });
    expect(h.events.find((e) => e.type === "STEP_FAILED")?.payload).toMatchObject({ location: { column: "q" } });
  });

  it("times a step out, retries it, and fails it when attempts run out", async () => {
    const hang: Behaviour = (inv) =>
      new Promise((_, reject) =>
        inv.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }),
      );
    const h = harness({ a: hang });
    const dag: Dag = { nodes: [node("a", { timeoutMs: 30, maxAttempts: 2, backoffMs: 1 })], edges: [] };
    expect(await h.run(dag)).toEqual({ status: "FAILED", reason: 'step "A" (a) failed: timed out after 30 ms' });
    expect(h.calls).toEqual(["a#1", "a#2"]);
  });

  it("cancels: the running step is aborted, pending ones are cancelled, the run ends CANCELLED", async () => {
    const controller = new AbortController();
    const h = harness({
      a: (inv) =>
        new Promise((_, reject) => {
          inv.signal.addEventListener("abort", () => reject(new Error("interrupted")), { once: true });
          setTimeout(() => controller.abort(new Error("cancelled by ada")), 10);
        }),
    });
    expect(await h.run(branching, controller.signal)).toEqual({ status: "CANCELLED", reason: "cancelled by ada" });
    expect(h.calls).toEqual(["a#1"]);
    expect(h.statuses(branching).steps).toEqual({ a: "CANCELLED", b: "CANCELLED", c: "CANCELLED", d: "CANCELLED" });
  });

  it("reuses the outputs of steps that succeeded before and runs only the rest", async () => {
    const h = harness({});
    const reused = new Map([["a", { ...ok(42) }]]);
    expect((await h.run(branching, undefined, reused)).status).toBe("SUCCEEDED");
    expect(h.calls.sort()).toEqual(["b#1", "c#1", "d#1"]);
    expect(h.events.find((e) => e.nodeId === "a")?.payload).toMatchObject({ reused: true, rowsOut: 42 });
  });

  it("does not run an attempt another engine has claimed", async () => {
    const h = harness({}, (nodeId) => nodeId !== "b");
    expect((await h.run(branching)).status).toBe("FAILED");
    expect(h.calls).not.toContain("b#1");
    expect(h.statuses(branching).steps["d"]).toBe("SKIPPED");
  });

  it("streams step logs and progress as events", async () => {
    const h = harness({
      a: (inv) => {
        inv.log("INFO", "reading 3 files");
        inv.progress({ rowsIn: 1000 });
        return Promise.resolve(ok(1000));
      },
    });
    await h.run({ nodes: [node("a")], edges: [] });
    expect(h.events.map((e) => e.type)).toEqual([
      "RUN_STARTED",
      "STEP_STARTED",
      "LOG",
      "STEP_PROGRESS",
      "STEP_SUCCEEDED",
      "RUN_SUCCEEDED",
    ]);
    expect(h.events[2]?.payload).toEqual({ level: "INFO", message: "reading 3 files" });
  });
});
