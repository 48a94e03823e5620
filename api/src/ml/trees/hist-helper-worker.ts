// Helper-thread entry: takes commands from a grower on another thread (histogram features, half a partition,
// gradient rows, whole trees of another class).
// Between sessions it waits for messages; during a session it blocks on the control words (no event loop).
import { parentPort, workerData } from "node:worker_threads";
import { EnsembleBuilder } from "./ensemble.js";
import { HistGrower, setHistWasmEnabled } from "./hist-grower.js";
import { CTRL, KIND, SPLIT_IO, type SessionBuffers, type TreeJobBuffers } from "./hist-helper.js";
import { nodeHistogram, partitionRange, rootHistogram } from "./hist-kernel.js";
import { WasmHistKernels } from "./hist-kernel-wasm.js";
import { logLossGradients } from "./log-loss-gradients.js";
import { scanSplits, writeSplit } from "./split-scan.js";

const port = parentPort;
if (!port) throw new Error("hist-helper-worker must run in a worker thread");
const ctrl = new Int32Array((workerData as { ctrl: SharedArrayBuffer }).ctrl);
// Spin this long for the next command before sleeping: while a tree is shared the grower sends one every few tens
// to hundreds of microseconds, and a wake from the futex costs about as much (bench/ml/README.md, Session 6).
const SPIN_MS = 0.3;

port.on("message", (s: SessionBuffers) => {
  // The grower may have withdrawn the offer (closed before we got here).
  if (Atomics.compareExchange(ctrl, CTRL.OFFER, s.id, -s.id) !== s.id) return;
  let seen = Atomics.load(ctrl, CTRL.SEQ);
  // Built on the first whole-tree command of the session: fits without tree jobs never pay for it.
  let grower: HistGrower | null = null;
  // The fitting thread fills g and h for the root as well, so the JavaScript kernels remain a fallback here.
  const kernels = s.memory && WasmHistKernels.on(s.memory);
  for (;;) {
    const spinUntil = performance.now() + SPIN_MS;
    let seq = Atomics.load(ctrl, CTRL.SEQ);
    while (seq === seen) {
      if (performance.now() > spinUntil) {
        // See HistHelper.send: the flag tells the fitting thread that this wait needs a notify.
        Atomics.store(ctrl, CTRL.HELPER_ASLEEP, 1);
        Atomics.wait(ctrl, CTRL.SEQ, seen);
        Atomics.store(ctrl, CTRL.HELPER_ASLEEP, 0);
      }
      seq = Atomics.load(ctrl, CTRL.SEQ);
    }
    seen = seq;
    const kind = ctrl[CTRL.KIND]!;
    if (kind === KIND.END) return;
    const start = ctrl[CTRL.START]!;
    const m = ctrl[CTRL.M]!;
    const f0 = ctrl[CTRL.F0]!;
    const f1 = ctrl[CTRL.F1]!;
    if (kind === KIND.TREE || kind === KIND.GRADIENTS) {
      const t = s.trees!;
      if (kind === KIND.GRADIENTS) {
        const from = t.raw[f1]!;
        const pending = f0 === 1 ? { out: t.treeOut, next: t.raw[1 - f1]! } : null;
        const scratch = t.gradientScratch?.subarray(2 * t.width, 4 * t.width);
        const wasm = kernels && scratch ? { kernels, scratch } : null;
        const rows = { current: from, pending, y: t.labels, width: t.width, g: t.gradients, h: t.hessians };
        logLossGradients(rows, start, start + m, wasm);
      } else {
        // Same kernels as the fitting thread (tests compare the two kinds).
        setHistWasmEnabled(s.memory !== null);
        grower ??= new HistGrower({ rows: s.n, cols: t.cols, bins: s.bins }, t, t.settings, 1);
        growTree(grower, s.n, t, start);
      }
      done(seq);
      continue;
    }
    if (kind === KIND.PARTITION) {
      const [left, right] = s.scratch;
      const partition = kernels ? kernels.partition.bind(kernels) : partitionRange;
      ctrl[CTRL.RESULT] = partition(s.index, start, start + m, s.bins, f0 * s.n, f1, left, start, right, start);
      done(seq);
      continue;
    }
    if (kind === KIND.SPLIT || kind === KIND.ROOT_AT) {
      buildInPlace(s, kind, start, m, f0, f1, kernels);
      done(seq);
      continue;
    }
    const hist = s.hist;
    hist.fill(0, s.off3[f0], s.off3[f1]);
    if (kernels) {
      const [bins, gh, at] = [s.bins.byteOffset, s.gh.byteOffset, hist.byteOffset];
      if (kind === KIND.ROOT) kernels.root(bins, s.n, gh, at, s.off3, f0, f1);
      else kernels.node(bins, s.n, s.index.byteOffset + 4 * start, m, gh, at, s.off3, f0, f1);
    } else if (kind === KIND.ROOT) rootHistogram(s.bins, s.n, s.g, s.h, hist, s.off3, f0, f1);
    else nodeHistogram(s.bins, s.n, s.index, start, m, s.gh, hist, s.off3, f0, f1);
    done(seq);
  }
});

