import { kernelRow, kernelRowAt, type KernelSpec } from "./kernel.js";
import { RowDots } from "./row-dots-wasm.js";

/**
 * Kernel columns K(x_i, ·) of a binary C-SVC dual (the solver applies the labels' signs), stored as Float32
 * (libsvm's Qfloat) and kept in a least-recently-used cache within a byte budget (every column when they fit).
 *
 * Under shrinking a column is computed only at the rows of the active set. Such a partial column stays valid while
 * the active set only shrinks, i.e. until the solver grows it back to all rows (`activeSetGrown`, which starts a
 * new epoch); a complete column is valid for good.
 */
/** Fills complete columns from somewhere cheaper than the kernel (values shared by one-vs-one pairs). */
export interface ColumnSource {
  column(i: number, out: Float32Array): void;
  /** K(x_i, x_i) of every row into out. */
  diagonal(out: Float64Array): void;
}

/** Largest slab of columns allocated at once (4 M Float32 values, 16 MB). */
const SLAB_MAX_VALUES = 1 << 22;

/** Where a solve's slab of columns comes from: `take` returns `values` Float32 slots, whatever they hold. */
export interface ColumnStorage {
  take(values: number): Float32Array;
}

/**
 * Column storage that successive solves of one fit reuse (its one-vs-one pairs run one after another): on digits,
 * 45 slabs of their own were 15 MB of garbage per fit.
 */
export class ColumnArena implements ColumnStorage {
  private buffer = new Float32Array(0);

  take(values: number): Float32Array {
    if (this.buffer.length < values) this.buffer = new Float32Array(values);
    return this.buffer.subarray(0, values);
  }
}

export class KernelColumns {
  private readonly columns: (Float32Array | null)[];
  private readonly complete: Uint8Array;
  private readonly epochOf: Int32Array;
  private epoch = 0;
  private readonly capacity: number;
  private size = 0;
  /** Recency list (only used when the budget holds fewer columns than rows): head = oldest. */
  private readonly prev: Int32Array;
  private readonly next: Int32Array;
  private head = -1;
  private tail = -1;
  private readonly kbuf: Float64Array;
  /**
   * One buffer for every column when they all fit the budget and it is small: hundreds of separate small arrays
   * per pair made the garbage collector a tenth of a digits fit. Null otherwise (columns allocated on demand).
   */
  private readonly slab: Float32Array | null;
  /** The rows in WebAssembly SIMD for complete columns, or null for the scalar kernel (same values). */
  private readonly simd: RowDots | null;

  constructor(
    private readonly X: Float64Array,
    private readonly l: number,
    private readonly d: number,
    private readonly kernel: KernelSpec,
    private readonly norms: Float64Array,
    cacheBytes: number,
    private readonly source: ColumnSource | null = null,
    simd = true,
    storage: ColumnStorage | null = null,
  ) {
    this.capacity = capacityOf(l, cacheBytes);
    this.columns = new Array<Float32Array | null>(l).fill(null);
    this.complete = new Uint8Array(l);
    this.epochOf = new Int32Array(l);
    const lru = this.capacity < l;
    this.prev = new Int32Array(lru ? l : 0);
    this.next = new Int32Array(lru ? l : 0);
    this.kbuf = new Float64Array(l);
    // A column is always written (at the rows it is valid for) before it is read, so stale slots do no harm.
    const slabValues = KernelColumns.slabValues(l, cacheBytes);
    this.slab = slabValues === 0 ? null : (storage?.take(slabValues) ?? new Float32Array(slabValues));
    this.simd = simd && !source ? RowDots.create(X, l, d, kernel, norms) : null;
  }

  /** Values of the one slab holding every column of l rows within the cache budget, or 0 when there is none. */
  static slabValues(l: number, cacheBytes: number): number {
    return capacityOf(l, cacheBytes) < l || l * l > SLAB_MAX_VALUES ? 0 : l * l;
  }

  /** The active set grew back to every row: partial columns no longer cover it. */
  activeSetGrown(): void {
    this.epoch++;
  }

  /**
   * Column i, valid at least at rows act[0..activeSize) (at every row when `full`). The array is the cache's:
   * it may be reused by a later call that evicts it, which never happens to the two most recent columns.
   */
  get(i: number, act: Int32Array, activeSize: number, full: boolean): Float32Array {
    const l = this.l;
    let col = this.columns[i] ?? null;
    if (col) {
      this.touch(i);
      if (this.complete[i]) return col;
      if (this.epochOf[i] === this.epoch) {
        if (!full) return col;
        // Valid at the active rows already: add the inactive ones.
        this.fill(i, col, act.subarray(activeSize), l - activeSize);
        this.complete[i] = 1;
        return col;
      }
    } else {
      col = this.allocate(i);
    }
    if (this.source) {
      this.source.column(i, col);
      this.complete[i] = 1;
    } else if (full || activeSize === l) {
      if (this.simd) {
        col.set(this.simd.kernel(i, 0, l).subarray(0, l));
      } else {
        kernelRow(this.kernel, this.X, i, this.norms[i]!, this.X, this.norms, l, this.d, this.kbuf);
        col.set(this.kbuf);
      }
      this.complete[i] = 1;
    } else {
      this.fill(i, col, act, activeSize);
      this.complete[i] = 0;
      this.epochOf[i] = this.epoch;
    }
    return col;
  }

  private fill(i: number, col: Float32Array, rows: Int32Array, count: number): void {
    const kbuf = this.kbuf;
    kernelRowAt(this.kernel, this.X, i, this.norms[i]!, this.X, this.norms, rows, count, this.d, kbuf);
    for (let t = 0; t < count; t++) col[rows[t]!] = kbuf[t]!;
  }

  private allocate(i: number): Float32Array {
    let col: Float32Array | null = null;
    if (this.size >= this.capacity) {
      const oldest = this.head;
      this.unlink(oldest);
      col = this.columns[oldest]!;
      this.columns[oldest] = null;
    } else {
      this.size++;
    }
    // Without eviction (the slab case) the size counts the columns handed out, so each gets its own slot.
    col ??= this.slab ? this.slab.subarray((this.size - 1) * this.l, this.size * this.l) : new Float32Array(this.l);
    this.columns[i] = col;
    if (this.capacity < this.l) this.append(i);
    return col;
  }

  private touch(i: number): void {
    if (this.capacity >= this.l || this.tail === i) return;
    this.unlink(i);
    this.append(i);
  }

  private unlink(i: number): void {
    const p = this.prev[i]!;
    const n = this.next[i]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
  }

  private append(i: number): void {
    this.prev[i] = this.tail;
    this.next[i] = -1;
    if (this.tail >= 0) this.next[this.tail] = i;
    else this.head = i;
    this.tail = i;
  }
}

/** Columns the cache holds at once (at least 2: a step needs two). */
function capacityOf(l: number, cacheBytes: number): number {
  return Math.max(2, Math.floor(cacheBytes / (4 * Math.max(1, l))));
}
