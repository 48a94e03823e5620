/**
 * Executes queued step jobs (see queued-step-executor.ts) with a real StepExecutor: the worker process's side.
 *
 * At-least-once: a job whose worker dies (its lock is not renewed) is found by another worker's stalled-job check
 * and delivered again, as the same attempt of the same step. That is safe because steps are idempotent per
 * (run, node): outputs are written atomically to the run's own location, load_collection APPEND replaces the rows
 * of its loadId (`<runId>/<nodeId>`), REPLACE is atomic. Workers never claim steps: the engine that owns the run
 * claimed this attempt once in the store before queueing it, so a re-delivered job simply runs again.
 *
 * A job is stopped (and reported as cancelled) when an API process asks for it on the bus, or when the worker sees
 * in the store that its run ended, was cancelled, or moved past this attempt (timeout, engine gone): checked when
 * the job starts and then every `runCheckIntervalMs`, so a lost bus message only delays the stop.
 */
import { hostname } from "node:os";
import { Worker, type Job } from "bullmq";
import type { Logger } from "../common/logger.js";
import { StepError, type StepExecutor, type StepInvocation } from "../engine/step-runtime.js";
import type { EventBus } from "../events/event-bus.js";
import { closeRedis, connectRedis } from "../events/redis-client.js";
import { fromWire, toWire } from "../events/redis-codec.js";
import { TERMINAL_RUN_STATUSES } from "../runs/run-state.js";
import type { RunStore } from "../store/ports.js";
import type { LogLevel } from "../store/records.js";
import {
  CANCEL_TOPIC,
  QUEUE_PREFIX,
  STEP_QUEUE,
  type CancelRequest,
  type StepJobData,
  type StepJobOutcome,
  type StepJobProgress,
} from "./step-jobs.js";

export interface StepWorkerSettings {
  /** Jobs executed at once by this process. */
  concurrency: number;
  /** A job's lock lasts this long without renewal (renewed every half): a dead worker's job is re-delivered after
   * at most about lockDurationMs + stalledIntervalMs. */
  lockDurationMs: number;
  /** How often this worker looks for jobs whose worker died. */
  stalledIntervalMs: number;
  /** How many times one job may be re-delivered after its worker died before it fails. */
  maxStalledCount: number;
  /** How often a running job's run is checked in the store (ended, cancelled, attempt over). */
  runCheckIntervalMs: number;
}

export const DEFAULT_WORKER_SETTINGS: StepWorkerSettings = {
  concurrency: 2,
  lockDurationMs: 30_000,
  stalledIntervalMs: 15_000,
  maxStalledCount: 2,
  runCheckIntervalMs: 2_000,
};

export interface StepWorkerDeps {
  redisUrl: string;
  steps: StepExecutor;
  runs: Pick<RunStore, "get">;
  /** The Redis bus: cancellation requests arrive on it. */
  bus: EventBus;
  logger: Logger;
  settings?: Partial<StepWorkerSettings>;
  /** This worker's name in BullMQ (`job.processedBy`) and in logs. */
  name?: string;
  /** BullMQ key prefix: REDIS_PREFIX (default "millrace"); API processes and workers must agree. */
  prefix?: string;
}

export interface StepWorker {
  readonly name: string;
  /** Jobs executing now. */
  readonly active: number;
  /** Stops taking jobs and waits for the running ones (none when `force`: they will be re-delivered). */
  close(force?: boolean): Promise<void>;
}

/** Minimum interval between two progress updates of one job (logs are always sent). */
const PROGRESS_INTERVAL_MS = 200;