/**
 * Builds features [f0, f1) straight into a histogram of the grower's WebAssembly memory (no copy back): the root's
 * for ROOT_AT; for SPLIT the smaller child's, then scans those features of both children (the larger read as
 * parent minus smaller, the parent left as it is) and leaves the best candidates in the SPLIT_IO words.
 */
function buildInPlace(
  s: SessionBuffers,
  kind: number,
  start: number,
  m: number,
  f0: number,
  f1: number,
  kernels: WasmHistKernels | null,
): void {
  const io = s.io;
  const size = s.off3[s.off3.length - 1]!;
  const buffer = s.memory!.buffer;
  const histAt = io[SPLIT_IO.SMALL_HIST]!;
  const hist = new Float64Array(buffer, histAt, size);
  hist.fill(0, s.off3[f0], s.off3[f1]);
  if (kind === KIND.ROOT_AT) {
    if (kernels) kernels.root(s.bins.byteOffset, s.n, s.gh.byteOffset, hist.byteOffset, s.off3, f0, f1);
    // The index is 0…n-1 at the root and gh holds its pairs: the same sums in the same order as rootHistogram.
    else nodeHistogram(s.bins, s.n, s.index, 0, s.n, s.gh, hist, s.off3, f0, f1);
    return;
  }
  if (kernels) {
    const at = s.index.byteOffset + 4 * start;
    kernels.node(s.bins.byteOffset, s.n, at, m, s.gh.byteOffset, hist.byteOffset, s.off3, f0, f1);
  } else nodeHistogram(s.bins, s.n, s.index, start, m, s.gh, hist, s.off3, f0, f1);
  const parentAt = io[SPLIT_IO.PARENT_HIST]!;
  const parent = new Float64Array(buffer, parentAt, size);
  for (const [at, out] of [
    [SPLIT_IO.SMALL, SPLIT_IO.SMALL_OUT],
    [SPLIT_IO.LARGE, SPLIT_IO.LARGE_OUT],
  ] as const) {
    const count = io[at + 2]!;
    const node = { sumG: io[at]!, sumH: io[at + 1]!, count, ...s.scan };
    const split =
      count === 0
        ? null
        : scanSplits(at === SPLIT_IO.SMALL ? hist : parent, at === SPLIT_IO.SMALL ? null : hist, s.off3, f0, f1, node);
    writeSplit(io, out, split);
  }
}

/** Reports command `seq` finished, waking the fitting thread only if it sleeps (see HistHelper.send). */
function done(seq: number): void {
  Atomics.store(ctrl, CTRL.DONE, seq);
  if (Atomics.load(ctrl, CTRL.FITTER_ASLEEP) === 1) Atomics.notify(ctrl, CTRL.DONE);
}

/** Grows class k's tree with this thread's own grower and hands back its nodes and every row's output. */
function growTree(grower: HistGrower, n: number, t: TreeJobBuffers, k: number): void {
  const builder = new EnsembleBuilder(1, t.out.feature.length);
  // Copied into the grower's own buffers (one class wide), which live in its kernels' memory when it has kernels:
  // the WebAssembly gather reads them there.
  grower.gradients.set(t.gradients.subarray(k * n, (k + 1) * n));
  grower.hessians.set(t.hessians.subarray(k * n, (k + 1) * n));
  grower.grow(grower.gradients, grower.hessians, builder);
  const index = grower.index;
  const rowValue = t.treeOut.subarray(k * n, (k + 1) * n);
  for (const leaf of grower.leaves) {
    for (let j = leaf.start; j < leaf.end; j++) rowValue[index[j]!] = leaf.value;
  }
  const m = builder.nodes;
  const out = t.out;
  out.feature.set(builder.feature.subarray(0, m));
  out.bin.set(builder.bin.subarray(0, m));
  out.threshold.set(builder.threshold.subarray(0, m));
  out.left.set(builder.left.subarray(0, m));
  out.right.set(builder.right.subarray(0, m));
  out.value.set(builder.value.subarray(0, m));
  out.meta[0] = m;
}
