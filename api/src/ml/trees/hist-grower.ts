import type { BinMapper, BinnedMatrix } from "./binning.js";
import { releaseHelperCore, tryAcquireHelperCore } from "../worker/core-budget.js";
import { EnsembleBuilder } from "./ensemble.js";
import { KIND, openHistSession, SPLIT_IO, type HistSession, type RemoteTreeBuffers } from "./hist-helper.js";
import { nodeHistogram, partitionRange as partitionInJs, rootHistogram } from "./hist-kernel.js";
import { histMemory, WasmHistKernels } from "./hist-kernel-wasm.js";
import type { WasmMemory } from "../wasm/runtime.js";
import { logLossGradients } from "./log-loss-gradients.js";
import { betterSplit, readSplit, scanSplits, type SplitCandidate } from "./split-scan.js";

/** Settings of one gradient-boosted tree. */
export interface GrowerSettings {
  maxLeafNodes: number;
  /** Root has depth 0; nodes at this depth become leaves. Infinity for no limit. */
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  learningRate: number;
}

type Split = SplitCandidate;

interface Leaf {
  node: number;
  start: number;
  end: number;
  depth: number;
  sumG: number;
  sumH: number;
  hist: Float64Array | null;
  split: Split | null;
}

// Nodes with fewer rows are histogrammed on one thread: handing work over and back costs tens of microseconds.
const PARALLEL_MIN_ROWS = 2048;
// Splits of smaller nodes are shared too: scanning the children's splits costs the same at any size.
const SPLIT_TOGETHER_MIN_ROWS = 256;
const HELPER_BACKOFF_TREES = 8;
// Backing off takes this many slow helped trees (or pairs) in a row.
const SLOW_IN_A_ROW = 2;

// Histograms kept in WebAssembly memory; a tree needing more at once gets plain arrays (and the JS kernels) beyond.
const MAX_WASM_HISTOGRAMS = 64;
const MAX_WASM_BYTES = 1 << 30;

let wasmEnabled = true;

/** Turns the WebAssembly histogram kernels on or off for growers created afterwards on this thread (tests). */
export function setHistWasmEnabled(on: boolean): void {
  wasmEnabled = on;
}

let lastTreeOverlap: boolean | null = null;

/**
 * Fixes what timing decides in growIteration (tests): with true the last class's tree always grows while the
 * helper's tree may still run (the helper joins once free), with false only after it (with the helper's share
 * from the root); either way pairing never backs off. Null restores timing.
 */
export function setLastTreeOverlap(mode: boolean | null): void {
  lastTreeOverlap = mode;
}

let stallAt = -1;
let inPlaceBuilds = 0;

/**
 * Makes the helper's `which`-th build into a histogram of this thread's growers from now on (0: the next; the
 * root's and the splits' counted alike) end as if the helper had stalled part way, its features scribbled over
 * (tests of the fallback); -1 for none.
 */
export function stallHelperBuild(which: number): void {
  stallAt = which;
  inPlaceBuilds = 0;
}

/** Views of consecutive 16-byte aligned areas of one buffer. */
class Areas {
  private at = 0;
  constructor(private readonly buffer: ArrayBufferLike) {}

  take(bytes: number): number {
    const at = this.at;
    this.at += Math.ceil(bytes / 16) * 16;
    return at;
  }

  i32(length: number): Int32Array {
    return new Int32Array(this.buffer, this.take(4 * length), length);
  }

  f64(length: number): Float64Array {
    return new Float64Array(this.buffer, this.take(8 * length), length);
  }

  f32(length: number): Float32Array {
    return new Float32Array(this.buffer, this.take(4 * length), length);
  }

  u8(length: number): Uint8Array {
    return new Uint8Array(this.buffer, this.take(length), length);
  }
}

/**
 * Grows leaf-wise (best-first) regression trees on gradient/hessian histograms.
 * Histograms are (gradient, hessian, count) triples per bin, all features packed in one Float64Array;
 * only the smaller child of a split is histogrammed, the larger one is parent minus smaller.
 *
 * With `threads: 2`, while a core is free (see core-budget.ts), a helper thread takes part of the work: in
 * `growIteration` it grows every other class's tree whole and computes half the rows' gradients; in a tree grown
 * here it builds the upper half of the features of large nodes and partitions the upper half of their rows. Each
 * of these computes the same values in the same order as one thread, so the trees are identical with or without
 * the helper. Call `close()` after the last tree to release the helper.
 */
