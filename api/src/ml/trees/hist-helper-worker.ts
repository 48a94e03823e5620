// Helper-thread entry: builds a range of features of a tree's histograms for a grower on another thread.
// Between sessions it waits for messages; during a session it blocks on the control words (no event loop).
import { parentPort, workerData } from "node:worker_threads";
import { CTRL, KIND, type SessionBuffers } from "./hist-helper.js";
import { nodeHistogram, rootHistogram } from "./hist-kernel.js";

const port = parentPort;
if (!port) throw new Error("hist-helper-worker must run in a worker thread");
const ctrl = new Int32Array((workerData as { ctrl: SharedArrayBuffer }).ctrl);
// Spin this long for the next command before sleeping: the grower sends them every few hundred microseconds.
const SPIN_MS = 0.03;

port.on("message", (s: SessionBuffers) => {
  // The grower may have withdrawn the offer (closed before we got here).
  if (Atomics.compareExchange(ctrl, CTRL.OFFER, s.id, -s.id) !== s.id) return;
  let seen = Atomics.load(ctrl, CTRL.SEQ);
  for (;;) {
    const spinUntil = performance.now() + SPIN_MS;
    let seq = Atomics.load(ctrl, CTRL.SEQ);
    while (seq === seen) {
      if (performance.now() > spinUntil) Atomics.wait(ctrl, CTRL.SEQ, seen);
      seq = Atomics.load(ctrl, CTRL.SEQ);
    }
    seen = seq;
    const kind = ctrl[CTRL.KIND]!;
    if (kind === KIND.END) return;
    const start = ctrl[CTRL.START]!;
    const m = ctrl[CTRL.M]!;
    const f0 = ctrl[CTRL.F0]!;
    const f1 = ctrl[CTRL.F1]!;
    const hist = s.hist;
    hist.fill(0, s.off3[f0], s.off3[f1]);
    if (kind === KIND.ROOT) rootHistogram(s.bins, s.n, s.g, s.h, hist, s.off3, f0, f1);
    else nodeHistogram(s.bins, s.n, s.index, start, m, s.gh, hist, s.off3, f0, f1);
    Atomics.store(ctrl, CTRL.DONE, seq);
    Atomics.notify(ctrl, CTRL.DONE);
  }
});