export async function startStepWorker(deps: StepWorkerDeps): Promise<StepWorker> {
  const settings = { ...DEFAULT_WORKER_SETTINGS, ...deps.settings };
  const name = deps.name ?? `${hostname()}:${process.pid}`;
  const { logger } = deps;
  const running = new Map<string, AbortController>();

  const connection = await connectRedis(deps.redisUrl, { role: "worker", logger, maxRetriesPerRequest: null });
  const cancels = deps.bus.subscribe<CancelRequest>(CANCEL_TOPIC);
  const listening = (async () => {
    for await (const request of cancels) {
      const controller = running.get(request.jobId);
      if (controller && !controller.signal.aborted) {
        logger.info({ jobId: request.jobId, reason: request.reason }, "step job cancelled by request");
        controller.abort(new Error(request.reason));
      }
    }
  })();

  const processor = async (job: Job, _token?: string, bullSignal?: AbortSignal): Promise<unknown> => {
    const data = fromWire(job.data) as StepJobData;
    const jobId = job.id ?? "";
    const controller = new AbortController();
    running.set(jobId, controller);
    const signal = bullSignal ? AbortSignal.any([controller.signal, bullSignal]) : controller.signal;
    const context = { jobId, runId: data.runId, nodeId: data.node.id, attempt: data.attempt, worker: name };
    const delivery = job.attemptsStarted;
    const reporter = new ProgressReporter(job);
    const started = Date.now();
    let watchdog: NodeJS.Timeout | undefined;
    try {
      const over = await attemptOver(deps.runs, data);
      if (over !== null) {
        logger.info({ ...context, reason: over }, "step job skipped");
        return toWire(cancelled(`not run: ${over}`));
      }
      watchdog = setInterval(() => {
        attemptOver(deps.runs, data).then(
          (reason) => {
            if (reason !== null && !controller.signal.aborted) controller.abort(new Error(reason));
          },
          (error: unknown) => logger.debug({ err: error, ...context }, "run state check failed"),
        );
      }, settings.runCheckIntervalMs);
      logger.info({ ...context, kind: data.node.kind, delivery }, "step started");
      if (delivery > 1)
        reporter.log(
          "WARN",
          `re-delivered to worker ${name} (delivery ${delivery}): the worker that had this step stopped before ` +
            `finishing it; running it again`,
        );
      const invocation: StepInvocation = {
        ...data,
        signal,
        log: (level, message) => reporter.log(level, message),
        progress: (figures) => reporter.progress(figures),
      };
      let outcome: StepJobOutcome;
      try {
        const result = await deps.steps.run(invocation);
        outcome = signal.aborted ? cancelled(reasonOf(signal)) : { ok: true, result };
      } catch (error) {
        outcome = signal.aborted ? cancelled(reasonOf(signal)) : failed(error);
      }
      await reporter.flush();
      logger.info(
        { ...context, ok: outcome.ok, ms: Date.now() - started, ...(outcome.ok ? {} : { error: outcome.error }) },
        "step finished",
      );
      return toWire(outcome);
    } finally {
      clearInterval(watchdog);
      running.delete(jobId);
    }
  };

  const worker = new Worker(STEP_QUEUE, processor, {
    connection,
    prefix: deps.prefix ?? QUEUE_PREFIX,
    name,
    concurrency: settings.concurrency,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: settings.maxStalledCount,
    autorun: false,
  });
  worker.on("error", (error) => logger.warn({ err: error }, "step worker: Redis error"));
  worker.on("stalled", (jobId) => logger.warn({ jobId }, "a step job's worker stopped; the job is queued again"));
  // This process was presumed dead (e.g. its event loop was blocked past the lock): the job goes to another
  // worker, so stop this copy rather than run the step twice at once.
  worker.on("lockRenewalFailed", (jobIds) => {
    for (const jobId of jobIds) {
      const controller = running.get(jobId);
      if (!controller || controller.signal.aborted) continue;
      logger.warn({ jobId }, "lost a step job's lock; stopping it here (it is re-delivered to another worker)");
      controller.abort(new Error("this worker lost the job's lock; the job was re-delivered to another worker"));
    }
  });
  worker.on("failed", (job, error) =>
    logger.error({ err: error, jobId: job?.id }, "step job failed in the worker (not a step failure)"),
  );
  worker.run().catch((error: unknown) => logger.error({ err: error }, "step worker stopped"));
  try {
    await worker.waitUntilReady();
  } catch (error) {
    await shutdown(true);
    throw error;
  }

  let closing: Promise<void> | null = null;
  async function shutdown(force: boolean): Promise<void> {
    await worker.close(force).catch((error: unknown) => logger.warn({ err: error }, "closing the step worker"));
    await cancels.return?.();
    await listening.catch(() => undefined);
    await closeRedis(connection);
  }
  return {
    name,
    get active() {
      return running.size;
    },
    close: (force = false) => (closing ??= shutdown(force)),
  };
}

/** Why this attempt should not (or no longer) run, from the run's state in the store; null when it should. */
async function attemptOver(runs: Pick<RunStore, "get">, data: StepJobData): Promise<string | null> {
  const run = await runs.get(data.runId);
  if (!run) return "its run no longer exists";
  if (TERMINAL_RUN_STATUSES.has(run.status)) return `its run is ${run.status}`;
  if (run.cancelRequestedAt) return "its run was cancelled";
  const step = run.steps.find((s) => s.nodeId === data.node.id);
  // STEP_STARTED of this attempt may not be stored yet (attempts = attempt - 1): that is not "over".
  if (step && (step.attempts > data.attempt || (step.attempts === data.attempt && step.status !== "RUNNING")))
    return `attempt ${data.attempt} is over (the step is ${step.status} at attempt ${step.attempts})`;
  return null;
}

function cancelled(reason: string): StepJobOutcome {
  return { ok: false, error: reason, retryable: false, cancelled: true };
}

function failed(error: unknown): StepJobOutcome {
  if (error instanceof StepError)
    return {
      ok: false,
      error: error.message,
      retryable: error.options.retryable ?? false,
      ...(error.options.location ? { location: error.options.location } : {}),
    };
  return { ok: false, error: error instanceof Error ? error.message : String(error), retryable: true };
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason.message : "cancelled";
}

/** Sends logs and (throttled) progress as job progress updates, one at a time, in order. */
class ProgressReporter {
  private chain: Promise<void> = Promise.resolve();
  private lastProgress = 0;

  constructor(private readonly job: Job) {}

  log(level: LogLevel, message: string): void {
    this.send({ kind: "log", level, message });
  }

  progress(figures: { rowsIn?: number; rowsOut?: number; bytes?: number }): void {
    const now = Date.now();
    if (now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    this.send({ kind: "progress", figures: { ...figures } });
  }

  flush(): Promise<void> {
    return this.chain;
  }

  private send(message: StepJobProgress): void {
    // A lost update only loses a log line or a figure: never the step.
    this.chain = this.chain.then(() => this.job.updateProgress(message)).catch(() => undefined);
  }
}