export class HistGrower {
  /** Sample indices; each leaf owns a contiguous range. Valid after `grow` for the leaves it returns. */
  readonly index: Int32Array;
  private readonly scratch: Int32Array;
  /** Left rows of the helper's half of a partition (its right rows go to scratch). */
  private readonly helperLeft: Int32Array;
  private readonly orderedGH: Float64Array;
  private readonly offset: Int32Array;
  private readonly offset3: Int32Array;
  private readonly rootCounts: Float64Array;
  private readonly histSize: number;
  private readonly pool: Float64Array[] = [];
  /** The WebAssembly kernels and their (shared) memory, which holds bins, index, gh and the pooled histograms. */
  private readonly kernels: WasmHistKernels | null = null;
  private readonly wasmBuffer: ArrayBufferLike | null = null;
  private readonly bins: Uint8Array;
  private readonly session: HistSession | null = null;
  private readonly sharedG: Float32Array | null = null;
  private readonly sharedH: Float32Array | null = null;
  private readonly helperHist: Float64Array | null = null;
  /** SPLIT_IO words shared with the helper. */
  private readonly io: Float64Array;
  /** First feature the helper builds. */
  private readonly splitFeature: number;
  /** Whether the current tree uses the helper. */
  private parallel = false;
  /** A helper tree command still running while this thread grows a tree (see growOverlapped); 0 when none. */
  private awaitedTree = 0;
  private readonly overlapBuilder = new EnsembleBuilder(1, 256);
  /** Trees left to grow on one thread after the helper proved slower than building its share here. */
  private backoff = 0;
  /** Pairs of trees left to grow here one after another after the helper proved slower than growing both here. */
  private pairBackoff = 0;
  /** Helped trees / pairs in a row where the helper kept us waiting longer than our own share took. */
  private slowTrees = 0;
  private slowPairs = 0;
  /** Per tree: time this thread spent on its own share of shared builds, and waiting for the helper after it. */
  private ownMs = 0;
  private waitMs = 0;
  /** Histograms built with the helper's share (tests check the parallel path ran). */
  parallelBuilds = 0;
  /** Helper builds redone here because the helper stalled (tests check the fallback ran). */
  helperStalls = 0;
  /** Trees the helper grew whole in `growIteration` (tests check that path ran). */
  remoteTrees = 0;
  /** Trees grown while the helper grew another (see growOverlapped; tests check that path ran). */
  overlappedTrees = 0;
  /** Trees per iteration for `growIteration`. */
  readonly width: number;
  /** Gradients and hessians of all classes, class-major (g[k * n + i]), for `growIteration`. */
  readonly gradients: Float32Array;
  readonly hessians: Float32Array;
  /** Raw scores, row-major (raw[i * width + k]): two buffers, `rawAt` the current one. */
  private readonly raws: [Float64Array, Float64Array];
  private rawAt: 0 | 1 = 0;
  /** Output of the last iteration's trees for every row, class-major (treeOut[k * n + i]). */
  private readonly treeOut: Float64Array;
  /** Scratch of the WebAssembly softmax kernel (see constructor), or null without it. */
  private readonly gradientScratch: Float64Array | null;
  /** Whether treeOut holds trees not yet added to raw. */
  private pending = false;
  private readonly remote: RemoteTreeBuffers | null = null;
  private readonly labels: Int32Array;
  /** Leaves of the last tree: node id, range in `index`, and output value. */
  leaves: { node: number; start: number; end: number; value: number }[] = [];

