/**
 * The Redis the scale-out tests use: TEST_REDIS_URL (what `.ci/run` exports) or REDIS_URL when set; else, when
 * `redis-server` is on PATH, a private one started on a free loopback port and stopped at the end. Without either
 * the tests skip locally and fail under CI (CI=true), so a missing service never turns into a green build.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { describe, it } from "vitest";
import { freePort } from "../../support/process.js";

export interface TestRedis {
  url: string;
  /** Where it came from, for the test output. */
  origin: "env" | "private";
  stop(): Promise<void>;
}

export type RedisAvailability = { redis: TestRedis; reason: null } | { redis: null; reason: string };

export async function testRedis(): Promise<RedisAvailability> {
  const fromEnv = process.env["TEST_REDIS_URL"] ?? process.env["REDIS_URL"];
  if (fromEnv) {
    const problem = await unreachable(fromEnv);
    if (problem !== null) return { redis: null, reason: `Redis at ${fromEnv} is unreachable: ${problem}` };
    return { redis: { url: fromEnv, origin: "env", stop: () => Promise.resolve() }, reason: null };
  }
  if (spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status !== 0)
    return { redis: null, reason: "TEST_REDIS_URL/REDIS_URL unset and redis-server is not on PATH" };
  return { redis: await startPrivateRedis(), reason: null };
}

/** `describe` that needs Redis: runs, skips (locally) or fails (under CI). */
export function describeWithRedis(name: string, availability: RedisAvailability, body: () => void): void {
  if (availability.redis !== null) describe(name, body);
  else if (process.env["CI"] === "true")
    describe(name, () => {
      it("needs Redis under CI", () => {
        throw new Error(`${availability.reason}; CI must not skip the scale-out tests`);
      });
    });
  else describe.skip(`${name} (${availability.reason})`, body);
}

async function startPrivateRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "millrace-redis-"));
  const child: ChildProcess = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while ((await unreachable(url)) !== null) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    origin: "private",
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function unreachable(url: string): Promise<string | null> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}
