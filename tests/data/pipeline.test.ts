// The data steps run by the lead's engine (executeRun), as a pipeline run would run them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../api/src/common/clock.js";
import { abortableSleep, executeRun } from "../../api/src/engine/executor.js";
import type { Dag } from "../../api/src/pipelines/dag.js";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import { createStepExecutor } from "../../api/src/steps/step-executor.js";
import { openHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

async function run(runId: string, dag: Dag, signal = new AbortController().signal) {
  const events: NewRunEvent[] = [];
  const outcome = await executeRun(
    { runId, dag, params: {}, reused: new Map() },
    {
      append: (_id, batch) => Promise.resolve(events.push(...batch)),
      steps: createStepExecutor(h.deps),
      clock: systemClock,
      sleep: abortableSleep,
      claimStep: () => Promise.resolve(true),
    },
    { concurrency: 2 },
    signal,
  );
  return { outcome, events };
}

const node = (id: string, kind: string, config: Record<string, unknown>) => ({
  id,
  kind,
  label: id,
  config,
  position: { x: 0, y: 0 },
});

describe("a pipeline of data steps", () => {
  it("runs HMP → filter → window → aggregate → load_file", async () => {
    const dag: Dag = {
      nodes: [
        node("src", "extract_sample", { sample: "hmp" }),
        node("walk", "filter", { where: "class IN ('Walk', 'Climb_stairs')" }),
        node("win", "window", {
          partitionBy: ["source"],
          columns: ["x", "y", "z"],
          stats: ["MEAN", "MAGNITUDE_MEAN"],
          keep: ["class"],
        }),
        node("agg", "aggregate", {
          groupBy: ["class"],
          aggregations: [
            { fn: "COUNT", as: "windows" },
            { fn: "AVG", column: "magnitude_mean", as: "magnitude" },
          ],
        }),
        node("out", "load_file", { path: "results/walk.csv", format: "CSV" }),
      ],
      edges: [
        { id: "e1", source: "src", target: "walk" },
        { id: "e2", source: "walk", target: "win" },
        { id: "e3", source: "win", target: "agg" },
        { id: "e4", source: "agg", target: "out" },
      ],
    };
    const { outcome, events } = await run("pipe1", dag);
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    const succeeded = events.filter((e) => e.type === "STEP_SUCCEEDED");
    expect(succeeded.map((e) => e.nodeId)).toEqual(["src", "walk", "win", "agg", "out"]);
    expect(succeeded[0]!.payload).toMatchObject({ rowsIn: 392_080, rowsOut: 392_080 });
    const agg = await h.engine.query(
      "SELECT * FROM read_csv($$" + `${h.filesDir}/results/walk.csv` + "$$) ORDER BY class",
    );
    expect(agg.map((r) => r["class"])).toEqual(["Climb_stairs", "Walk"]);
    expect(events.filter((e) => e.type === "LOG").length).toBeGreaterThanOrEqual(5);
  });

  it("records a bad CSV's file and line on STEP_FAILED and skips what follows", async () => {
    await h.file("bad.csv", "a,b\n1,2\n3\n");
    const dag: Dag = {
      nodes: [node("read", "extract_file", { path: "bad.csv" }), node("keep", "filter", { where: "a > 0" })],
      edges: [{ id: "e1", source: "read", target: "keep" }],
    };
    const { outcome, events } = await run("pipe2", dag);
    expect(outcome.status).toBe("FAILED");
    const failed = events.find((e) => e.type === "STEP_FAILED")!;
    expect(failed.payload).toMatchObject({
      error: 'step "read" (read): ragged CSV "bad.csv" line 3: expected 2 fields, found 1',
      location: { file: "bad.csv", line: 3 },
      attempt: 1,
    });
    expect(events.find((e) => e.type === "STEP_SKIPPED")?.nodeId).toBe("keep");
  });

  it("cancels a running query when the run is cancelled", async () => {
    const dag: Dag = {
      nodes: [
        node("gen", "extract_synthetic", { rows: 10, numericColumns: 1, categories: 1 }),
        node("slow", "sql", {
          query: "SELECT a.range FROM range(1000000000) a, range(100000) b, input WHERE a.range * b.range = -1",
        }),
      ],
      edges: [{ id: "e1", source: "gen", target: "slow" }],
    };
    const cancel = new AbortController();
    const started = performance.now();
    const running = run("pipe3", dag, cancel.signal);
    setTimeout(() => cancel.abort(new Error("cancelled by user")), 400);
    const { outcome, events } = await running;
    expect(outcome).toEqual({ status: "CANCELLED", reason: "cancelled by user" });
    expect(events.some((e) => e.type === "STEP_CANCELLED" && e.nodeId === "slow")).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
    expect((await h.runFiles("pipe3")).filter((f) => f.includes("slow"))).toEqual([]);
  });
});