  constructor(
    private readonly data: BinnedMatrix,
    private readonly mapper: BinMapper,
    private readonly settings: GrowerSettings,
    threads: 1 | 2 = 1,
    boosting: { width: number; labels: Int32Array } | null = null,
  ) {
    const n = data.rows;
    const d = data.cols;
    this.offset = new Int32Array(d + 1);
    for (let f = 0; f < d; f++) this.offset[f + 1] = this.offset[f]! + mapper.nBins[f]!;
    this.offset3 = this.offset.map((o) => o * 3);
    this.histSize = this.offset[d]! * 3;
    this.splitFeature = d >> 1;
    const helped = threads === 2 && d >= 2;
    // The helper reads rows, gradients and indices and writes its features, so those live in shared memory.
    const alloc = (bytes: number): ArrayBuffer | SharedArrayBuffer =>
      helped ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
    // Histograms alive at once: the open leaves' and the one being built (at most the leaves, plus one).
    const maxLeaves = Math.min(settings.maxLeafNodes, Math.ceil(n / Math.max(1, settings.minSamplesLeaf)));
    const slots = Math.min(MAX_WASM_HISTOGRAMS, maxLeaves + 2);
    const width = boosting?.width ?? 1;
    const wasm = wasmEnabled ? this.wasmAreas(n, d, helped, slots, width, boosting !== null) : null;
    const areas = wasm ? new Areas(wasm.buffer) : null;
    let memory: WasmMemory | null = null;
    if (wasm && areas) {
      memory = wasm.memory;
      this.kernels = wasm.kernels;
      this.wasmBuffer = wasm.buffer;
      this.bins = areas.u8(n * d);
      this.bins.set(data.bins.subarray(0, n * d));
      this.index = areas.i32(n);
      this.scratch = areas.i32(n);
      this.helperLeft = helped ? areas.i32(n) : this.scratch;
      this.orderedGH = areas.f64(2 * n);
      this.helperHist = helped ? areas.f64(this.histSize) : null;
      for (let k = 0; k < slots; k++) this.pool.push(areas.f64(this.histSize));
    } else {
      this.index = new Int32Array(alloc(4 * n));
      this.scratch = new Int32Array(alloc(4 * n));
      this.helperLeft = helped ? new Int32Array(alloc(4 * n)) : this.scratch;
      this.orderedGH = new Float64Array(alloc(16 * n));
      if (helped) {
        this.bins = new Uint8Array(new SharedArrayBuffer(data.bins.length));
        this.bins.set(data.bins);
        this.helperHist = new Float64Array(alloc(8 * this.histSize));
      } else {
        this.bins = data.bins;
      }
    }
    this.width = width;
    // In the kernels' memory, where the WebAssembly gather and gradient kernels read them.
    this.gradients = areas ? areas.f32(n * width) : new Float32Array(alloc(4 * n * width));
    this.hessians = areas ? areas.f32(n * width) : new Float32Array(alloc(4 * n * width));
    const boosted = areas !== null && boosting !== null;
    this.labels = boosted
      ? areas.i32(n)
      : helped && boosting
        ? new Int32Array(alloc(4 * n))
        : (boosting?.labels ?? new Int32Array(0));
    if (boosting && this.labels !== boosting.labels) this.labels.set(boosting.labels);
    const scores = (): Float64Array => (boosted ? areas.f64(n * width) : new Float64Array(alloc(8 * n * width)));
    this.raws = [scores(), scores()];
    this.treeOut = scores();
    // Two threads' scratch for the softmax kernel: this one's first, the helper's after.
    this.gradientScratch = boosted && width > 1 ? areas.f64(4 * width) : null;
    if (helped && boosting) {
      const nodes = 2 * settings.maxLeafNodes;
      this.remote = {
        meta: new Int32Array(alloc(4)),
        feature: new Int32Array(alloc(4 * nodes)),
        bin: new Uint8Array(alloc(nodes)),
        threshold: new Float64Array(alloc(8 * nodes)),
        left: new Int32Array(alloc(4 * nodes)),
        right: new Int32Array(alloc(4 * nodes)),
        value: new Float64Array(alloc(8 * nodes)),
      };
    }
    this.io = new Float64Array(alloc(8 * SPLIT_IO.SIZE));
    if (helped) {
      this.sharedG = new Float32Array(alloc(4 * n));
      this.sharedH = new Float32Array(alloc(4 * n));
      this.session = openHistSession({
        n,
        memory,
        bins: this.bins,
        index: this.index,
        scratch: [this.helperLeft, this.scratch],
        g: this.sharedG,
        h: this.sharedH,
        gh: this.orderedGH,
        hist: this.helperHist!,
        off3: this.offset3,
        io: this.io,
        scan: { l2: settings.l2, minLeaf: settings.minSamplesLeaf },
        trees: this.remote && {
          width,
          labels: this.labels,
          raw: this.raws,
          treeOut: this.treeOut,
          cols: d,
          edges: [...mapper.edges],
          nBins: mapper.nBins,
          settings: { ...settings },
          gradientScratch: this.gradientScratch,
          gradients: this.gradients,
          hessians: this.hessians,
          out: this.remote,
        },
      });
    }
    this.rootCounts = new Float64Array(this.offset[d]!);
    for (let f = 0; f < d; f++) {
      const base = f * n;
      const off = this.offset[f]!;
      for (let i = 0; i < n; i++) {
        const b = data.bins[base + i]!;
        this.rootCounts[off + b]!++;
      }
    }
  }

  /** Grows one tree for gradients `g` and hessians `h` into `out` (valueWidth 1). */
  grow(g: Float32Array, h: Float32Array, out: EnsembleBuilder): void {
    // The helper core is claimed per tree, so a pool job starting meanwhile gets it back at the next tree.
    let claimed = false;
    if (this.backoff > 0) this.backoff--;
    else claimed = this.session !== null && this.session.ready() && tryAcquireHelperCore();
    this.parallel = claimed;
    this.ownMs = 0;
    this.waitMs = 0;
    try {
      this.growTree(g, h, out);
    } finally {
      if (claimed) releaseHelperCore();
      this.parallel = false;
    }
    // A helper that keeps us waiting longer than our own share took is slower than no helper (on a machine busy
    // with other processes it may not get a core): grow the next trees alone, then try again. Once is not enough:
    // a cold helper or one descheduled for a moment does that too.
    if (claimed) {
      this.slowTrees = this.waitMs > this.ownMs ? this.slowTrees + 1 : 0;
      if (this.slowTrees >= SLOW_IN_A_ROW) {
        this.backoff = HELPER_BACKOFF_TREES;
        this.slowTrees = 0;
      }
    }
  }

