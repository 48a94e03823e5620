/**
 * The soak's Millrace: the real API (SQLite, or MongoDB with MONGODB_URL) with `--concurrent` runs of a small real
 * pipeline (synthetic rows → filter → derive, on DuckDB) kept in flight through the engine: whenever one ends,
 * another starts. Samples memory (after a full collection) and open handles on request. Driven over IPC by run.ts.
 */
import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startMillrace } from "../../api/src/app.js";
import { createLogger } from "../../api/src/common/logger.js";
import { loadConfig } from "../../api/src/config.js";
import { TERMINAL_RUN_STATUSES } from "../../api/src/runs/run-state.js";

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const CONCURRENT = Number(arg("concurrent", "50"));

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-soak-"));
const mongodbUrl = process.env["MONGODB_URL"];
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  SEED_DEMO: "false",
  LOG_LEVEL: process.env["SOAK_LOG_LEVEL"] ?? "error",
  SCHEDULER_ENABLED: "false",
  AUTH_MODE: "off",
  ...(mongodbUrl ? { MONGODB_URL: mongodbUrl } : {}),
});
const app = await startMillrace(config, createLogger(config.logLevel));
const { services, stores } = app;

const saved = await services.pipelines.create({
  name: `soak ${Date.now()}`,
  nodes: [
    {
      id: "gen",
      kind: "extract_synthetic",
      label: "Rows",
      config: { rows: 2000, numericColumns: 3, categories: 5, seed: 7 },
      position: { x: 0, y: 0 },
    },
    { id: "keep", kind: "filter", label: "Keep", config: { where: "id % 2 = 0" }, position: { x: 200, y: 0 } },
    {
      id: "calc",
      kind: "derive",
      label: "Calc",
      config: { columns: [{ name: "twice", expression: "id * 2" }] },
      position: { x: 400, y: 0 },
    },
  ],
  edges: [
    { id: "e1", source: "gen", target: "keep", targetHandle: "in" },
    { id: "e2", source: "keep", target: "calc", targetHandle: "in" },
  ],
});
if (!("version" in saved)) throw new Error(`pipeline refused: ${saved.message}`);
const pipelineId = saved.id;

let cycling = false;
let started = 0;
let startErrors = 0;
let firstError = "";
const active = new Set<string>();
const outcomes: Record<string, number> = {};

/** Keeps CONCURRENT runs in flight while cycling; the engine's events tell when one ended. */
async function startOne(): Promise<void> {
  try {
    const run = await services.engine.runPipeline(pipelineId, null, "API");
    started++;
    active.add(run.id);
  } catch (error) {
    startErrors++;
    firstError ||= String(error);
  }
}

/** Tops up to CONCURRENT runs in flight (a start that fails is counted and retried on the next event or tick). */
let topping = false;
async function topUp(): Promise<void> {
  if (topping) return;
  topping = true;
  try {
    for (let missing = CONCURRENT - active.size; cycling && missing > 0; missing--) {
      const before = startErrors;
      await startOne();
      if (startErrors > before) break;
    }
  } finally {
    topping = false;
  }
}

function ended(id: string, status: string, error: string | null): void {
  if (!active.delete(id)) return;
  outcomes[status] = (outcomes[status] ?? 0) + 1;
  if (status !== "SUCCEEDED") firstError ||= `run ${id} ${status}: ${error ?? ""}`;
  void topUp();
}

// Run states as the API publishes them (what pipelineRuns subscribers get): a terminal one frees a slot.
const watching = (async () => {
  for await (const run of services.runs.watch(pipelineId)) {
    if (TERMINAL_RUN_STATUSES.has(run.status)) ended(run.id, run.status, run.error);
  }
})();
// A safety net (an event missed would leave a slot taken): every 5 s, the store's word on the active runs.
let checking = false;
const check = setInterval(() => {
  if (checking) return;
  checking = true;
  void (async () => {
    for (const id of [...active]) {
      const run = await stores.runs.get(id);
      if (run && TERMINAL_RUN_STATUSES.has(run.status)) ended(id, run.status, run.error);
    }
    await topUp();
  })()
    .catch((error: unknown) => {
      startErrors++;
      firstError ||= String(error);
    })
    .finally(() => (checking = false));
}, 5000);

/** How long the event loop was held between two turns (what delays every accept, frame and query), per sample. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function sample(): Record<string, unknown> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  const resources = process.getActiveResourcesInfo();
  const byType: Record<string, number> = {};
  for (const r of resources) byType[r] = (byType[r] ?? 0) + 1;
  const delay = {
    p50Ms: Math.round(loopDelay.percentile(50) / 1e6),
    p99Ms: Math.round(loopDelay.percentile(99) / 1e6),
    maxMs: Math.round(loopDelay.max / 1e6),
  };
  loopDelay.reset();
  return {
    loopDelay: delay,
    rssMB: Math.round((m.rss / 1024 / 1024) * 10) / 10,
    heapMB: Math.round((m.heapUsed / 1024 / 1024) * 10) / 10,
    externalMB: Math.round((m.external / 1024 / 1024) * 10) / 10,
    handles: resources.length,
    handlesByType: byType,
    ws: app.server.webSocketStats(),
  };
}

process.on("message", (raw: unknown) => {
  const message = raw as { cmd: string };
  void (async () => {
    switch (message.cmd) {
      case "cycle":
        cycling = true;
        await topUp();
        return {};
      case "sample":
        return { ...sample(), started, active: active.size, outcomes, startErrors };
      case "drain": {
        cycling = false;
        const deadline = Date.now() + 120_000;
        while (active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        // Every run this pipeline ever had, as the store sees it: none may be left QUEUED or RUNNING.
        const notTerminal = await stores.runs.count({ pipelineId, status: ["QUEUED", "RUNNING"] });
        const total = await stores.runs.count({ pipelineId });
        return { started, active: active.size, outcomes, startErrors, firstError, notTerminal, total };
      }
      case "exit":
        clearInterval(check);
        await app.close();
        await Promise.race([watching, new Promise((r) => setTimeout(r, 1000))]);
        await rm(dataDir, { recursive: true, force: true });
        process.exit(0);
        return {};
      default:
        return {};
    }
  })().then((reply) => process.send?.({ type: message.cmd, ...reply }));
});

process.send?.({
  type: "ready",
  url: app.server.url,
  pipelineId,
  store: mongodbUrl ? "mongodb" : "sqlite",
});
