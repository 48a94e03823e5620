/**
 * Scale-out on loopback, with real processes: 2 API processes (`api/src/main.ts`) and 2 workers (`api/src/worker.ts`)
 * on one Redis, one store (MongoDB when MONGODB_URL is set — FerretDB in CI — else one SQLite file) and one DATA_DIR.
 *
 * - the Redis bus between two processes: one-way p50 (bench/redis-bus/run.ts), target < 1 ms;
 * - a graphql-ws subscriber on API 1 receives every event of a run started through API 2, in order, none missing,
 *   while every step runs on a worker;
 * - a worker SIGKILLed in the middle of a load: the job is re-delivered to the other worker as the same attempt,
 *   the run succeeds and the collection holds every row exactly once.
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, expect, it } from "vitest";
import { redact } from "../../api/src/config.js";
import { openStores } from "../../api/src/store/open-stores.js";
import type { Stores } from "../../api/src/store/ports.js";
import { dropDatabase, mongoUnavailable, uniqueDbName, withDbName } from "../contract/support/mongo-target.js";
import { REPO_ROOT, startServerProcess, type ServerProcess } from "../support/process.js";
import { describeWithRedis, testRedis } from "./support/redis.js";
import { startWorkerProcess, type WorkerProcess } from "./support/worker-process.js";

const availability = await testRedis();
const MONGODB_URL = process.env["MONGODB_URL"];
const mongoProblem = MONGODB_URL ? await mongoUnavailable(MONGODB_URL) : null;
const onMongo = MONGODB_URL !== undefined && mongoProblem === null;
/** Rows loaded in the kill test: enough for the load to take seconds on this store. */
const KILL_ROWS = onMongo ? 60_000 : 600_000;

interface EventView {
  seq: number;
  type: string;
  nodeId: string | null;
  payload: Record<string, unknown>;
  at: string;
}
interface RunView {
  id: string;
  status: string;
  error: string | null;
  steps: Array<{ nodeId: string; status: string; rowsOut: number | null; attempts: number }>;
}

async function gql<T>(server: ServerProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const RUN = `query($id: ID!) { run(id: $id) { id status error steps { nodeId status rowsOut attempts } } }`;

async function createPipeline(server: ServerProcess, input: Record<string, unknown>): Promise<string> {
  const data = await gql<{ createPipeline: { __typename: string; id?: string; message?: string } }>(
    server,
    `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { __typename ... on Pipeline { id } ... on InvalidPipeline { message } } }`,
    { input },
  );
  if (!data.createPipeline.id) throw new Error(JSON.stringify(data.createPipeline));
  return data.createPipeline.id;
}

async function startRun(server: ServerProcess, pipelineId: string): Promise<string> {
  const data = await gql<{ runPipeline: { id: string } }>(
    server,
    `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`,
    { id: pipelineId },
  );
  return data.runPipeline.id;
}

async function waitForRun(server: ServerProcess, runId: string, timeoutMs: number): Promise<RunView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await gql<{ run: RunView }>(server, RUN, { id: runId });
    if (!["QUEUED", "RUNNING"].includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.status} after ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function storedEvents(server: ServerProcess, runId: string): Promise<EventView[]> {
  const { run } = await gql<{ run: { events: EventView[] } }>(
    server,
    `query($id: ID!) { run(id: $id) { events(after: 0, first: 500) { seq type nodeId payload at } } }`,
    { id: runId },
  );
  return run.events;
}

/** Every event of the run from a graphql-ws subscription (after: 0), with when each arrived; ends with the run. */
function followRun(client: Client, runId: string): Promise<Array<{ event: EventView; receivedAt: number }>> {
  const received: Array<{ event: EventView; receivedAt: number }> = [];
  return new Promise((resolve, reject) => {
    client.subscribe<{ runEvents: EventView }>(
      {
        query: `subscription($id: ID!) { runEvents(runId: $id, after: 0) { seq type nodeId payload at } }`,
        variables: { id: runId },
      },
      {
        next: (result) => {
          if (result.errors || !result.data) reject(new Error(JSON.stringify(result.errors)));
          else received.push({ event: result.data.runEvents, receivedAt: Date.now() });
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(received),
      },
    );
  });
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** Runs bench/redis-bus/run.ts against `url` and returns its JSON line. */
function benchRedisBus(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "bench/redis-bus/run.ts", "--samples=1000"], {
      cwd: REPO_ROOT,
      env: { ...process.env, REDIS_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith('{"bench"'));
      if (code === 0 && line) resolve(JSON.parse(line) as Record<string, unknown>);
      else reject(new Error(`bench exited with ${code}:\n${out}`));
    });
  });
}

