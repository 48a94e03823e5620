import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { MlInputError } from "../errors.js";
import type { FitProgress } from "../estimator.js";
import { RandomForest, type ForestPart } from "../estimators/random-forest.js";
import { argmaxRows } from "../matrix.js";
import { classificationReport } from "../metrics.js";
import { coreBudgetBuffer } from "./core-budget.js";
import type { WorkerRequest, WorkerResponse, WireError } from "./protocol.js";
import { maxLabel, resolveJob, type ForestPartResult, type TrainJob, type TrainResult } from "./train-job.js";
import { startTsWorker } from "./ts-worker.js";
import type { WarmUpReport } from "./warm-up.js";

export interface PoolOptions {
  /** Worker threads; defaults to the machine's parallelism (at least 1). */
  size?: number;
  /**
   * Each worker warms its estimators up with small synthetic fits while idle (see warm-up.ts), so that the first
   * real fits run optimised code; `start` spawns them ahead of the first job. Off by default.
   */
  warmUp?: boolean;
}

export interface RunOptions {
  /** Aborting terminates the worker running the job (it is replaced) or drops the job from the queue. */
  signal?: AbortSignal;
  onProgress?: (p: FitProgress) => void;
}

type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, "id"> : never) : never;

interface Task {
  id: number;
  request: Request;
  transfer: ArrayBuffer[];
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
  onProgress: ((p: FitProgress) => void) | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | null;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  /** Settles when the worker has warmed up (null: it was started without warm-up, or ended first). */
  warmed: Promise<WarmUpReport | null>;
  /** Still warming up: the worker keeps the process alive meanwhile, as while it runs a job. */
  warming: boolean;
}

const WORKER_ENTRY = new URL("./train-worker.ts", import.meta.url).href;

/**
 * A small pool of worker threads that train models from plain jobs, keeping the event loop free.
 * Random forests are split across all workers by tree range and merged (same forest as a serial fit).
 */