  /**
   * Log-loss gradients and hessians of `raw` into `gradients`/`hessians` (needs `boosting`); the helper computes the
   * second half of the rows while a core is free.
   */
  /** Raw scores, row-major (raw[i * width + k]); set the baseline before the first iteration. */
  get raw(): Float64Array {
    return this.raws[this.rawAt];
  }

  computeGradients(): void {
    const n = this.data.rows;
    const from = this.rawAt;
    const pending = this.pending ? { out: this.treeOut, next: this.raws[1 - from]! } : null;
    const wasm =
      this.kernels && this.gradientScratch
        ? { kernels: this.kernels, scratch: this.gradientScratch.subarray(0, 2 * this.width) }
        : null;
    const buffers = {
      current: this.raws[from],
      pending,
      y: this.labels,
      width: this.width,
      g: this.gradients,
      h: this.hessians,
    };
    const rows = (i0: number, i1: number): void => logLossGradients(buffers, i0, i1, wasm);
    if (pending) {
      this.pending = false;
      this.rawAt = from === 0 ? 1 : 0;
    }
    const session = this.remote !== null ? this.session : null;
    if (!session?.ready() || !tryAcquireHelperCore()) {
      rows(0, n);
      return;
    }
    const half = n >> 1;
    const seq = session.startGradients(half, n, from, pending !== null);
    let ok = false;
    try {
      rows(0, half);
    } finally {
      ok = session.finish(seq);
      releaseHelperCore();
    }
    // Reads of `from` and writes of the other buffer: safe to redo rows the helper may have half done.
    if (!ok) rows(half, n);
  }

  /**
   * Grows the `width` trees of one boosting iteration from `gradients`/`hessians` into `out` (class order); the
   * next `computeGradients` adds their outputs to `raw`. `onTree(k, root)` runs once class k's tree is in `out`.
   * The trees of one iteration share a gradient snapshot, so while a core is free the helper grows class k + 1's
   * tree whole while this thread grows class k's: the same code on the same inputs, so the trees equal those grown
   * one after another. A class left without a partner is grown here with the helper's share of large nodes.
   */
  growIteration(out: EnsembleBuilder, onTree: (k: number, root: number) => void): void {
    const n = this.data.rows;
    const width = this.width;
    const gOf = (k: number): Float32Array => this.gradients.subarray(k * n, (k + 1) * n);
    const hOf = (k: number): Float32Array => this.hessians.subarray(k * n, (k + 1) * n);
    for (let k = 0; k < width;) {
      let pair = false;
      if (this.pairBackoff > 0) this.pairBackoff--;
      else
        pair =
          k + 1 < width &&
          this.remote !== null &&
          this.session !== null &&
          this.session.ready() &&
          tryAcquireHelperCore();
      if (!pair) {
        const root = out.nodes;
        this.grow(gOf(k), hOf(k), out);
        this.addLeaves(k);
        onTree(k, root);
        k++;
        continue;
      }
      const session = this.session!;
      const seq = session.startTree(k + 1);
      // The last class left without a partner: grown here while the helper may still be on its tree.
      const lastAlone = k + 2 === width - 1;
      let ok = false;
      let ownMs = 0;
      let waitMs = 0;
      let overlapped = false;
      try {
        const root = out.nodes;
        const t0 = performance.now();
        this.growTree(gOf(k), hOf(k), out);
        this.addLeaves(k);
        onTree(k, root);
        if (lastAlone && lastTreeOverlap !== false && (lastTreeOverlap === true || !session.isDone(seq))) {
          // Rather than wait for the helper, start the last tree; it takes its share of nodes once it is free.
          overlapped = true;
          this.growOverlapped(k + 2, gOf(k + 2), hOf(k + 2), seq);
        }
        ownMs = performance.now() - t0;
      } finally {
        const t0 = performance.now();
        // Seen done while growing the last tree: later commands have moved DONE past seq.
        ok = (overlapped && this.awaitedTree === 0) || session.finish(seq);
        this.awaitedTree = 0;
        this.parallel = false;
        waitMs = performance.now() - t0;
        releaseHelperCore();
      }
      // Waiting longer than our own trees took means the helper took over twice as long (no core for it, say):
      // growing them all here would have been faster. Pair again after a few trees.
      this.slowPairs = waitMs > ownMs ? this.slowPairs + 1 : 0;
      if (this.slowPairs >= SLOW_IN_A_ROW && lastTreeOverlap === null) {
        this.pairBackoff = HELPER_BACKOFF_TREES;
        this.slowPairs = 0;
      }
      const root = out.nodes;
      if (ok) {
        this.takeRemoteTree(out);
        this.remoteTrees++;
      } else {
        // Class k + 2's tree already set its rows' output; this one's are written now, to their own class.
        this.grow(gOf(k + 1), hOf(k + 1), out);
        this.addLeaves(k + 1);
      }
      onTree(k + 1, root);
      if (overlapped) {
        const last = out.nodes;
        out.appendTree(this.overlapBuilder, 0);
        onTree(k + 2, last);
        k += 3;
      } else k += 2;
    }
  }

