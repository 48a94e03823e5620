/**
 * Steps as BullMQ jobs, in one process: the API side (QueuedStepExecutor, and the real executor on top of it) and
 * workers (startStepWorker) with scripted step behaviours, on a real Redis. What crosses processes is exercised
 * here; tests/scale/scale-out.test.ts does it with real processes, the real store and real steps.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { systemClock } from "../../api/src/common/clock.js";
import { createLogger } from "../../api/src/common/logger.js";
import { abortableSleep, executeRun } from "../../api/src/engine/executor.js";
import { StepError, type StepInvocation, type StepResult } from "../../api/src/engine/step-runtime.js";
import { RedisEventBus } from "../../api/src/events/redis-event-bus.js";
import type { PipelineNode } from "../../api/src/pipelines/dag.js";
import { QueuedStepExecutor } from "../../api/src/queue/queued-step-executor.js";
import { STEP_QUEUE, stepJobId } from "../../api/src/queue/step-jobs.js";
import { startStepWorker, type StepWorker, type StepWorkerSettings } from "../../api/src/queue/step-worker.js";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import type { RunRecord } from "../../api/src/store/records.js";
import { describeWithRedis } from "./support/redis.js";
import { testRedis } from "./support/redis.js";

const availability = await testRedis();
const logger = createLogger("silent");

type Behaviour = (invocation: StepInvocation, delivery: number) => Promise<StepResult>;

const node = (kind: string, id = kind): PipelineNode => ({
  id,
  kind,
  label: id.toUpperCase(),
  config: { collection: "c", nested: { list: [1, 2] } },
  position: { x: 1, y: 2 },
});
const output = (rows: number) => ({ location: `runs/r/${rows}.parquet`, rows, bytes: rows * 8, columns: [] });
const result = (rows: number, extra: Partial<StepResult> = {}): StepResult => ({
  output: output(rows),
  rowsIn: rows,
  rowsOut: rows,
  bytes: rows * 8,
  ...extra,
});

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describeWithRedis("steps as BullMQ jobs (QueuedStepExecutor ⇄ step workers)", availability, () => {
  const url = (): string => availability.redis!.url;
  /** The fake store the workers read runs from: RUNNING unless a test says otherwise. */
  const runs = new Map<string, Pick<RunRecord, "status" | "cancelRequestedAt" | "steps">>();
  const fakeRuns = {
    get: (id: string) =>
      Promise.resolve(
        (runs.get(id) ?? { status: "RUNNING", cancelRequestedAt: null, steps: [] }) as unknown as RunRecord,
      ),
  };
  const behaviours = new Map<string, Behaviour>();
  const deliveries = new Map<string, number>();
  const steps = {
    run: (invocation: StepInvocation): Promise<StepResult> => {
      const key = `${invocation.runId}/${invocation.node.id}/${invocation.attempt}`;
      const delivery = (deliveries.get(key) ?? 0) + 1;
      deliveries.set(key, delivery);
      const behaviour = behaviours.get(invocation.node.kind);
      if (!behaviour) return Promise.reject(new Error(`no behaviour for ${invocation.node.kind}`));
      return behaviour(invocation, delivery);
    },
  };

  let apiBus: RedisEventBus;
  let workerBus: RedisEventBus;
  const executors: QueuedStepExecutor[] = [];
  const workers: StepWorker[] = [];
  const cleanups: Array<() => void> = [];

  const executor = async (prefix: string): Promise<QueuedStepExecutor> => {
    const created = await QueuedStepExecutor.connect({
      redisUrl: url(),
      bus: apiBus,
      logger,
      prefix,
      pollIntervalMs: 300,
    });
    executors.push(created);
    return created;
  };
  const worker = async (prefix: string, name: string, settings: Partial<StepWorkerSettings> = {}) => {
    const started = await startStepWorker({
      redisUrl: url(),
      steps,
      runs: fakeRuns,
      bus: workerBus,
      logger,
      prefix,
      name,
      settings: { lockDurationMs: 1_000, stalledIntervalMs: 250, runCheckIntervalMs: 100, ...settings },
    });
    workers.push(started);
    return started;
  };
  const invocation = (kind: string, signal = new AbortController().signal) => {
    const logs: string[] = [];
    const progress: Array<Record<string, number>> = [];
    const inv: StepInvocation = {
      runId: `run-${randomUUID()}`,
      node: node(kind),
      inputs: [output(3), output(4)],
      params: { limit: 5, when: "2024-01-01" },
      attempt: 1,
      signal,
      log: (level, message) => logs.push(`${level} ${message}`),
      progress: (figures) => progress.push({ ...figures }),
    };
    return { inv, logs, progress };
  };

  let prefix: string;
  beforeAll(async () => {
    prefix = `test-${randomUUID()}`;
    apiBus = await RedisEventBus.connect(url(), { logger, prefix });
    workerBus = await RedisEventBus.connect(url(), { logger, prefix });
    await worker(prefix, "w1");
    await worker(prefix, "w2");
  });
  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    await Promise.all(workers.map((w) => w.close(true)));
    await Promise.all(executors.map((e) => e.close()));
    await apiBus?.close();
    await workerBus?.close();
    await availability.redis?.stop();
  });

  it("runs a step on a worker: the invocation arrives intact; logs and progress arrive in order, before the result", async () => {
    const seen: StepInvocation[] = [];
    behaviours.set("echo", async (inv) => {
      seen.push(inv);
      inv.log("INFO", "one");
      inv.progress({ rowsIn: 1 });
      inv.log("WARN", "two");
      inv.log("INFO", "three");
      return Promise.resolve(
        result(7, { metrics: { accuracy: 0.5 }, details: { at: new Date("2024-02-03T04:05:06.007Z"), id: "m1" } }),
      );
    });
    const steps = await executor(prefix);
    const { inv, logs, progress } = invocation("echo");
    const got = await steps.run(inv);
    expect(got).toEqual(
      result(7, { metrics: { accuracy: 0.5 }, details: { at: new Date("2024-02-03T04:05:06.007Z"), id: "m1" } }),
    );
    expect(got.details?.["at"]).toBeInstanceOf(Date);
    expect(logs).toEqual(["INFO one", "WARN two", "INFO three"]);
    expect(progress).toEqual([{ rowsIn: 1 }]);
    const [received] = seen;
    expect({ ...received, signal: undefined, log: undefined, progress: undefined }).toEqual({
      ...inv,
      signal: undefined,
      log: undefined,
      progress: undefined,
    });
    expect(steps.pending).toBe(0);
  });

  it("a StepError comes back as a StepError with its retryable flag and location; other errors are retryable", async () => {
    behaviours.set("bad-config", () =>
      Promise.reject(new StepError("no such column x", { retryable: false, location: { column: "x" } })),
    );
    behaviours.set("flaky", () => Promise.reject(new Error("connection reset")));
    const steps = await executor(prefix);
    const bad = await steps.run(invocation("bad-config").inv).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(StepError);
    expect((bad as StepError).message).toBe("no such column x");
    expect((bad as StepError).options).toEqual({ retryable: false, location: { column: "x" } });
    const flaky = await steps.run(invocation("flaky").inv).catch((e: unknown) => e);
    expect(flaky).toBeInstanceOf(StepError);
    expect((flaky as StepError).options.retryable).toBe(true);
  });

  it("cancelling a running step aborts it on its worker at once (bus), and the invocation rejects", async () => {
    const started = deferred();
    let stoppedAfter = -1;
    behaviours.set("slow", async (inv) => {
      started.resolve();
      const t = Date.now();
      await aborted(inv.signal);
      stoppedAfter = Date.now() - t;
      throw new Error("interrupted");
    });
    const steps = await executor(prefix);
    const controller = new AbortController();
    const running = steps.run(invocation("slow", controller.signal).inv);
    await started.promise;
    const t = Date.now();
    controller.abort(new Error("cancelled by request"));
    await expect(running).rejects.toThrow("cancelled by request");
    await expect.poll(() => stoppedAfter, { timeout: 2_000 }).toBeGreaterThanOrEqual(0);
    // The bus message, not the 100 ms store check (which sees a RUNNING run here), stopped it.
    expect(Date.now() - t).toBeLessThan(1_000);
  });

  it("a job no worker has taken yet is removed from the queue when its step is cancelled", async () => {
    const idle = `idle-${randomUUID()}`; // a queue without workers
    const steps = await executor(idle);
    const admin = new Redis(url(), { maxRetriesPerRequest: null });
    const queue = new Queue(STEP_QUEUE, { connection: admin, prefix: idle });
    try {
      const controller = new AbortController();
      const { inv } = invocation("echo", controller.signal);
      const running = steps.run(inv);
      const jobId = stepJobId(inv.runId, inv.node.id, inv.attempt);
      await expect.poll(async () => (await queue.getJob(jobId))?.id, { timeout: 2_000 }).toBe(jobId);
      controller.abort(new Error("timed out after 10 ms"));
      await expect(running).rejects.toThrow("timed out after 10 ms");
      await expect.poll(async () => await queue.getJob(jobId), { timeout: 2_000 }).toBeUndefined();
    } finally {
      await queue.close();
      admin.disconnect();
    }
  });

  it("a worker stops a step whose run was cancelled elsewhere, from the store alone (no bus message)", async () => {
    const started = deferred();
    behaviours.set("long", async (inv) => {
      started.resolve();
      await aborted(inv.signal);
      throw new Error("interrupted");
    });
    const steps = await executor(prefix);
    const { inv } = invocation("long");
    const running = steps.run(inv).catch((e: unknown) => e);
    await started.promise;
    runs.set(inv.runId, { status: "RUNNING", cancelRequestedAt: new Date(), steps: [] });
    const error = await running;
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).message).toMatch(/its run was cancelled/);
    expect((error as StepError).options.retryable).toBe(false);
  });

  it("a job whose worker dies mid-step runs again as the same attempt on another worker: claimed once, no claim conflict", async () => {
    const isolated = `redeliver-${randomUUID()}`;
    const steps = await executor(isolated);
    const dying = await worker(isolated, "dying", { lockDurationMs: 1_000 });
    const firstDelivery = deferred();
    const hang = deferred();
    cleanups.push(() => hang.resolve());
    behaviours.set("redelivered", async (inv, delivery) => {
      if (delivery === 1) {
        firstDelivery.resolve();
        await hang.promise; // this "process" is gone: it neither finishes nor renews its lock
        throw new Error("the first delivery must never report");
      }
      inv.log("INFO", `delivery ${delivery} done`);
      return Promise.resolve(result(42));
    });

    const events: NewRunEvent[] = [];
    const claims: string[] = [];
    const claimed = new Set<string>();
    const dag = { nodes: [node("redelivered", "load")], edges: [] };
    const outcome = executeRun(
      { runId: `run-${randomUUID()}`, dag, params: {}, reused: new Map() },
      {
        append: (_runId, batch) => {
          events.push(...batch);
          return Promise.resolve();
        },
        steps,
        clock: systemClock,
        sleep: abortableSleep,
        // The store's rule: one claim per (run, node, attempt), ever.
        claimStep: (runId, nodeId, attempt) => {
          const key = `${runId}/${nodeId}/${attempt}`;
          claims.push(key);
          if (claimed.has(key)) return Promise.resolve(false);
          claimed.add(key);
          return Promise.resolve(true);
        },
      },
      { concurrency: 1 },
      new AbortController().signal,
    );
    await firstDelivery.promise;
    await dying.close(true); // stops renewing the lock, like a killed process
    await worker(isolated, "rescuer");

    expect(await outcome).toEqual({ status: "SUCCEEDED" });
    expect(claims).toHaveLength(1);
    expect(events.filter((e) => e.type === "STEP_STARTED")).toHaveLength(1);
    const succeeded = events.find((e) => e.type === "STEP_SUCCEEDED");
    expect(succeeded?.payload).toMatchObject({ attempt: 1, rowsOut: 42 });
    const logs = events.filter((e) => e.type === "LOG").map((e) => String(e.payload?.["message"]));
    expect(logs).toEqual([expect.stringMatching(/re-delivered to worker rescuer \(delivery 2\)/), "delivery 2 done"]);
  }, 30_000);
});
