import type { Worker } from "node:worker_threads";
import type { WasmMemory } from "../wasm/runtime.js";
import { startTsWorker } from "../worker/ts-worker.js";
import { SPLIT_WORDS } from "./split-scan.js";

// Control words shared with the helper thread (Int32Array over a SharedArrayBuffer).
export const CTRL = {
  /** Session offered by the fitting thread (id > 0); the helper accepts by swapping in -id. */
  OFFER: 0,
  /** Incremented by the fitting thread for each command. */
  SEQ: 1,
  /** Set by the helper to the SEQ it has finished. */
  DONE: 2,
  KIND: 3,
  START: 4,
  M: 5,
  F0: 6,
  F1: 7,
  /** Set by the helper with a command's result (rows sent left by a partition). */
  RESULT: 8,
  /** 1 while the helper sleeps on SEQ / the fitting thread on DONE: notify (a syscall-priced wake) only then. */
  HELPER_ASLEEP: 9,
  FITTER_ASLEEP: 10,
  SIZE: 11,
} as const;

export const KIND = { ROOT: 1, NODE: 2, END: 3, TREE: 4, GRADIENTS: 5, PARTITION: 6, SPLIT: 7, ROOT_AT: 8 } as const;

/**
 * Words of a SPLIT command (Float64Array shared with the helper): byte offsets of the smaller child's histogram and
 * of the parent's in the WebAssembly memory, each child's totals (count 0: no split wanted), and the helper's best
 * candidate of each (split-scan.ts writeSplit). ROOT_AT reads only SMALL_HIST (the root's histogram).
 */
export const SPLIT_IO = {
  SMALL_HIST: 0,
  PARENT_HIST: 1,
  SMALL: 2,
  LARGE: 5,
  SMALL_OUT: 8,
  LARGE_OUT: 8 + SPLIT_WORDS,
  SIZE: 8 + 2 * SPLIT_WORDS,
} as const;

