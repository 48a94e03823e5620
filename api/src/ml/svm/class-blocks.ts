import type { ColumnSource } from "./kernel-columns.js";
import { kernelRowAt, rowNorms, type KernelSpec } from "./kernel.js";
import { RowDots } from "./row-dots-wasm.js";

/**
 * Kernel values shared by the one-vs-one pairs of a multi-class fit. Rows are grouped by class; block (i, c) is
 * K(x_i, every row of class c), computed once when a pair first needs it. Pair (a, b) sees its rows as class a's
 * then class b's, so its column of row i is block (i, a) followed by block (i, b): each row's own-class block is
 * computed once instead of once per pair (on digits 378k kernel values per fit instead of 582k). The values are
 * the ones a pair would compute itself, bit for bit (same rows, same sums).
 */
export class ClassBlocks {
  /** The scalar path's store; with SIMD the store is the rows' (RowDots.store), in WebAssembly memory. */
  private readonly jsStore: Float32Array | null;
  /** RowDots.generation when `done` was last valid. */
  private generation = 0;
  private readonly done: Uint8Array;
  private readonly norms: Float64Array;
  private readonly kbuf: Float64Array;
  private readonly classOf: Int32Array;
  /** Rows of the block being filled whose values are not stored yet. */
  private readonly missing: Int32Array;
  /** The rows in WebAssembly SIMD, or null for the scalar kernel. */
  private readonly simd: RowDots | null;

  /**
   * @param X rows grouped by class (class c at [start[c], start[c + 1])), row-major with d columns.
   * @param start K + 1 offsets.
   * @param simd dot products in WebAssembly SIMD when available (the scalar path gives the same values).
   */
  constructor(
    private readonly X: Float64Array,
    private readonly n: number,
    private readonly d: number,
    private readonly kernel: KernelSpec,
    private readonly start: Int32Array,
    simd = true,
  ) {
    this.done = new Uint8Array(n * (start.length - 1));
    this.norms = rowNorms(X, n, d);
    this.kbuf = new Float64Array(n);
    this.classOf = new Int32Array(n);
    for (let c = 0; c + 1 < start.length; c++) this.classOf.fill(c, start[c], start[c + 1]);
    this.missing = new Int32Array(n);
    this.simd = simd ? RowDots.create(X, n, d, kernel, this.norms, n * n) : null;
    this.generation = this.simd?.generation ?? 0;
    this.jsStore = this.simd ? null : new Float32Array(n * n);
  }

  /** The store of kernel values; with SIMD, forgets what was done if another user took the memory meanwhile. */
  private store(): Float32Array {
    if (!this.simd) return this.jsStore!;
    const generation = this.simd.generation;
    if (generation !== this.generation) {
      this.done.fill(0);
      this.generation = generation;
    }
    return this.simd.store;
  }

  /** Bytes the store takes for n rows. */
  static bytes(n: number): number {
    return 4 * n * n;
  }

  /** The columns of pair (a, b), whose rows are class a's then class b's. */
  pair(a: number, b: number): ColumnSource {
    return new PairColumns(this, a, b);
  }

  /** K(x_i, x_i) of pair (a, b)'s rows (class a's, then class b's). */
  pairDiagonal(a: number, b: number, out: Float64Array): void {
    const { start, norms } = this;
    const rbf = this.kernel.kind === "rbf";
    const na = start[a + 1]! - start[a]!;
    for (let t = 0; t < na; t++) out[t] = rbf ? 1 : norms[start[a]! + t]!;
    for (let t = 0; t < start[b + 1]! - start[b]!; t++) out[na + t] = rbf ? 1 : norms[start[b]! + t]!;
  }

  /** Column of pair (a, b)'s row i (global row start[a] + i, or start[b] + i - size of a) into out. */
  pairColumn(a: number, b: number, i: number, out: Float32Array): void {
    const na = this.start[a + 1]! - this.start[a]!;
    const g = i < na ? this.start[a]! + i : this.start[b]! + (i - na);
    out.set(this.block(g, a), 0);
    out.set(this.block(g, b), na);
  }

  private block(g: number, c: number): Float32Array {
    const from = this.start[c]!;
    const to = this.start[c + 1]!;
    const K = this.start.length - 1;
    const store = this.store();
    if (this.done[g * K + c] === 0) {
      this.fillBlock(store, g, c, from, to, K);
      this.done[g * K + c] = 1;
    }
    return store.subarray(g * this.n + from, g * this.n + to);
  }

  private fillBlock(store: Float32Array, g: number, c: number, from: number, to: number, K: number): void {
    if (this.simd) {
      // The whole block at once, vectors across its rows (contiguous here, so no copies from the transpose).
      this.simd.kernelIntoStore(g, from, to - from, g * this.n + from);
      return;
    }
    const { done, missing, kbuf, n } = this;
    const cg = this.classOf[g]!;
    const base = g * n;
    let m = 0;
    for (let j = from; j < to; j++) {
      if (done[j * K + cg] === 1) store[base + j] = store[j * n + g]!;
      else missing[m++] = j;
    }
    if (m === 0) return;
    kernelRowAt(this.kernel, this.X, g, this.norms[g]!, this.X, this.norms, missing, m, this.d, kbuf);
    for (let t = 0; t < m; t++) store[base + missing[t]!] = kbuf[t]!;
  }
}

class PairColumns implements ColumnSource {
  constructor(
    private readonly blocks: ClassBlocks,
    private readonly a: number,
    private readonly b: number,
  ) {}

  column(i: number, out: Float32Array): void {
    this.blocks.pairColumn(this.a, this.b, i, out);
  }

  diagonal(out: Float64Array): void {
    this.blocks.pairDiagonal(this.a, this.b, out);
  }
}