  /**
   * Grows class k's tree into `overlapBuilder` while the helper finishes tree command `treeSeq`: alone until the
   * helper reports it done, then with its share of large nodes (`helping`). Sets the tree's rows' output.
   */
  private growOverlapped(k: number, g: Float32Array, h: Float32Array, treeSeq: number): void {
    this.overlapBuilder.truncateTrees(0);
    this.overlappedTrees++;
    this.awaitedTree = treeSeq;
    this.parallel = false;
    this.growTree(g, h, this.overlapBuilder);
    this.addLeaves(k);
  }

  /** Whether the helper takes a share of the next node: while it finishes a tree, only once it has. */
  private helping(): boolean {
    if (this.awaitedTree !== 0 && this.session!.isDone(this.awaitedTree)) {
      this.awaitedTree = 0;
      this.parallel = true;
    }
    return this.parallel;
  }

  /** Records the last tree's output for every row as class k's (the next computeGradients adds it to raw). */
  private addLeaves(k: number): void {
    const n = this.data.rows;
    const rowValue = this.treeOut.subarray(k * n, (k + 1) * n);
    const index = this.index;
    for (const leaf of this.leaves) {
      const v = leaf.value;
      for (let j = leaf.start; j < leaf.end; j++) rowValue[index[j]!] = v;
    }
    this.pending = true;
  }

  /** Appends the helper's tree to `out` (it has written its rows' output to treeOut). */
  private takeRemoteTree(out: EnsembleBuilder): void {
    const t = this.remote!;
    const m = t.meta[0]!;
    out.startTree();
    const base = out.nodes;
    for (let j = 0; j < m; j++) out.addNode();
    for (let j = 0; j < m; j++) {
      const f = t.feature[j]!;
      if (f >= 0) out.setSplit(base + j, f, t.bin[j]!, t.threshold[j]!, base + t.left[j]!, base + t.right[j]!);
      out.value[base + j] = t.value[j]!;
    }
    this.pending = true;
  }

  /** Whether the helper thread has taken this grower's buffers (tests wait for it to exercise the helper). */
  get helperReady(): boolean {
    return this.session?.ready() ?? false;
  }

  /** Releases the helper thread; the grower keeps working on one thread. */
  close(): void {
    this.session?.close();
  }

  private growTree(g: Float32Array, h: Float32Array, out: EnsembleBuilder): void {
    const n = this.data.rows;
    const s = this.settings;
    const index = this.index;
    for (let i = 0; i < n; i++) index[i] = i;
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < n; i++) {
      sumG += g[i]!;
      sumH += h[i]!;
    }
    out.startTree();
    const root: Leaf = { node: out.addNode(), start: 0, end: n, depth: 0, sumG, sumH, hist: null, split: null };
    const open: Leaf[] = [];
    const done: Leaf[] = [];
    if (this.splittable(root)) {
      root.hist = this.take(false);
      this.buildRoot(g, h, root.hist);
      root.split = this.bestSplit(root);
    }
    if (root.split) open.push(root);
    else done.push(root);