/** A tree grown by the helper, as it hands it back: node arrays (child indices local to the tree). */
export interface RemoteTreeBuffers {
  /** meta[0]: node count. */
  meta: Int32Array;
  feature: Int32Array;
  bin: Uint8Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/** What the helper needs to compute gradients and grow whole trees (one class of an iteration) on its own. */
export interface TreeJobBuffers {
  width: number;
  labels: Int32Array;
  /** Raw scores, row-major (raw[i * width + k]), in two buffers: each iteration's update goes to the other one. */
  raw: [Float64Array, Float64Array];
  /** Output of the iteration's trees for every row, class-major (treeOut[k * n + i]); not yet in `raw`. */
  treeOut: Float64Array;
  cols: number;
  edges: Float64Array[];
  nBins: Int32Array;
  settings: {
    maxLeafNodes: number;
    maxDepth: number;
    minSamplesLeaf: number;
    l2: number;
    learningRate: number;
  };
  /** Scratch of the softmax kernel when everything lives in the kernels' memory (the helper takes the second half). */
  gradientScratch: Float64Array | null;
  /** Gradients and hessians of all classes, class-major (g[k * n + i]). */
  gradients: Float32Array;
  hessians: Float32Array;
  out: RemoteTreeBuffers;
}

/** Buffers of one grower, all on SharedArrayBuffers, as posted to the helper when a session opens. */
export interface SessionBuffers {
  id: number;
  n: number;
  /**
   * The shared WebAssembly memory holding bins, index, gh and hist, for the WebAssembly kernels (which then read
   * the root's gradients from gh); null for the JavaScript kernels (root gradients in g and h).
   */
  memory: WasmMemory | null;
  bins: Uint8Array;
  index: Int32Array;
  /** Where the helper's share of a partition goes: left rows in scratch[0][…], right rows in scratch[1][…]. */
  scratch: [Int32Array, Int32Array];
  g: Float32Array;
  h: Float32Array;
  gh: Float64Array;
  hist: Float64Array;
  off3: Int32Array;
  /** SPLIT_IO words, and the split constraints the helper's scans use. */
  io: Float64Array;
  scan: { l2: number; minLeaf: number };
  trees: TreeJobBuffers | null;
}

// Spin this long for the helper before sleeping on the futex: nodes take 0.1–10 ms, waking costs ~50 µs.
const SPIN_MS = 0.03;
// A helper that has not answered in this long is taken for dead; the fitting thread does its share itself.
const STALL_MS = 30_000;

const ENTRY = new URL("./hist-helper-worker.ts", import.meta.url).href;

/**
 * A worker thread that takes part of a fit's work while the fitting thread does the rest: a range of features of
 * a histogram, half of a partition, half the rows' gradients, or a whole tree of another class. One per fitting
 * thread, started on first use, kept for the thread's life (unref'd).
 */
class HistHelper {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL.SIZE * 4));
  private readonly worker: Worker;
  private seq = 0;
  private nextSession = 1;
  broken = false;

  constructor() {
    this.worker = startTsWorker(ENTRY, { ctrl: this.ctrl.buffer });
    this.worker.unref();
    this.worker.on("error", () => {
      this.broken = true;
    });
    this.worker.on("exit", () => {
      this.broken = true;
    });
  }

  open(buffers: Omit<SessionBuffers, "id">): HistSession {
    const id = this.nextSession++;
    Atomics.store(this.ctrl, CTRL.OFFER, id);
    this.worker.postMessage({ ...buffers, id } satisfies SessionBuffers);
    return new HistSession(this, this.ctrl, id);
  }

  /** Posts a command; the helper picks it up at once if it is spinning or waiting. */
  send(kind: number, start: number, m: number, f0: number, f1: number): number {
    const c = this.ctrl;
    c[CTRL.KIND] = kind;
    c[CTRL.START] = start;
    c[CTRL.M] = m;
    c[CTRL.F0] = f0;
    c[CTRL.F1] = f1;
    this.seq++;
    // The store publishes the fields above (Atomics order all earlier writes before it). The helper raises
    // HELPER_ASLEEP before it waits on SEQ, and atomics are sequentially consistent: either we see the flag, or its
    // wait sees the new SEQ and returns at once.
    Atomics.store(c, CTRL.SEQ, this.seq);
    if (Atomics.load(c, CTRL.HELPER_ASLEEP) === 1) Atomics.notify(c, CTRL.SEQ);
    return this.seq;
  }

  /** Waits until the helper has finished command `seq`; false if it stalled (then it is never used again). */
  wait(seq: number): boolean {
    const c = this.ctrl;
    const spinUntil = performance.now() + SPIN_MS;
    while (Atomics.load(c, CTRL.DONE) !== seq) {
      if (performance.now() < spinUntil) continue;
      const seen = Atomics.load(c, CTRL.DONE);
      if (seen === seq) break;
      Atomics.store(c, CTRL.FITTER_ASLEEP, 1);
      const woke = Atomics.wait(c, CTRL.DONE, seen, STALL_MS);
      Atomics.store(c, CTRL.FITTER_ASLEEP, 0);
      if (woke === "timed-out" && Atomics.load(c, CTRL.DONE) !== seq) {
        this.broken = true;
        return false;
      }
    }
    return true;
  }
}

/** One grower's use of the helper: ready once the helper has taken its buffers. */
export class HistSession {
  private closed = false;

  constructor(
    private readonly helper: HistHelper,
    private readonly ctrl: Int32Array,
    private readonly id: number,
  ) {}

  /** True when the helper holds this session's buffers and waits for commands. */
  ready(): boolean {
    return !this.closed && !this.helper.broken && Atomics.load(this.ctrl, CTRL.OFFER) === -this.id;
  }

  /**
   * Starts building features [f0, f1): of the root (m = all rows) or of index[start, start + m); ROOT_AT and SPLIT
   * take their histograms and totals from the SPLIT_IO words, and SPLIT also scans the two children's splits.
   */
  start(
    kind: (typeof KIND)["ROOT" | "NODE" | "ROOT_AT" | "SPLIT"],
    start: number,
    m: number,
    f0: number,
    f1: number,
  ): number {
    return this.helper.send(kind, start, m, f0, f1);
  }