describeWithRedis("scale-out: 2 API processes + 2 workers, one Redis, one store, one DATA_DIR", availability, () => {
  let dataDir = "";
  let dbName: string | null = null;
  let mongodbUrl: string | undefined;
  let stores: Stores | null = null;
  const apis: ServerProcess[] = [];
  const workers: WorkerProcess[] = [];
  const clients: Client[] = [];

  beforeAll(async () => {
    if (MONGODB_URL !== undefined && mongoProblem !== null && process.env["CI"] === "true")
      throw new Error(`MongoDB at ${redact(MONGODB_URL)} is unreachable (${mongoProblem}); CI must not fall back`);
    dataDir = await mkdtemp(path.join(tmpdir(), "millrace-scale-"));
    if (onMongo) {
      dbName = uniqueDbName();
      mongodbUrl = withDbName(MONGODB_URL, dbName);
    }
    const shared = {
      DATA_DIR: dataDir,
      MONGODB_URL: mongodbUrl,
      REDIS_URL: availability.redis!.url,
      // Its own keys and channels: hermetic even on a Redis other tests (or a developer's workers) use.
      REDIS_PREFIX: `scale-${randomUUID()}`,
      SEED_DEMO: "false",
      LOG_LEVEL: "info",
    };
    // One after the other: the first creates the store's schema and indexes.
    apis.push(await startServerProcess(shared, 60_000));
    apis.push(await startServerProcess(shared, 60_000));
    const workerEnv = {
      ...shared,
      WORKER_CONCURRENCY: "2",
      // A killed worker's job is re-delivered within about lock + stalled interval.
      WORKER_LOCK_MS: "3000",
      WORKER_STALLED_INTERVAL_MS: "1000",
      WORKER_RUN_CHECK_MS: "1000",
    };
    workers.push(
      ...(await Promise.all([startWorkerProcess(workerEnv, 60_000), startWorkerProcess(workerEnv, 60_000)])),
    );
    stores = await openStores({ mongodbUrl, dataDir });
    process.stdout.write(
      `scale-out: store ${onMongo ? `MongoDB (${redact(MONGODB_URL)}, db ${dbName})` : "SQLite (one shared file)"}` +
        `${MONGODB_URL !== undefined && !onMongo ? ` — MONGODB_URL unreachable: ${mongoProblem}` : ""}; ` +
        `Redis ${availability.redis!.origin === "env" ? "from the environment" : "private redis-server"}; ` +
        `workers ${workers.map((w) => w.name).join(", ")}\n`,
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await Promise.all(workers.map((w) => w.stop("SIGTERM")));
    await Promise.all(apis.map((a) => a.stop("SIGTERM")));
    await stores?.close();
    if (dbName) await dropDatabase(dbName).catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await availability.redis?.stop();
  }, 60_000);

  const api = (n: 1 | 2): ServerProcess => apis[n - 1]!;
  const wsClient = (server: ServerProcess): Client => {
    const client = createClient({
      url: `${server.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    clients.push(client);
    return client;
  };
  const stepStarts = (runId: string) =>
    workers.flatMap((w) =>
      w
        .logs()
        .filter((l) => l["msg"] === "step started" && l["runId"] === runId)
        .map((l) => ({ worker: w.name, nodeId: String(l["nodeId"]), delivery: Number(l["delivery"]) })),
    );

  it("the Redis bus adds under 1 ms between two processes (one-way p50; target < 1 ms)", async () => {
    const figures = await benchRedisBus(availability.redis!.url);
    const oneWay = figures["oneWayMs"] as { p50: number; p95: number; p99: number };
    process.stdout.write(
      `redis-bus: one-way p50 ${oneWay.p50} ms, p95 ${oneWay.p95} ms, p99 ${oneWay.p99} ms between two processes ` +
        `(target p50 < 1 ms: ${oneWay.p50 < 1 ? "met" : "NOT met"}); ${JSON.stringify(figures)}\n`,
    );
    // The target is 1 ms; the assertion leaves room for a CI machine busy with the other test files, and still
    // fails a bus that waits on anything but the network (a poll, a timer, a round trip per subscriber).
    expect(oneWay.p50).toBeLessThan(5);
  }, 60_000);

  it("a subscriber on API 1 sees every event of a run started through API 2, in order; the steps run on the workers", async () => {
    const pipelineId = await createPipeline(api(2), {
      name: "Scale-out: events across API processes",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 300_000, numericColumns: 3, categories: 7, seed: 3 } },
        { id: "sort", kind: "sort", config: { by: [{ column: "x1", descending: true }] } },
        { id: "per", kind: "aggregate", config: { groupBy: ["category"], aggregations: [{ fn: "COUNT", as: "n" }] } },
        { id: "load", kind: "load_collection", config: { collection: "scale_summary", mode: "REPLACE" } },
      ],
      edges: [
        { source: "gen", target: "sort" },
        { source: "sort", target: "per" },
        { source: "per", target: "load" },
      ],
    });
    const runId = await startRun(api(2), pipelineId);
    const received = await followRun(wsClient(api(1)), runId);
    const events = received.map((r) => r.event);

    const run = await waitForRun(api(1), runId, 10_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events.at(-1)?.type).toBe("RUN_SUCCEEDED");
    const stored = await storedEvents(api(2), runId);
    expect(events.map(({ seq, type, nodeId }) => ({ seq, type, nodeId }))).toEqual(
      stored.map(({ seq, type, nodeId }) => ({ seq, type, nodeId })),
    );
    expect(events).toEqual(stored);

    // Every step ran on a worker (once), none in the API processes.
    const starts = stepStarts(runId);
    expect(starts.map((s) => s.nodeId).sort()).toEqual(["gen", "load", "per", "sort"]);
    expect(await stores!.rows.count("scale_summary")).toBe(7);

    const latencies = received.map((r) => r.receivedAt - Date.parse(r.event.at));
    process.stdout.write(
      `events across API processes: ${events.length} events, steps on ${[...new Set(starts.map((s) => s.worker))].join(" + ")}; ` +
        `event recorded on API 2 → received by the API 1 subscriber: p50 ${percentile(latencies, 0.5)} ms, ` +
        `p95 ${percentile(latencies, 0.95)} ms (store append + Redis + GraphQL over WebSocket; events that came ` +
        `from the replay count from their recording)\n`,
    );
  }, 120_000);

  it("a worker SIGKILLed mid-load: the step runs again on the other worker and every row is loaded exactly once", async () => {
    const pipelineId = await createPipeline(api(1), {
      name: "Scale-out: kill a worker mid-load",
      nodes: [
        {
          id: "gen",
          kind: "extract_synthetic",
          config: { rows: KILL_ROWS, numericColumns: 2, categories: 5, seed: 11 },
        },
        { id: "load", kind: "load_collection", config: { collection: "scale_rows", mode: "APPEND" } },
      ],
      edges: [{ source: "gen", target: "load" }],
    });
    const runId = await startRun(api(2), pipelineId);

    // Find the worker that took the load, and let it write some rows before it dies.
    const deadline = Date.now() + 60_000;
    let victim: WorkerProcess | undefined;
    while (!victim) {
      const start = stepStarts(runId).find((s) => s.nodeId === "load");
      victim = workers.find((w) => w.name === start?.worker);
      if (Date.now() > deadline) throw new Error("no worker started the load step");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    let partial = 0;
    while ((partial = await stores!.rows.count("scale_rows")) === 0) {
      if (Date.now() > deadline) throw new Error("the load wrote no row");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await victim.stop("SIGKILL");
    expect(partial, `the load finished before the kill; raise KILL_ROWS`).toBeLessThan(KILL_ROWS);
    const killedAt = Date.now();

    const run = await waitForRun(api(1), runId, 120_000);
    expect(run.status, run.error ?? "").toBe("SUCCEEDED");
    const load = run.steps.find((s) => s.nodeId === "load");
    expect(load).toMatchObject({ status: "SUCCEEDED", rowsOut: KILL_ROWS, attempts: 1 });
    expect(await stores!.rows.count("scale_rows")).toBe(KILL_ROWS);

    // The same attempt, delivered twice: once to the killed worker, once to the survivor; claimed once.
    const survivor = workers.find((w) => w !== victim)!;
    const loads = stepStarts(runId)
      .filter((s) => s.nodeId === "load")
      .sort((a, b) => a.delivery - b.delivery);
    expect(loads).toEqual([
      { worker: victim.name, nodeId: "load", delivery: 1 },
      { worker: survivor.name, nodeId: "load", delivery: 2 },
    ]);
    const events = await storedEvents(api(2), runId);
    expect(events.filter((e) => e.type === "STEP_STARTED" && e.nodeId === "load")).toHaveLength(1);
    expect(
      events.some(
        (e) => e.type === "LOG" && String(e.payload["message"]).includes(`re-delivered to worker ${survivor.name}`),
      ),
    ).toBe(true);
    process.stdout.write(
      `worker kill: ${partial} of ${KILL_ROWS} rows written when ${victim.name} was killed; the run succeeded ` +
        `${Date.now() - killedAt} ms later on ${survivor.name}, with ${KILL_ROWS} rows loaded once\n`,
    );
  }, 180_000);
});