    let leafCount = 1;
    while (open.length > 0 && leafCount < s.maxLeafNodes) {
      let bestAt = 0;
      for (let i = 1; i < open.length; i++) if (open[i]!.split!.gain > open[bestAt]!.split!.gain) bestAt = i;
      const parent = open[bestAt]!;
      open.splice(bestAt, 1);
      const split = parent.split!;
      const mid = this.partition(parent.start, parent.end, split.feature, split.bin);
      const left: Leaf = {
        node: out.addNode(),
        start: parent.start,
        end: mid,
        depth: parent.depth + 1,
        sumG: split.leftG,
        sumH: split.leftH,
        hist: null,
        split: null,
      };
      const right: Leaf = {
        node: out.addNode(),
        start: mid,
        end: parent.end,
        depth: parent.depth + 1,
        sumG: parent.sumG - split.leftG,
        sumH: parent.sumH - split.leftH,
        hist: null,
        split: null,
      };
      const edges = this.mapper.edges[split.feature]!;
      out.setSplit(parent.node, split.feature, split.bin, edges[split.bin]!, left.node, right.node);
      leafCount++;

      const leftOk = this.splittable(left);
      const rightOk = this.splittable(right);
      if (leftOk || rightOk) {
        const [small, large] = left.end - left.start <= right.end - right.start ? [left, right] : [right, left];
        const smallOk = small === left ? leftOk : rightOk;
        const largeOk = small === left ? rightOk : leftOk;
        if (this.splitTogether(g, h, parent, small, large, smallOk, largeOk)) {
          parent.hist = null;
          this.fileChildren(left, right, open, done);
          continue;
        }
        small.hist = this.take();
        this.buildNode(g, h, small.start, small.end, small.hist);
        // Parent minus the smaller child is the larger child's histogram; reuse the parent's buffer.
        const ph = parent.hist!;
        const sh = small.hist;
        if (this.kernels && this.inWasm(ph) && this.inWasm(sh)) this.kernels.subtract(ph, sh);
        else for (let i = 0; i < this.histSize; i++) ph[i] = ph[i]! - sh[i]!;
        large.hist = ph;
        parent.hist = null;
        for (const child of [left, right]) {
          if (child === left ? leftOk : rightOk) child.split = this.bestSplit(child);
        }
      } else {
        this.give(parent.hist);
        parent.hist = null;
      }
      this.fileChildren(left, right, open, done);
    }
    for (const leaf of open) {
      this.give(leaf.hist);
      leaf.hist = null;
      done.push(leaf);
    }
    this.leaves = done.map((leaf) => {
      const value = (-s.learningRate * leaf.sumG) / (leaf.sumH + s.l2 + 1e-15);
      out.value[leaf.node] = value;
      return { node: leaf.node, start: leaf.start, end: leaf.end, value };
    });
  }

  /** Children with a split go on to `open`; the others are leaves for good and give back their histograms. */
  private fileChildren(left: Leaf, right: Leaf, open: Leaf[], done: Leaf[]): void {
    for (const child of [left, right]) {
      if (child.split) open.push(child);
      else {
        this.give(child.hist);
        child.hist = null;
        done.push(child);
      }
    }
  }

  private splittable(leaf: Leaf): boolean {
    return leaf.depth < this.settings.maxDepth && leaf.end - leaf.start >= 2 * this.settings.minSamplesLeaf;
  }

  private take(zero = true): Float64Array {
    const h = this.pool.pop();
    if (h) {
      if (zero) h.fill(0);
      return h;
    }
    return new Float64Array(this.histSize);
  }

  private give(h: Float64Array | null): void {
    if (h) this.pool.push(h);
  }

  /** Memory for the WebAssembly kernels and their instance, or null (then the JavaScript kernels run). */
  private wasmAreas(
    n: number,
    d: number,
    helped: boolean,
    slots: number,
    width: number,
    boosting: boolean,
  ): { memory: WasmMemory; buffer: ArrayBufferLike; kernels: WasmHistKernels } | null {
    const area = (bytes: number): number => Math.ceil(bytes / 16) * 16;
    const hist = area(8 * this.histSize);
    const rows =
      area(n * d) +
      area(4 * n) * (helped ? 3 : 2) +
      area(16 * n) +
      2 * area(4 * n * width) +
      (boosting ? area(4 * n) + 3 * area(8 * n * width) + area(32 * width) : 0);
    const bytes = rows + hist * (slots + (helped ? 1 : 0));
    if (n < 1 || bytes > MAX_WASM_BYTES) return null;
    const memory = histMemory(bytes);
    const kernels = memory && WasmHistKernels.on(memory);
    return memory && kernels ? { memory, buffer: memory.buffer, kernels } : null;
  }

  /** Whether `hist` lives in the kernels' memory (a histogram beyond the pooled ones does not). */
  private inWasm(hist: Float64Array): boolean {
    return this.kernels !== null && hist.buffer === this.wasmBuffer;
  }

  private rootFeatures(g: Float32Array, h: Float32Array, hist: Float64Array, f0: number, f1: number): void {
    const n = this.data.rows;
    if (this.kernels && this.inWasm(hist)) {
      this.kernels.root(this.bins.byteOffset, n, this.orderedGH.byteOffset, hist.byteOffset, this.offset3, f0, f1);
    } else {
      rootHistogram(this.bins, n, g, h, hist, this.offset3, f0, f1);
    }
  }

  private nodeFeatures(start: number, m: number, hist: Float64Array, f0: number, f1: number): void {
    const n = this.data.rows;
    const index = this.index;
    const gh = this.orderedGH;
    if (this.kernels && this.inWasm(hist)) {
      const at = index.byteOffset + 4 * start;
      this.kernels.node(this.bins.byteOffset, n, at, m, gh.byteOffset, hist.byteOffset, this.offset3, f0, f1);
    } else {
      nodeHistogram(this.bins, n, index, start, m, gh, hist, this.offset3, f0, f1);
    }
  }

  private buildRoot(g: Float32Array, h: Float32Array, hist: Float64Array): void {
    const n = this.data.rows;
    const d = this.data.cols;
    if (this.kernels) {
      // The WebAssembly kernels (here and on the helper) read (g, h) pairs; index is 0…n-1 at the root.
      this.gather(g, h, 0, n);
    }
    const session = this.helping() ? this.session : null;
    if (session && this.kernels && this.inWasm(hist)) {
      // The helper builds its features straight into the root's histogram (it reads the gathered pairs).
      const split = this.splitFeature;
      const from = this.offset3[split]!;
      this.io[SPLIT_IO.SMALL_HIST] = hist.byteOffset;
      const seq = session.start(KIND.ROOT_AT, 0, n, split, d);
      const t0 = performance.now();
      hist.fill(0, 0, from);
      this.rootFeatures(g, h, hist, 0, split);
      this.ownMs += performance.now() - t0;
      if (this.finishHelper(seq, hist)) this.parallelBuilds++;
      else {
        hist.fill(0, from);
        this.rootFeatures(g, h, hist, split, d);
      }
    } else if (session) {
      hist.fill(0);
      const split = this.splitFeature;
      this.sharedG!.set(g);
      this.sharedH!.set(h);
      const seq = session.start(KIND.ROOT, 0, n, split, d);
      const t0 = performance.now();
      this.rootFeatures(g, h, hist, 0, split);
      this.ownMs += performance.now() - t0;
      this.joinHelper(seq, hist, () => this.rootFeatures(g, h, hist, split, d));
    } else {
      hist.fill(0);
      this.rootFeatures(g, h, hist, 0, d);
    }
    // Every tree's root holds all rows, so its counts never change.
    const counts = this.rootCounts;
    for (let b = 0, p = 2; b < counts.length; b++, p += 3) hist[p] = counts[b]!;
  }

  /** orderedGH[2j], orderedGH[2j + 1] = g[i], h[i] for i = index[start + j], j < m. */
  private gather(g: Float32Array, h: Float32Array, start: number, m: number): void {
    const index = this.index;
    const gh = this.orderedGH;
    if (this.kernels && g.buffer === this.wasmBuffer && h.buffer === this.wasmBuffer) {
      this.kernels.gather(index, start, m, g, h, gh);
      return;
    }
    for (let j = 0; j < m; j++) {
      const i = index[start + j]!;
      gh[2 * j] = g[i]!;
      gh[2 * j + 1] = h[i]!;
    }
  }

  private buildNode(g: Float32Array, h: Float32Array, start: number, end: number, hist: Float64Array): void {
    const d = this.data.cols;
    const m = end - start;
    // Gathered once so the per-feature passes read gradients sequentially.
    this.gather(g, h, start, m);
    const session = m >= PARALLEL_MIN_ROWS && this.helping() ? this.session : null;
    if (session) {
      const split = this.splitFeature;
      const seq = session.start(KIND.NODE, start, m, split, d);
      const t0 = performance.now();
      this.nodeFeatures(start, m, hist, 0, split);
      this.ownMs += performance.now() - t0;
      this.joinHelper(seq, hist, () => this.nodeFeatures(start, m, hist, split, d));
    } else {
      this.nodeFeatures(start, m, hist, 0, d);
    }
  }

  /**
   * Waits for helper command `seq`, which builds its features into `hist`; false (and no more help this tree) if
   * the helper stalled.
   */
  private finishHelper(seq: number, hist: Float64Array): boolean {
    const t0 = performance.now();
    let ok = this.session!.finish(seq);
    this.waitMs += performance.now() - t0;
    if (ok && inPlaceBuilds++ === stallAt) {
      hist.fill(Number.NaN, this.offset3[this.splitFeature]);
      ok = false;
    }
    if (!ok) {
      this.parallel = false;
      this.helperStalls++;
    }
    return ok;
  }

  /**
   * Histograms the smaller child and finds both children's splits with the helper owning features [split, d): it
   * builds them into the smaller child's histogram and scans them for both children while this thread does the
   * same for [0, split), so neither copies nor scans the other's features. The larger child then takes the
   * parent's buffer (parent minus smaller). False, doing nothing, when the helper is not at hand (caller goes on
   * alone); if the helper stalls, its share is redone here.
   */
  private splitTogether(
    g: Float32Array,
    h: Float32Array,
    parent: Leaf,
    small: Leaf,
    large: Leaf,
    smallOk: boolean,
    largeOk: boolean,
  ): boolean {
    const m = small.end - small.start;
    const ph = parent.hist!;
    const kernels = this.kernels;
    if (!kernels || !this.inWasm(ph) || m < SPLIT_TOGETHER_MIN_ROWS || this.pool.length === 0 || !this.helping()) {
      return false;
    }
    const session = this.session!;
    const sh = this.take(false);
    const d = this.data.cols;
    const split = this.splitFeature;
    const from = this.offset3[split]!;
    const io = this.io;
    this.gather(g, h, small.start, m);
    io[SPLIT_IO.SMALL_HIST] = sh.byteOffset;
    io[SPLIT_IO.PARENT_HIST] = ph.byteOffset;
    for (const [at, leaf, ok] of [
      [SPLIT_IO.SMALL, small, smallOk],
      [SPLIT_IO.LARGE, large, largeOk],
    ] as const) {
      io[at] = leaf.sumG;
      io[at + 1] = leaf.sumH;
      io[at + 2] = ok ? leaf.end - leaf.start : 0;
    }
    const seq = session.start(KIND.SPLIT, small.start, m, split, d);
    const t0 = performance.now();
    sh.fill(0, 0, from);
    this.nodeFeatures(small.start, m, sh, 0, split);
    kernels.subtract(ph.subarray(0, from), sh.subarray(0, from));
    const scan = (hist: Float64Array, leaf: Leaf, f0: number, f1: number): Split | null =>
      scanSplits(hist, null, this.offset3, f0, f1, this.scanNode(leaf));
    const smallLower = smallOk ? scan(sh, small, 0, split) : null;
    const largeLower = largeOk ? scan(ph, large, 0, split) : null;
    this.ownMs += performance.now() - t0;
    let smallUpper: Split | null;
    let largeUpper: Split | null;
    if (this.finishHelper(seq, sh)) {
      smallUpper = readSplit(io, SPLIT_IO.SMALL_OUT);
      largeUpper = readSplit(io, SPLIT_IO.LARGE_OUT);
      kernels.subtract(ph.subarray(from), sh.subarray(from));
      this.parallelBuilds++;
    } else {
      // The helper may have written part of its features of the smaller child; the parent's it only read.
      sh.fill(0, from);
      this.nodeFeatures(small.start, m, sh, split, d);
      kernels.subtract(ph.subarray(from), sh.subarray(from));
      smallUpper = smallOk ? scan(sh, small, split, d) : null;
      largeUpper = largeOk ? scan(ph, large, split, d) : null;
    }
    small.hist = sh;
    large.hist = ph;
    small.split = smallOk ? betterSplit(smallLower, smallUpper) : null;
    large.split = largeOk ? betterSplit(largeLower, largeUpper) : null;
    return true;
  }

  /** Waits for the helper's features and copies them in; builds them here instead if the helper stalled. */
  private joinHelper(seq: number, hist: Float64Array, fallback: () => void): void {
    const from = this.offset3[this.splitFeature]!;
    const t0 = performance.now();
    const ok = this.session!.finish(seq);
    this.waitMs += performance.now() - t0;
    if (ok) {
      hist.set(this.helperHist!.subarray(from, this.histSize), from);
      this.parallelBuilds++;
    } else {
      this.parallel = false;
      fallback();
    }
  }

  private bestSplit(leaf: Leaf): Split | null {
    return scanSplits(leaf.hist!, null, this.offset3, 0, this.data.cols, this.scanNode(leaf));
  }

  private scanNode(leaf: Leaf): { sumG: number; sumH: number; count: number; l2: number; minLeaf: number } {
    const s = this.settings;
    return { sumG: leaf.sumG, sumH: leaf.sumH, count: leaf.end - leaf.start, l2: s.l2, minLeaf: s.minSamplesLeaf };
  }

  /** Stable partition of index[start, end) by bin <= threshold; returns where the right side starts. */
  private partition(start: number, end: number, feature: number, bin: number): number {
    const index = this.index;
    const scratch = this.scratch;
    const bins = this.bins;
    const base = feature * this.data.rows;
    const session = end - start >= PARALLEL_MIN_ROWS && this.helping() ? this.session : null;
    // Every array here lives in the kernels' memory when there are kernels.
    const partitionRange = this.kernels ? this.kernels.partition.bind(this.kernels) : partitionInJs;
    if (!session) {
      const l = partitionRange(index, start, end, bins, base, bin, index, start, scratch, start);
      index.set(scratch.subarray(start, end - l), start + l);
      return start + l;
    }
    // The helper partitions the upper half into its buffers while this thread partitions the lower half in place;
    // the pieces are then laid out left, left, right, right: the order a one-thread pass gives.
    const mid = (start + end) >> 1;
    const seq = session.startPartition(mid, end, feature, bin);
    const t0 = performance.now();
    const l1 = partitionRange(index, start, mid, bins, base, bin, index, start, scratch, start);
    this.ownMs += performance.now() - t0;
    const t1 = performance.now();
    const ok = session.finish(seq);
    this.waitMs += performance.now() - t1;
    let l2: number;
    if (ok) l2 = session.result();
    else {
      // The helper only wrote its own buffers: index[mid, end) is intact.
      this.parallel = false;
      l2 = partitionRange(index, mid, end, bins, base, bin, this.helperLeft, mid, scratch, mid);
    }
    const r1 = mid - start - l1;
    index.set(this.helperLeft.subarray(mid, mid + l2), start + l1);
    index.set(scratch.subarray(start, start + r1), start + l1 + l2);
    index.set(scratch.subarray(mid, mid + (end - mid - l2)), start + l1 + l2 + r1);
    return start + l1 + l2;
  }
}
