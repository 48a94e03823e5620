/**
 * The query benchmark's server: the real Millrace API (SQLite store, or MongoDB with MONGODB_URL) seeded with
 * pipelines, `--runs` finished runs over the last 30 days and one run of 1,000 steps; beside it, on its own port but
 * in the same process and reading the same store, plain HTTP routes that answer each query's JSON without GraphQL:
 * the same store calls (one for the pipelines, one batched call for their last runs), the same fields picked
 * from the records, JSON.stringify. And a second GraphQL endpoint, the same HTTP server and Apollo configuration
 * (`startHttpServer`) on the same services and store but with `compiledQueries: false`: graphql-js executes every
 * query, as before graphql-jit (the "before" of the same run). Driven over IPC by run.ts.
 */
import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kind, parse, type SelectionSetNode } from "graphql";
import { startMillrace } from "../../api/src/app.js";
import { systemClock } from "../../api/src/common/clock.js";
import { newId } from "../../api/src/common/ids.js";
import { createLogger } from "../../api/src/common/logger.js";
import { loadConfig } from "../../api/src/config.js";
import { startHttpServer } from "../../api/src/server/http-server.js";
import { buildMillraceSchema } from "../../api/src/server/schema.js";
import { DashboardService } from "../../api/src/dashboard/dashboard.service.js";
import { initialProgress, type RunStatus } from "../../api/src/runs/run-state.js";
import { utcDay } from "../../api/src/store/collections.js";
import type { PipelineRecord, RunRecord } from "../../api/src/store/records.js";
import { DASHBOARD, PIPELINE_LIST, RUN_DETAIL } from "./queries.js";

const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const RUNS = Number(arg("runs", "100000"));
const PIPELINES = Number(arg("pipelines", "100"));
const STEPS = 1000;
const DAY_MS = 86_400_000;

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-queries-"));
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  SEED_DEMO: "false",
  LOG_LEVEL: "warn",
  SCHEDULER_ENABLED: "false",
  AUTH_MODE: "off",
  ...(process.env["MONGODB_URL"] ? { MONGODB_URL: process.env["MONGODB_URL"] } : {}),
});
const logger = createLogger("warn");
const app = await startMillrace(config, logger);
const { stores } = app;
const graphqlJsServer = await startHttpServer(
  {
    port: 0,
    host: "127.0.0.1",
    production: config.production,
    dataDir,
    uploadMaxBytes: config.uploadMaxBytes,
    compiledQueries: false,
  },
  { schema: await buildMillraceSchema(() => app.services), services: app.services, stores, logger },
);

// ---- seed ----
const now = Date.now();
const node = (i: number) => ({
  id: `n${i}`,
  kind: i === 0 ? "extract_synthetic" : "transform_filter",
  label: `Step ${i}`,
  config: { column: `c${i % 10}`, op: ">", value: i, note: "a filter with a few settings", tags: ["a", "b"] },
  position: { x: (i % 40) * 220, y: Math.floor(i / 40) * 120 },
  execution: { maxAttempts: 3, backoffMs: 500, timeoutMs: 60_000 },
});
const pipelines: PipelineRecord[] = Array.from({ length: PIPELINES }, (_, p) => {
  const nodes = Array.from({ length: 8 }, (_, i) => node(i));
  return {
    id: newId(),
    name: `pipeline ${p}`,
    description: `seeded pipeline ${p} for the query benchmark`,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: `n${i}`, target: n.id, targetHandle: "in" })),
    params: [],
    schedule: null,
    scheduled: false,
    tags: ["bench", `group-${p % 5}`],
    version: 1,
    createdAt: new Date(now - (PIPELINES - p) * 60_000),
    updatedAt: new Date(now - (PIPELINES - p) * 60_000),
  };
});
for (const p of pipelines) await stores.pipelines.insert(p);

const finished: RunStatus[] = ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "FAILED", "CANCELLED"];
function seededRun(i: number): RunRecord {
  const pipeline = pipelines[i % PIPELINES] as PipelineRecord;
  const createdAt = new Date(now - (i % 30) * DAY_MS - (i % 1000) * 1000 - 60_000);
  return {
    id: newId(),
    ...initialProgress(["n0"]),
    status: finished[i % finished.length] as RunStatus,
    startedAt: createdAt,
    finishedAt: new Date(createdAt.getTime() + (i % 97) * 1000),
    durationMs: (i % 97) * 1000,
    pipelineId: pipeline.id,
    pipelineName: pipeline.name,
    pipelineVersion: 1,
    snapshot: { nodes: [], edges: [] },
    trigger: "SCHEDULE",
    params: {},
    parentRunId: null,
    day: utcDay(createdAt),
    createdAt,
    leaseOwner: null,
    leaseExpiresAt: null,
    cancelRequestedAt: null,
  };
}
const seedStarted = performance.now();
// SQLite: the store's own insert, 5,000 to a transaction (its insert is synchronous underneath); MongoDB: in turn.
const sqliteDb =
  stores.kind === "sqlite" ? (stores.runs as unknown as { db: { transaction(f: () => void): () => void } }).db : null;
for (let i = 0; i < RUNS;) {
  const batch: Promise<void>[] = [];
  const end = Math.min(RUNS, i + 5000);
  if (sqliteDb)
    sqliteDb.transaction(() => {
      for (; i < end; i++) batch.push(stores.runs.insert(seededRun(i)));
    })();
  else for (; i < end; i++) await stores.runs.insert(seededRun(i));
  await Promise.all(batch);
}
const seedSeconds = (performance.now() - seedStarted) / 1000;

