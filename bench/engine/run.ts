/**
 * Engine overhead: a 40-node chain and a 1,000-node fan-out of no-op steps, every event persisted (SQLite, WAL)
 * and published, as in production. Baseline in the same run: the same number of events appended straight to the
 * store with no engine (the floor the engine cannot beat). Prints one JSON line.
 */
import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { SAMPLES_DIR } from "../../api/src/app.js";
import { systemClock } from "../../api/src/common/clock.js";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { createLogger } from "../../api/src/common/logger.js";
import type { StepExecutor } from "../../api/src/engine/step-runtime.js";
import { MemoryEventBus } from "../../api/src/events/memory-event-bus.js";
import type { PipelineEdge, PipelineNode } from "../../api/src/pipelines/dag.js";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import { currentVersionOf } from "../../api/src/runs/run.service.js";
import { createServices, type Services } from "../../api/src/server/services.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";

const noop: StepExecutor = {
  run: () => Promise.resolve({ output: null, rowsIn: 0, rowsOut: 0, bytes: 0 }),
};

function node(id: string): PipelineNode {
  return { id, kind: "filter", label: id, config: { where: "true" }, position: { x: 0, y: 0 } };
}

function chain(n: number): { nodes: PipelineNode[]; edges: PipelineEdge[] } {
  const nodes = [
    { ...node("n0"), kind: "extract_sample", config: { sample: "hmp" } },
    ...Array.from({ length: n - 1 }, (_, i) => node(`n${i + 1}`)),
  ];
  const edges = Array.from({ length: n - 1 }, (_, i) => ({ id: `e${i}`, source: `n${i}`, target: `n${i + 1}` }));
  return { nodes, edges };
}

function fanOut(n: number): { nodes: PipelineNode[]; edges: PipelineEdge[] } {
  const root = { ...node("root"), kind: "extract_sample", config: { sample: "hmp" } };
  const leaves = Array.from({ length: n - 1 }, (_, i) => node(`leaf${i}`));
  return { nodes: [root, ...leaves], edges: leaves.map((l, i) => ({ id: `e${i}`, source: "root", target: l.id })) };
}

async function timeRun(
  services: Services,
  name: string,
  dag: { nodes: PipelineNode[]; edges: PipelineEdge[] },
  concurrency: number,
) {
  const saved = await services.pipelines.create({ name, nodes: dag.nodes, edges: dag.edges });
  if (!("version" in saved)) throw new Error(saved.message);
  const started = performance.now();
  const run = await services.engine.runPipeline(saved.id, null, "API");
  for (;;) {
    const current = await services.runs.get(run.id);
    if (current.status === "SUCCEEDED" || current.status === "FAILED") {
      if (current.status !== "SUCCEEDED") throw new Error(`run failed: ${current.error}`);
      const ms = performance.now() - started;
      return {
        steps: dag.nodes.length,
        concurrency,
        events: current.lastSeq,
        totalMs: round(ms),
        perStepMs: round(ms / dag.nodes.length),
      };
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The floor: the same run's events (start/succeed per step) written straight to the store in one append, no engine. */
async function floor(services: Services, name: string, dag: { nodes: PipelineNode[]; edges: PipelineEdge[] }) {
  const saved = await services.pipelines.create({ name, nodes: dag.nodes, edges: dag.edges });
  if (!("version" in saved)) throw new Error(saved.message);
  const run = await services.runs.create({ ...currentVersionOf(saved), trigger: "API" });
  const at = new Date();
  const events: NewRunEvent[] = [
    { type: "RUN_STARTED", at },
    ...dag.nodes.flatMap((n): NewRunEvent[] => [
      { type: "STEP_STARTED", nodeId: n.id, payload: { attempt: 1 }, at },
      { type: "STEP_SUCCEEDED", nodeId: n.id, payload: { rowsIn: 0, rowsOut: 0, bytes: 0, durationMs: 0 }, at },
    ]),
    { type: "RUN_SUCCEEDED", at },
  ];
  const started = performance.now();
  await services.runs.append(run.id, events);
  const ms = performance.now() - started;
  return { events: events.length, totalMs: round(ms), perStepMs: round(ms / dag.nodes.length) };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

const dir = await mkdtemp(path.join(tmpdir(), "millrace-bench-engine-"));
const stores = openSqliteStores(path.join(dir, "bench.sqlite"));
const data = await openDuckDbEngine({ dataDir: dir, samplesDir: SAMPLES_DIR });
const services = createServices(stores, new MemoryEventBus(), {
  data,
  samplesDir: SAMPLES_DIR,
  clock: systemClock,
  logger: createLogger("silent"),
  stepExecutor: noop,
  engine: { concurrency: 8, leaseTtlMs: 30_000, sweepIntervalMs: 60_000 },
});
try {
  await timeRun(services, "warm-up", chain(10), 8);
  const chain40 = await timeRun(services, "chain-40", chain(40), 8);
  const fan1000 = await timeRun(services, "fanout-1000", fanOut(1000), 8);
  const chainFloor = await floor(services, "floor-chain-40", chain(40));
  const fanFloor = await floor(services, "floor-fanout-1000", fanOut(1000));
  const result = {
    bench: "engine-overhead",
    store: "sqlite",
    chain40: { ...chain40, floor: chainFloor, overheadPerStepMs: round(chain40.perStepMs - chainFloor.perStepMs) },
    fanOut1000: { ...fan1000, floor: fanFloor, overheadPerStepMs: round(fan1000.perStepMs - fanFloor.perStepMs) },
    floor: "the same events written by one direct append (store + bus), no engine",
    target: { perStepMs: 5, published: { prefectPerTaskMs: 50 } },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await services.engine.close();
  await data.close();
  await stores.close();
  await rm(dir, { recursive: true, force: true });
}
