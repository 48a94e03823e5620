import type { FitProgress } from "../estimator.js";
import type { ForestPartResult, TrainJob, TrainResult } from "./train-job.js";
import type { WarmUpReport } from "./warm-up.js";

/** Main thread → worker. */
export type WorkerRequest =
  | { id: number; kind: "train"; job: TrainJob }
  | { id: number; kind: "forest-part"; job: TrainJob; start: number; end: number };

/** An error as it crosses the thread boundary (class identity is lost in structured cloning). */
export interface WireError {
  name: string;
  message: string;
  field?: string;
}

/** Worker → main thread. */
export type WorkerResponse =
  | { id: number; kind: "progress"; progress: FitProgress }
  | { id: number; kind: "done"; result: TrainResult | ForestPartResult }
  | { id: number; kind: "error"; error: WireError }
  /** The worker finished warming up (sent once, with id 0, when it was started with warm-up). */
  | { id: 0; kind: "warmed"; report: WarmUpReport };