// The run with 1,000 steps: a finished run whose snapshot and steps have 1,000 entries.
const bigNodes = Array.from({ length: STEPS }, (_, i) => node(i));
const bigStart = new Date(now - 3_600_000);
const bigRun: RunRecord = {
  id: newId(),
  ...initialProgress(bigNodes.map((n) => n.id)),
  status: "SUCCEEDED",
  startedAt: bigStart,
  finishedAt: new Date(now - 60_000),
  durationMs: 3_540_000,
  pipelineId: (pipelines[0] as PipelineRecord).id,
  pipelineName: (pipelines[0] as PipelineRecord).name,
  pipelineVersion: 1,
  snapshot: {
    nodes: bigNodes,
    edges: bigNodes.slice(1).map((n, i) => ({ id: `e${i}`, source: `n${i}`, target: n.id, targetHandle: "in" })),
  },
  trigger: "MANUAL",
  params: { limit: 1000 },
  parentRunId: null,
  day: utcDay(bigStart),
  createdAt: bigStart,
  leaseOwner: null,
  leaseExpiresAt: null,
  cancelRequestedAt: null,
};
bigRun.steps = bigRun.steps.map((s, i) => ({
  ...s,
  status: "SUCCEEDED",
  attempts: 1,
  rowsIn: 1000 * i,
  rowsOut: 900 * i,
  bytes: 64_000 * i,
  durationMs: 1200 + i,
  startedAt: new Date(bigStart.getTime() + i * 1000),
  finishedAt: new Date(bigStart.getTime() + i * 1000 + 1200),
}));
await stores.runs.insert(bigRun);

// ---- the plain routes: same store calls, the query's fields picked, JSON.stringify ----
type Shape = { [field: string]: Shape | true };
function shapeOf(set: SelectionSetNode): Shape {
  const shape: Shape = {};
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    shape[selection.name.value] = selection.selectionSet ? shapeOf(selection.selectionSet) : true;
  }
  return shape;
}
/** The root field's selection of a query. */
function rootShape(query: string): Shape {
  const operation = parse(query).definitions[0];
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error("not an operation");
  const root = operation.selectionSet.selections[0];
  if (root?.kind !== Kind.FIELD || !root.selectionSet) throw new Error("no root field");
  return shapeOf(root.selectionSet);
}
function pick(value: unknown, shape: Shape | true): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (shape === true) return value;
  if (Array.isArray(value)) return value.map((v) => pick(v, shape));
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(shape)) out[key] = pick(record[key], shape[key] as Shape | true);
  return out;
}

const listShape = rootShape(PIPELINE_LIST);
const runShape = rootShape(RUN_DETAIL);
const dashboardShape = rootShape(DASHBOARD);
const dashboard = new DashboardService(stores, systemClock);

const plain = {
  async pipelines(first: number): Promise<unknown> {
    const page = await stores.pipelines.list({}, { first });
    const last = await stores.runs.latestByPipeline(page.items.map((p) => p.id));
    const nodes = page.items.map((p) => ({ ...p, lastRun: last.get(p.id) ?? null }));
    return {
      pipelines: pick(
        {
          totalCount: page.totalCount,
          pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
          nodes,
        },
        listShape,
      ),
    };
  },
  async run(id: string): Promise<unknown> {
    const run = await stores.runs.get(id);
    return { run: pick(run, runShape) };
  },
  async dashboard(days: number): Promise<unknown> {
    return { dashboardStats: pick(await dashboard.stats(days), dashboardShape) };
  },
};

const plainServer = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? "/", "http://x");
  const answer = (): Promise<unknown> => {
    switch (url.pathname) {
      case "/plain/pipelines":
        return plain.pipelines(Number(url.searchParams.get("first") ?? "50"));
      case "/plain/run":
        return plain.run(url.searchParams.get("id") ?? "");
      case "/plain/dashboard":
        return plain.dashboard(Number(url.searchParams.get("days") ?? "14"));
      default:
        return Promise.reject(new Error("not found"));
    }
  };
  answer().then(
    (data) => {
      const body = JSON.stringify({ data });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    },
    (error: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error));
    },
  );
});
plainServer.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => plainServer.listen(0, "127.0.0.1", resolve));
const plainAddress = plainServer.address();
const plainPort = typeof plainAddress === "object" && plainAddress !== null ? plainAddress.port : 0;

process.on("message", (raw: unknown) => {
  const message = raw as { cmd: string };
  void (async () => {
    switch (message.cmd) {
      case "cpu":
        return { cpu: process.cpuUsage(), at: performance.now() };
      case "exit":
        plainServer.closeAllConnections();
        plainServer.close();
        await graphqlJsServer.close();
        await app.close();
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
  graphqlUrl: `${app.server.url}/graphql`,
  graphqlJsUrl: `${graphqlJsServer.url}/graphql`,
  plainUrl: `http://127.0.0.1:${plainPort}`,
  bigRunId: bigRun.id,
  runs: RUNS + 1,
  pipelines: PIPELINES,
  seedSeconds: Math.round(seedSeconds * 10) / 10,
  store: process.env["MONGODB_URL"] ? "mongodb" : "sqlite",
});