export class TrainingPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;
  private readonly warmUp: boolean;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.warmUp = options.warmUp ?? false;
  }

  /**
   * Starts every worker now instead of at the first job; resolves with each worker's warm-up report once they
   * have warmed up (null for workers without warm-up). Jobs may be submitted meanwhile.
   */
  async start(): Promise<(WarmUpReport | null)[]> {
    while (!this.closed && this.slots.length < this.size) this.spawn();
    return Promise.all(this.slots.map((slot) => slot.warmed));
  }

  /**
   * Trains `job` and returns the serialised model with test metrics. The job is validated first, so bad input
   * rejects with an MlInputError before any worker starts. `job.X.data` is copied; transfer it by passing
   * `{ transfer: true }` when the caller no longer needs it.
   */
  async train(job: TrainJob, options: RunOptions & { transfer?: boolean } = {}): Promise<TrainResult> {
    const params = resolveJob(job);
    if (job.algorithm === "random_forest" && this.size > 1) return this.trainForest(job, params, options);
    const transfer = options.transfer ? buffersOf(job) : [];
    return (await this.submit({ kind: "train", job }, transfer, options)) as TrainResult;
  }

  /** Stops all workers; queued and running jobs reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, new Error("TrainingPool closed"));
    await Promise.all(
      this.slots.splice(0).map(async (slot) => {
        if (slot.task) this.settle(slot.task, new Error("TrainingPool closed"));
        await slot.worker.terminate();
      }),
    );
  }

  private async trainForest(job: TrainJob, params: Record<string, unknown>, options: RunOptions): Promise<TrainResult> {
    const trees = new RandomForest(params).params.n_estimators;
    const parts = Math.min(this.size, trees);
    const done = new Array<number>(parts).fill(0);
    const controller = new AbortController();
    const forward = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", forward, { once: true });
    if (options.signal?.aborted) forward();
    const started = performance.now();
    try {
      const results = await Promise.all(
        Array.from({ length: parts }, (_, p) => {
          const start = Math.floor((p * trees) / parts);
          const end = Math.floor(((p + 1) * trees) / parts);
          const onProgress = (q: FitProgress): void => {
            done[p] = q.iteration;
            options.onProgress?.({ iteration: done.reduce((a, b) => a + b, 0), total: trees });
          };
          return this.submit({ kind: "forest-part", job, start, end }, [], {
            signal: controller.signal,
            onProgress,
          }).catch((err: unknown) => {
            // One failed part makes the others pointless.
            controller.abort(err);
            throw err;
          });
        }),
      );
      const partResults = results as ForestPartResult[];
      const forest = RandomForest.fromParts(
        params,
        partResults.map((r): ForestPart => ({ nClasses: r.nClasses, nFeatures: r.nFeatures, ensemble: r.ensemble })),
      );
      const fitSeconds = (performance.now() - started) / 1000;
      let metrics = null;
      if (job.test) {
        const K = Math.max(forest.nClasses, job.nClasses ?? 0, maxLabel(job.test.y) + 1);
        const n = job.test.X.rows;
        const sum = new Float64Array(n * K);
        for (const r of partResults) {
          const w = r.nClasses;
          for (let i = 0; i < n; i++)
            for (let k = 0; k < w; k++) sum[i * K + k] = sum[i * K + k]! + r.testProbaSum![i * w + k]!;
        }
        for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / trees;
        const proba = { rows: n, cols: K, data: sum };
        metrics = classificationReport(job.test.y, argmaxRows(proba), K, proba);
      }
      return { model: forest.toJSON(), metrics, fitSeconds };
    } finally {
      options.signal?.removeEventListener("abort", forward);
    }
  }

  private submit(request: Request, transfer: ArrayBuffer[], options: RunOptions): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("TrainingPool closed"));
    return new Promise((resolve, reject) => {
      const task: Task = {
        id: this.nextId++,
        request,
        transfer,
        resolve,
        reject,
        onProgress: options.onProgress,
        signal: options.signal,
        onAbort: null,
      };
      if (options.signal?.aborted) {
        reject(abortReason(options.signal));
        return;
      }
      if (options.signal) {
        task.onAbort = () => this.abort(task);
        options.signal.addEventListener("abort", task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.task === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const task = this.queue.shift()!;
      slot.task = task;
      // Keep the process alive while a job runs; idle workers are unref'd so they never hold it open.
      slot.worker.ref();
      slot.worker.postMessage({ id: task.id, ...task.request }, task.transfer);
    }
  }

  private spawn(): Slot {
    // The workers share this process's core budget, so a boosted fit lends itself a helper thread only while
    // the pool leaves a core free.
    const worker = startTsWorker(WORKER_ENTRY, { coreBudget: coreBudgetBuffer(), warmUp: this.warmUp });
    let onWarmed: (report: WarmUpReport | null) => void = () => {};
    const warmed = new Promise<WarmUpReport | null>((resolve) => (onWarmed = resolve));
    if (!this.warmUp) onWarmed(null);
    worker.once("exit", () => onWarmed(null));
    const slot: Slot = { worker, task: null, warmed, warming: this.warmUp };
    worker.on("message", (msg: WorkerResponse) => {
      if (msg.kind === "warmed") {
        slot.warming = false;
        if (!slot.task) worker.unref();
        onWarmed(msg.report);
        return;
      }
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      if (msg.kind === "progress") {
        task.onProgress?.(msg.progress);
        return;
      }
      slot.task = null;
      if (!slot.warming) worker.unref();
      if (msg.kind === "done") this.settle(task, null, msg.result);
      else this.settle(task, fromWire(msg.error));
      this.dispatch();
    });
    worker.on("error", (err) => {
      // The worker died (e.g. out of memory): fail its job and replace it.
      const task = slot.task;
      this.replace(slot);
      if (task) this.settle(task, err);
    });
    // Workers must not keep the process alive on their own while idle.
    if (!slot.warming) worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private replace(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    slot.task = null;
    void slot.worker.terminate();
    this.dispatch();
  }

  private abort(task: Task): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else {
      const slot = this.slots.find((s) => s.task === task);
      // A synchronous fit cannot be interrupted from outside: end the thread.
      if (slot) this.replace(slot);
    }
    this.settle(task, abortReason(task.signal!));
  }

  private settle(task: Task, error: unknown, value?: unknown): void {
    if (task.onAbort) task.signal?.removeEventListener("abort", task.onAbort);
    task.onAbort = null;
    if (error) task.reject(error);
    else task.resolve(value);
  }
}

function buffersOf(job: TrainJob): ArrayBuffer[] {
  const out = [job.X.data.buffer as ArrayBuffer, job.y.buffer as ArrayBuffer];
  if (job.test) out.push(job.test.X.data.buffer as ArrayBuffer, job.test.y.buffer as ArrayBuffer);
  return [...new Set(out)];
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException("This operation was aborted", "AbortError");
}

function fromWire(e: WireError): Error {
  if (e.name === "MlInputError" && e.field !== undefined) {
    const prefix = `${e.field}: `;
    return new MlInputError(e.field, e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message);
  }
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