  /** Starts growing the whole tree of class `k` (the session must carry tree buffers). */
  startTree(k: number): number {
    return this.helper.send(KIND.TREE, k, 0, 0, 0);
  }

  /**
   * Starts computing the gradients of rows [i0, i1) from raw buffer `from`; with `pending`, first updating the
   * scores with `treeOut` into the other buffer.
   */
  startGradients(i0: number, i1: number, from: 0 | 1, pending: boolean): number {
    return this.helper.send(KIND.GRADIENTS, i0, i1 - i0, pending ? 1 : 0, from);
  }

  /** Starts partitioning index[start, end) by feature `f`'s bin <= `bin` into the scratch buffers (at start). */
  startPartition(start: number, end: number, f: number, bin: number): number {
    return this.helper.send(KIND.PARTITION, start, end - start, f, bin);
  }

  /** Whether command `seq` is finished, without waiting (true only until the next command is sent). */
  isDone(seq: number): boolean {
    return Atomics.load(this.ctrl, CTRL.DONE) === seq;
  }

  /** Result of the last finished command. */
  result(): number {
    return Atomics.load(this.ctrl, CTRL.RESULT);
  }

  /** Waits for a started build; false if the helper stalled and the caller must build those features itself. */
  finish(seq: number): boolean {
    return this.helper.wait(seq);
  }

  /** Releases the helper (it goes back to waiting for the next session). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Not accepted yet: withdraw the offer so the helper skips the message when it arrives.
    if (Atomics.compareExchange(this.ctrl, CTRL.OFFER, this.id, 0) === this.id) return;
    if (Atomics.load(this.ctrl, CTRL.OFFER) === -this.id && !this.helper.broken) {
      this.helper.send(KIND.END, 0, 0, 0, 0);
    }
  }
}

let helper: HistHelper | null = null;
let enabled = process.env.MILLRACE_ML_HIST_THREADS !== "0";

/** Turns helper threads for histograms on or off for this thread (MILLRACE_ML_HIST_THREADS=0 starts it off). */
export function setHistHelperEnabled(on: boolean): void {
  enabled = on;
}

/** Starts this thread's helper (if enabled) without a session, so it loads while the caller prepares its data. */
export function startHistHelper(): void {
  if (!enabled || helper?.broken) return;
  helper ??= new HistHelper();
}

/** Opens a helper session over `buffers`, starting the helper thread on first use; null when disabled or broken. */
export function openHistSession(buffers: Omit<SessionBuffers, "id">): HistSession | null {
  if (!enabled) return null;
  if (helper?.broken) return null;
  helper ??= new HistHelper();
  return helper.open(buffers);
}

/** Resolves once this thread's helper has accepted an idle session (tests use it to exercise the parallel path). */
export async function warmHistHelper(): Promise<boolean> {
  const s = openHistSession({
    n: 0,
    memory: null,
    bins: new Uint8Array(new SharedArrayBuffer(1)),
    index: new Int32Array(new SharedArrayBuffer(4)),
    scratch: [new Int32Array(new SharedArrayBuffer(4)), new Int32Array(new SharedArrayBuffer(4))],
    g: new Float32Array(new SharedArrayBuffer(4)),
    h: new Float32Array(new SharedArrayBuffer(4)),
    gh: new Float64Array(new SharedArrayBuffer(8)),
    hist: new Float64Array(new SharedArrayBuffer(8)),
    off3: new Int32Array(new SharedArrayBuffer(4)),
    io: new Float64Array(new SharedArrayBuffer(8 * SPLIT_IO.SIZE)),
    scan: { l2: 0, minLeaf: 1 },
    trees: null,
  });
  if (!s) return false;
  const deadline = Date.now() + 60_000;
  while (!s.ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const ok = s.ready();
  s.close();
  return ok;
}
