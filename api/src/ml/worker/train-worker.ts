// Worker-thread entry: runs training jobs posted by TrainingPool, one at a time, off the main event loop.
import { parentPort, workerData } from "node:worker_threads";
import { MlInputError } from "../errors.js";
import { enterJob, leaveJob } from "./core-budget.js";
import type { WorkerRequest, WorkerResponse, WireError } from "./protocol.js";
import { runForestPart, runTrainJob } from "./train-job.js";
import { warmUpEstimators, type WarmUpReport } from "./warm-up.js";

/** Rounds of warm-up fits: three bring SVM on digits in a worker from 76-93 ms (first fit) to 34-44 ms, at ~0.5 s of CPU. */
const WARM_UP_ROUNDS = 3;

const port = parentPort;
if (!port) throw new Error("train-worker must run in a worker thread");

port.on("message", (request: WorkerRequest) => {
  const post = (message: WorkerResponse, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  const onProgress = (progress: { iteration: number; total: number; score?: number }): void =>
    post({ id: request.id, kind: "progress", progress });
  enterJob();
  try {
    if (request.kind === "train") {
      post({ id: request.id, kind: "done", result: runTrainJob(request.job, { onProgress }) });
    } else {
      const result = runForestPart(request.job, request.start, request.end, { onProgress });
      const e = result.ensemble;
      // Hand the tree arrays over instead of copying them.
      const transfer = [e.roots, e.feature, e.threshold, e.left, e.right, e.value].map((a) => a.buffer as ArrayBuffer);
      if (result.testProbaSum) transfer.push(result.testProbaSum.buffer as ArrayBuffer);
      post({ id: request.id, kind: "done", result }, transfer);
    }
  } catch (err) {
    const error: WireError =
      err instanceof MlInputError
        ? { name: err.name, message: err.message, field: err.field }
        : err instanceof Error
          ? { name: err.name, message: err.message }
          : { name: "Error", message: String(err) };
    post({ id: request.id, kind: "error", error });
  } finally {
    leaveJob();
  }
});

if ((workerData as { warmUp?: unknown } | null)?.warmUp === true) {
  // One fit per turn of the event loop, so a job posted meanwhile runs after at most one warm-up fit. A warm-up
  // fit takes a core like a job, so it counts against the core budget like one.
  void warmUpEstimators({
    rounds: WARM_UP_ROUNDS,
    schedule: (next) => setImmediate(next),
    around: (fit) => {
      enterJob();
      try {
        return fit();
      } finally {
        leaveJob();
      }
    },
  })
    .catch((err: unknown): WarmUpReport => ({ fits: 0, ms: 0, error: String(err) }))
    .then((report) => port.postMessage({ id: 0, kind: "warmed", report } satisfies WorkerResponse));
}
