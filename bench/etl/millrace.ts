// Runner: Millrace's steps chained by the engine (executeRun): extract_file → filter → derive → aggregate → load_file.
// MILLRACE_LAZY=0 makes every step write its output (no views), as Millrace did before lazy row-wise steps.
import { rm } from "node:fs/promises";
import path from "node:path";
import { systemClock } from "../../api/src/common/clock.js";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { abortableSleep, executeRun } from "../../api/src/engine/executor.js";
import type { Dag } from "../../api/src/pipelines/dag.js";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import { createStepExecutor } from "../../api/src/steps/step-executor.js";
import {
  AGGREGATIONS,
  DATA_DIR,
  DERIVE,
  FILTER,
  GROUP_BY,
  INPUT_CSV,
  ITERATIONS,
  ROOT,
  maxRssMB,
  type RunnerReport,
} from "./spec.js";

const node = (id: string, kind: string, config: Record<string, unknown>) => ({
  id,
  kind,
  label: id,
  config,
  position: { x: 0, y: 0 },
});
const dag: Dag = {
  nodes: [
    node("extract", "extract_file", { path: INPUT_CSV }),
    node("filter", "filter", { where: FILTER }),
    node("derive", "derive", { columns: [DERIVE] }),
    node("aggregate", "aggregate", { groupBy: GROUP_BY, aggregations: AGGREGATIONS }),
    node("load", "load_file", { path: "out/millrace.parquet", format: "PARQUET" }),
  ],
  edges: [
    { id: "e1", source: "extract", target: "filter" },
    { id: "e2", source: "filter", target: "derive" },
    { id: "e3", source: "derive", target: "aggregate" },
    { id: "e4", source: "aggregate", target: "load" },
  ],
};

const samplesDir = path.join(ROOT, "data");
const engine = await openDuckDbEngine({ dataDir: DATA_DIR, samplesDir });
const lazyRowSteps = process.env["MILLRACE_LAZY"] !== "0";
const steps = createStepExecutor({ engine, samplesDir, resolveDataset: () => Promise.resolve(null), lazyRowSteps });
const times: number[] = [];
const stepTimes: Record<string, number> = {};
let rowsIn = 0;
for (let i = 0; i < ITERATIONS; i++) {
  const runId = `bench${process.pid}x${i}`;
  const events: NewRunEvent[] = [];
  const started = performance.now();
  const outcome = await executeRun(
    { runId, dag, params: {}, reused: new Map() },
    {
      append: (_id, batch) => Promise.resolve(events.push(...batch)),
      steps,
      clock: systemClock,
      sleep: abortableSleep,
      claimStep: () => Promise.resolve(true),
    },
    { concurrency: 2 },
    new AbortController().signal,
  );
  const seconds = (performance.now() - started) / 1000;
  if (outcome.status !== "SUCCEEDED") {
    throw new Error(`pipeline ${outcome.status}: ${"reason" in outcome ? outcome.reason : ""}`);
  }
  const succeeded = events.filter((e) => e.type === "STEP_SUCCEEDED");
  rowsIn = Number(succeeded.find((e) => e.nodeId === "extract")?.payload?.["rowsIn"]);
  // Per-step times of the best run, to show where the time goes.
  if (times.every((t) => seconds < t)) {
    for (const e of succeeded) stepTimes[e.nodeId ?? "?"] = Number(e.payload?.["durationMs"]);
  }
  times.push(seconds);
  // Only this process's run folders: the data directory may be shared with another benchmark.
  await rm(path.join(DATA_DIR, "runs", runId), { recursive: true, force: true });
}
const [sums] = await engine.query(
  `SELECT count(*) AS groups, sum(n) AS n, sum(revenue) AS revenue FROM read_parquet('${path.join(engine.dataDir, "files", "out", "millrace.parquet")}')`,
);
await engine.close();
const report: RunnerReport & { stepMs: Record<string, number> } = {
  seconds: Math.min(...times),
  coldSeconds: times[0]!,
  rowsIn,
  groups: Number(sums!["groups"]),
  checksum: { n: Number(sums!["n"]), revenue: Number(sums!["revenue"]) },
  maxRssMB: maxRssMB(),
  stepMs: stepTimes,
};
console.log(JSON.stringify(report));
