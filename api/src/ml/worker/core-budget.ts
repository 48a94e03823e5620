import { availableParallelism } from "node:os";
import { isMainThread, workerData } from "node:worker_threads";

// Threads busy with training, shared by a process's TrainingPool workers and helper threads, so that a fit
// takes a helper thread only while a core is free: the pool's workers each count while they run a job, a
// helper counts while it is lent to a tree. A fit on a thread outside a job (the main thread of a script or
// test) counts itself when it asks. A job that starts while a helper is lent oversubscribes until that tree
// ends (tens of milliseconds), never longer.
const BUSY = 0;

const inherited = (!isMainThread && (workerData as { coreBudget?: unknown } | null)?.coreBudget) || null;
const shared = inherited instanceof SharedArrayBuffer ? inherited : new SharedArrayBuffer(4);
const busy = new Int32Array(shared);
const cores = availableParallelism();
let inJob = false;

/** The buffer to hand to worker threads (as workerData.coreBudget) so they share this process's count. */
export function coreBudgetBuffer(): SharedArrayBuffer {
  return shared;
}

/** Marks this thread busy with a training job (TrainingPool workers call it around each job). */
export function enterJob(): void {
  if (inJob) return;
  inJob = true;
  Atomics.add(busy, BUSY, 1);
}

export function leaveJob(): void {
  if (!inJob) return;
  inJob = false;
  Atomics.sub(busy, BUSY, 1);
}

/** Claims a core for one helper thread if the threads already busy leave one free; pair with releaseHelperCore. */
export function tryAcquireHelperCore(): boolean {
  const self = inJob ? 0 : 1;
  for (;;) {
    const now = Atomics.load(busy, BUSY);
    if (now + self + 1 > cores) return false;
    if (Atomics.compareExchange(busy, BUSY, now, now + 1) === now) return true;
  }
}

export function releaseHelperCore(): void {
  Atomics.sub(busy, BUSY, 1);
}
