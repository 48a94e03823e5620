/**
 * Latency the Redis event bus adds between two API processes: process A publishes on the RedisEventBus, process B
 * (echo.ts, its own RedisEventBus) receives and publishes the payload back, A receives it; one way = round trip / 2,
 * so no clocks are compared. Payloads are run-event shaped (~230 bytes of JSON, with a Date). Sequential, after a warm-up.
 * Baseline in the same run: the same ping-pong on the in-memory bus inside one process (what one API process
 * costs without Redis). Prints one JSON line; target: one-way p50 < 1 ms.
 *
 * Redis: REDIS_URL when set, else a private `redis-server` on a free loopback port (skipped when not installed).
 * Options: --samples=N (default 2000).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { EventBus } from "../../api/src/events/event-bus.js";
import { MemoryEventBus } from "../../api/src/events/memory-event-bus.js";
import { RedisEventBus } from "../../api/src/events/redis-event-bus.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..", "..");
const samples = Number(process.argv.find((a) => a.startsWith("--samples="))?.slice(10) ?? 2000);
const WARMUP = 200;

interface Ping {
  i: number;
  event: { runId: string; seq: number; type: string; nodeId: string; payload: Record<string, unknown>; at: Date };
}

const ping = (i: number): Ping => ({
  i,
  event: {
    runId: "01J0000000000000000000RUN1",
    seq: i,
    type: "STEP_PROGRESS",
    nodeId: "load",
    payload: { rowsIn: i * 5000, rowsOut: i * 5000, message: 'appended 5000 rows into collection "events"' },
    at: new Date(),
  },
});

/** Sequential round trips: publish on `out`, wait for the same `i` on `back`. Returns round-trip times in ms. */
async function roundTrips(publisher: EventBus, out: string, back: AsyncIterableIterator<Ping>, count: number) {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await publisher.publish(out, ping(i));
    for (;;) {
      const next = await back.next();
      if (next.done) throw new Error("subscription ended");
      if (next.value.i === i) break;
    }
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? NaN) };
}

async function memoryBaseline(): Promise<number[]> {
  const bus = new MemoryEventBus();
  const pings = bus.subscribe<Ping>("ping");
  const pongs = bus.subscribe<Ping>("pong");
  const echo = (async () => {
    for await (const payload of pings) await bus.publish("pong", payload);
  })();
  await roundTrips(bus, "ping", pongs, WARMUP);
  const times = await roundTrips(bus, "ping", pongs, samples);
  await bus.close();
  await echo;
  return times.map((t) => t / 2);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** REDIS_URL, or a private redis-server; null when neither is available. */
async function redisForBench(): Promise<{ url: string; stop: () => Promise<void> } | null> {
  const fromEnv = process.env["REDIS_URL"];
  if (fromEnv) return { url: fromEnv, stop: () => Promise.resolve() };
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status !== 0) return null;
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "millrace-bench-redis-"));
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: "ignore" },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    try {
      const bus = await RedisEventBus.connect(url, { connectTimeoutMs: 500 });
      await bus.close();
      break;
    } catch (error) {
      if (tries > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function startEcho(url: string, prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(HERE, "echo.ts"), url, prefix], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`echo process exited with ${code}`)));
  });
}

const redis = await redisForBench();
if (!redis) {
  process.stdout.write(
    `${JSON.stringify({ bench: "redis-bus", skipped: "REDIS_URL unset and redis-server not installed" })}\n`,
  );
  process.exit(0);
}
let echo: ChildProcess | null = null;
const bus = await RedisEventBus.connect(redis.url);
try {
  const prefix = `bench:${randomUUID()}`;
  const pongs = bus.subscribe<Ping>(`${prefix}:pong`);
  await pongs.ready;
  echo = await startEcho(redis.url, prefix);
  await roundTrips(bus, `${prefix}:ping`, pongs, WARMUP);
  const rtt = await roundTrips(bus, `${prefix}:ping`, pongs, samples);
  const oneWay = stats(rtt.map((t) => t / 2));
  const memory = stats(await memoryBaseline());
  process.stdout.write(
    `${JSON.stringify({
      bench: "redis-bus",
      what: "RedisEventBus publish → subscriber in another process (one way = round trip / 2), loopback Redis",
      samples,
      payloadBytes: JSON.stringify(ping(0)).length,
      oneWayMs: oneWay,
      roundTripMs: stats(rtt),
      baseline: { memoryBusOneWayMs: memory },
      addedP50Ms: Math.round((oneWay.p50 - memory.p50) * 1000) / 1000,
      target: "one-way p50 < 1 ms",
      met: oneWay.p50 < 1,
    })}\n`,
  );
} finally {
  echo?.kill("SIGTERM");
  await bus.close();
  await redis.stop();
}
