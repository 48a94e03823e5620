/**
 * A StepExecutor that runs nothing itself: each invocation becomes a BullMQ job, executed by any worker process
 * (`npm run worker`, see step-worker.ts), and the job's outcome is the invocation's result.
 *
 * - Logs and progress: the worker sends them as job progress updates; they arrive through the queue's event
 *   stream (QueueEvents) in order, and before the job's `completed` event, so none is reported after the result.
 * - Completion: the `completed`/`failed` events settle the waiting invocation; a poll of the job's state every few
 *   seconds covers an event missed (e.g. Redis reconnecting) so an invocation never waits forever.
 * - Cancellation and timeouts: on `invocation.signal` the job is removed when still waiting, and the workers are
 *   asked on the bus to abort it when running (workers also poll the run's state, in case that message is lost).
 * - Step failures come back as results (`StepJobOutcome`) and become StepErrors with the worker's retryable flag:
 *   retries stay the engine's (new attempt, new claim, new job). BullMQ itself never retries a failed job
 *   (attempts: 1); it re-delivers a job only when its worker died (stalled job), as the same attempt.
 */
import { Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../common/logger.js";
import { StepError, type StepExecutor, type StepInvocation, type StepResult } from "../engine/step-runtime.js";
import type { EventBus } from "../events/event-bus.js";
import { closeRedis, connectRedis } from "../events/redis-client.js";
import { fromWire, toWire } from "../events/redis-codec.js";
import {
  CANCEL_TOPIC,
  QUEUE_PREFIX,
  STEP_QUEUE,
  stepJobId,
  type CancelRequest,
  type StepJobData,
  type StepJobOutcome,
  type StepJobProgress,
} from "./step-jobs.js";

export interface QueuedStepExecutorOptions {
  redisUrl: string;
  /** Where cancellations are published (the Redis bus, shared with the workers). */
  bus: EventBus;
  logger?: Logger | undefined;
  /** How often a waiting invocation checks its job's state besides listening to events (default 2 s). */
  pollIntervalMs?: number;
  /** How long finished jobs stay in Redis, in seconds (default 1 h): enough for a late poll to read them. */
  keepFinishedSeconds?: number;
  /** BullMQ key prefix: REDIS_PREFIX (default "millrace"). */
  prefix?: string;
}

interface Waiter {
  invocation: StepInvocation;
  settle(outcome: StepJobOutcome | { ok: false; jobFailed: string }): void;
}

export class QueuedStepExecutor implements StepExecutor {
  private readonly waiting = new Map<string, Waiter>();
  private closed = false;

  private constructor(
    private readonly connection: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly options: QueuedStepExecutorOptions,
  ) {
    events.on("progress", ({ jobId, data }) => this.onProgress(jobId, data));
    events.on("completed", ({ jobId, returnvalue }) => this.waiting.get(jobId)?.settle(asOutcome(returnvalue)));
    events.on("failed", ({ jobId, failedReason }) =>
      this.waiting.get(jobId)?.settle({ ok: false, jobFailed: failedReason }),
    );
    events.on("error", (error) => options.logger?.warn({ err: error }, "step queue events: Redis error"));
    queue.on("error", (error) => options.logger?.warn({ err: error }, "step queue: Redis error"));
  }

  static async connect(options: QueuedStepExecutorOptions): Promise<QueuedStepExecutor> {
    // BullMQ needs commands that wait for a reconnection rather than fail (maxRetriesPerRequest: null).
    const connection = await connectRedis(options.redisUrl, {
      role: "steps",
      logger: options.logger,
      maxRetriesPerRequest: null,
    });
    const prefix = options.prefix ?? QUEUE_PREFIX;
    let queue: Queue | null = null;
    let events: QueueEvents | null = null;
    try {
      queue = new Queue(STEP_QUEUE, { connection, prefix });
      await queue.waitUntilReady();
      // Events from now on: the stream's current last id, so nothing added after this point can be missed even
      // though QueueEvents issues its first read a little later.
      const last = await connection.xrevrange(`${prefix}:${STEP_QUEUE}:events`, "+", "-", "COUNT", 1);
      const lastEventId = last[0]?.[0] ?? "0-0";
      events = new QueueEvents(STEP_QUEUE, { connection, prefix, lastEventId });
      await events.waitUntilReady();
      return new QueuedStepExecutor(connection, queue, events, options);
    } catch (error) {
      await events?.close().catch(() => undefined);
      await queue?.close().catch(() => undefined);
      await closeRedis(connection);
      throw error;
    }
  }

  run(invocation: StepInvocation): Promise<StepResult> {
    const { runId, node, attempt, signal } = invocation;
    if (this.closed) return Promise.reject(new Error("the step queue is closed (server shutting down)"));
    if (signal.aborted) return Promise.reject(asError(signal.reason));
    const jobId = stepJobId(runId, node.id, attempt);
    const data: StepJobData = { runId, node, inputs: invocation.inputs, params: { ...invocation.params }, attempt };

    return new Promise<StepResult>((resolve, reject) => {
      let poll: NodeJS.Timeout | undefined;
      const done = (): void => {
        clearInterval(poll);
        signal.removeEventListener("abort", onAbort);
        if (this.waiting.get(jobId) === waiter) this.waiting.delete(jobId);
      };
      const waiter: Waiter = {
        invocation,
        settle: (outcome) => {
          done();
          if (outcome.ok) resolve(outcome.result);
          else if ("jobFailed" in outcome)
            reject(new Error(`${describe(invocation)} failed on the worker: ${outcome.jobFailed}`));
          else
            reject(
              new StepError(outcome.error, {
                retryable: outcome.retryable,
                ...(outcome.location ? { location: outcome.location } : {}),
              }),
            );
        },
      };
      const onAbort = (): void => {
        done();
        reject(asError(signal.reason));
        void this.stopJob(jobId, signal.reason);
      };
      this.waiting.set(jobId, waiter);
      signal.addEventListener("abort", onAbort, { once: true });

      const keep = this.options.keepFinishedSeconds ?? 3600;
      this.queue
        .add(node.kind, toWire(data), {
          jobId,
          attempts: 1,
          removeOnComplete: { age: keep },
          removeOnFail: { age: keep },
        })
        .then(
          () => {
            if (this.waiting.get(jobId) !== waiter) return;
            poll = setInterval(() => void this.check(jobId, waiter), this.options.pollIntervalMs ?? 2_000);
          },
          (error: unknown) => {
            if (this.waiting.get(jobId) !== waiter) return;
            done();
            reject(new Error(`could not queue ${describe(invocation)}: ${asError(error).message}`, { cause: error }));
          },
        );
    });
  }

  /** Steps waiting for a worker or running on one, as seen from this process. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Closes the queue connections; invocations still waiting fail (the engine closes before this). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of [...this.waiting.values()])
      waiter.settle({ ok: false, error: "the step queue was closed", retryable: true });
    await this.events.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    await closeRedis(this.connection);
  }

  private onProgress(jobId: string, data: unknown): void {
    const waiter = this.waiting.get(jobId);
    if (!waiter || data === null || typeof data !== "object") return;
    const message = data as StepJobProgress;
    if (message.kind === "log") waiter.invocation.log(message.level, message.message);
    else if (message.kind === "progress") waiter.invocation.progress(message.figures);
  }

  /** The safety net for a missed event: reads the job's state. */
  private async check(jobId: string, waiter: Waiter): Promise<void> {
    try {
      const job = await Job.fromId(this.queue, jobId);
      if (this.waiting.get(jobId) !== waiter) return;
      if (!job) {
        waiter.settle({ ok: false, jobFailed: "its job is no longer in the queue" });
        return;
      }
      const state = await job.getState();
      if (this.waiting.get(jobId) !== waiter) return;
      if (state === "completed") waiter.settle(asOutcome(job.returnvalue));
      else if (state === "failed") waiter.settle({ ok: false, jobFailed: job.failedReason });
    } catch (error) {
      this.options.logger?.debug({ err: error, jobId }, "step job state check failed");
    }
  }

  /** Removes a job that no worker took yet; asks the workers to abort it otherwise. */
  private async stopJob(jobId: string, reason: unknown): Promise<void> {
    const request: CancelRequest = { jobId, reason: asError(reason).message };
    await this.options.bus.publish(CANCEL_TOPIC, request);
    try {
      await this.queue.remove(jobId);
    } catch {
      // Running (locked by a worker): the cancel request and the worker's own run-state check stop it.
    }
  }
}

function asOutcome(value: unknown): StepJobOutcome {
  const outcome = fromWire(value) as StepJobOutcome | null;
  if (outcome && typeof outcome === "object" && typeof outcome.ok === "boolean") return outcome;
  return { ok: false, error: "the worker returned no step result", retryable: true };
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(typeof reason === "string" ? reason : "cancelled");
}

function describe(invocation: StepInvocation): string {
  return `step "${invocation.node.label || invocation.node.id}" (${invocation.node.id}) attempt ${invocation.attempt}`;
}
