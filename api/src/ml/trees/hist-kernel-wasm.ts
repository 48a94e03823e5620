import { FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { SharedKernelModule, type WasmMemory } from "../wasm/runtime.js";
import type { GradientRows } from "./log-loss-gradients.js";
import { softmaxGradientsBody } from "./softmax-gradients.js";

// The histogram kernels of hist-kernel.ts in WebAssembly, over a shared memory that the fitting thread and its
// helper both instantiate the module on. Same layout ((g, h, count) f64 triples per bin, feature f at off3[f]) and
// the same additions in the same order per bin, so the histograms are bit for bit those of the JavaScript kernels.
// Gradients come as (g, h) f64 pairs, one per row (gathered by the caller): a row's pair is added to its bin's (g, h)
// with one f64x2 add, which is exactly two scalar f64 adds. Rows go four features per pass, as in hist-kernel.ts.

/** Parameters: F bin-column pointers, F histogram pointers, then rows, gh pointer, index pointer (node kernels). */
function histBody(features: number, indexed: boolean): FunctionBody {
  const rows = 2 * features;
  const [gh, ip] = [rows + 1, rows + 2];
  const [j, end, row, p] = [rows + 3, rows + 4, rows + 5, rows + 6];
  const v = rows + 7;
  const f = new FunctionBody(new Array<number>(rows + 3).fill(I32), [I32, I32, I32, I32, V128]);
  if (indexed) f.get(ip).tee(j).get(rows).i32(4).mul().add().set(end);
  else f.i32(0).tee(j).get(rows).add().set(end);
  f.loop(() => {
    if (indexed) f.get(j).i32Load().set(row);
    else f.get(j).set(row);
    f.get(gh).v128Load().set(v);
    for (let k = 0; k < features; k++) {
      // p = hist_k + bin·24
      f.get(features + k)
        .get(k)
        .get(row)
        .add()
        .i32Load8U()
        .i32(24)
        .mul()
        .add()
        .tee(p);
      f.get(p).v128Load().get(v).f64x2Add().v128Store();
      if (indexed) f.get(p).get(p).f64Load(16).f64Const(1).f64Add().f64Store(16);
    }
    f.increment(gh, 16);
    f.increment(j, indexed ? 4 : 1);
    f.get(j).get(end).lt().continueIf();
  });
  return f;
}

/**
 * Params: from, end (byte addresses in the index), column (address of bins[base]), bin, left, right (addresses);
 * returns the address after the last left row. Branch-free like partitionRange; from < end.
 */
function partitionBody(): FunctionBody {
  const [from, end, column, bin, left, right] = [0, 1, 2, 3, 4, 5] as const;
  const [row, shift] = [6, 7] as const;
  const f = new FunctionBody(new Array<number>(6).fill(I32), [I32, I32], [I32]);
  f.loop(() => {
    f.get(from).i32Load().set(row);
    f.get(left).get(row).i32Store();
    f.get(right).get(row).i32Store();
    // shift = 4 for a left row, 0 for a right one.
    f.get(column).get(row).add().i32Load8U().get(bin).leU().i32(2).shl().set(shift);
    f.get(left).get(shift).add().set(left);
    f.get(right).i32(4).add().get(shift).sub().set(right);
    f.increment(from, 4);
    f.get(from).get(end).lt().continueIf();
  });
  f.get(left);
  return f;
}

/** Params: index address (first row), m, g, h (f32 addresses), gh; gh[2j], gh[2j + 1] = g[i], h[i] of row j. */
function gatherBody(): FunctionBody {
  const [ip, m, g, h, gh] = [0, 1, 2, 3, 4] as const;
  const [end, row] = [5, 6] as const;
  const f = new FunctionBody(new Array<number>(5).fill(I32), [I32, I32]);
  f.get(ip).get(m).i32(4).mul().add().set(end);
  f.loop(() => {
    f.get(ip).i32Load().i32(4).mul().set(row);
    f.get(gh).get(g).get(row).add().f32Load().f64PromoteF32().f64Store();
    f.get(gh).get(h).get(row).add().f32Load().f64PromoteF32().f64Store(8);
    f.increment(gh, 16);
    f.increment(ip, 4);
    f.get(ip).get(end).lt().continueIf();
  });
  return f;
}

/** Params: a, b, pairs; a[k] -= b[k] for the 2·pairs f64 from a and b (pairs ≥ 1), two per instruction. */
function subtractBody(): FunctionBody {
  const [a, b, pairs] = [0, 1, 2] as const;
  const end = 3;
  const f = new FunctionBody([I32, I32, I32], [I32]);
  f.get(a).get(pairs).i32(16).mul().add().set(end);
  f.loop(() => {
    f.get(a).get(a).v128Load().get(b).v128Load().f64x2Sub().v128Store();
    f.increment(a, 16);
    f.increment(b, 16);
    f.get(a).get(end).lt().continueIf();
  });
  return f;
}

const kernelModule = new SharedKernelModule(() => ({
  subtract: subtractBody(),
  partition: partitionBody(),
  gather: gatherBody(),
  root4: histBody(4, false),
  root1: histBody(1, false),
  node4: histBody(4, true),
  node1: histBody(1, true),
  softmax: softmaxGradientsBody(false),
  softmaxPending: softmaxGradientsBody(true),
}));

type Kernel = (...args: number[]) => void;
type PartitionKernel = (from: number, end: number, column: number, bin: number, left: number, right: number) => number;

/** A new shared memory for the kernels of at least `bytes`, or null (then use the JavaScript kernels). */
export function histMemory(bytes: number): WasmMemory | null {
  return kernelModule.memory(bytes);
}

/**
 * The kernels on one memory. Arguments are byte offsets into it (a view's `byteOffset`): `bins` the feature-major
 * n × d bin matrix, `gh` the (g, h) pairs of the rows in order, `hist` the histogram, `index` the row indices.
 */
export class WasmHistKernels {
  private readonly root4: Kernel;
  private readonly root1: Kernel;
  private readonly node4: Kernel;
  private readonly node1: Kernel;
  private readonly partitionFn: PartitionKernel;
  private readonly gatherFn: Kernel;
  private readonly subtractFn: Kernel;
  private readonly softmaxFn: Kernel;
  private readonly softmaxPendingFn: Kernel;

  private constructor(exports: Record<string, unknown>) {
    this.root4 = exports.root4 as Kernel;
    this.root1 = exports.root1 as Kernel;
    this.node4 = exports.node4 as Kernel;
    this.node1 = exports.node1 as Kernel;
    this.partitionFn = exports.partition as PartitionKernel;
    this.gatherFn = exports.gather as Kernel;
    this.subtractFn = exports.subtract as Kernel;
    this.softmaxFn = exports.softmax as Kernel;
    this.softmaxPendingFn = exports.softmaxPending as Kernel;
  }

  /** The kernels instantiated on `memory` (from `histMemory`, possibly posted from another thread), or null. */
  static on(memory: WasmMemory): WasmHistKernels | null {
    const exports = kernelModule.instantiate(memory);
    return exports ? new WasmHistKernels(exports) : null;
  }

  /** Like rootHistogram, from the pairs gh[2i], gh[2i + 1] of all n rows. The caller zeroes the range first. */
  root(bins: number, n: number, gh: number, hist: number, off3: Int32Array, f0: number, f1: number): void {
    if (n < 1) return;
    let f = f0;
    for (; f + 3 < f1; f += 4) {
      const b = bins + f * n;
      this.root4(
        b,
        b + n,
        b + 2 * n,
        b + 3 * n,
        hist + 8 * off3[f]!,
        hist + 8 * off3[f + 1]!,
        hist + 8 * off3[f + 2]!,
        hist + 8 * off3[f + 3]!,
        n,
        gh,
        0,
      );
    }
    for (; f < f1; f++) this.root1(bins + f * n, hist + 8 * off3[f]!, n, gh, 0);
  }

  /**
   * Like nodeHistogram, over the m rows whose indices start at byte `index` and whose pairs were gathered into gh.
   * The caller zeroes the range first.
   */
  node(
    bins: number,
    n: number,
    index: number,
    m: number,
    gh: number,
    hist: number,
    off3: Int32Array,
    f0: number,
    f1: number,
  ): void {
    if (m < 1) return;
    let f = f0;
    for (; f + 3 < f1; f += 4) {
      const b = bins + f * n;
      this.node4(
        b,
        b + n,
        b + 2 * n,
        b + 3 * n,
        hist + 8 * off3[f]!,
        hist + 8 * off3[f + 1]!,
        hist + 8 * off3[f + 2]!,
        hist + 8 * off3[f + 3]!,
        m,
        gh,
        index,
      );
    }
    for (; f < f1; f++) this.node1(bins + f * n, hist + 8 * off3[f]!, m, gh, index);
  }

  /** partitionRange, for arrays that live in the kernels' memory. */
  partition(
    index: Int32Array,
    start: number,
    end: number,
    bins: Uint8Array,
    base: number,
    bin: number,
    left: Int32Array,
    leftAt: number,
    right: Int32Array,
    rightAt: number,
  ): number {
    if (end <= start) return 0;
    const l = left.byteOffset + 4 * leftAt;
    const to = this.partitionFn(
      index.byteOffset + 4 * start,
      index.byteOffset + 4 * end,
      bins.byteOffset + base,
      bin,
      l,
      right.byteOffset + 4 * rightAt,
    );
    return (to - l) >> 2;
  }

  /** gh[2j], gh[2j + 1] = g[i], h[i] for i = index[start + j], j < m; all four arrays in the kernels' memory. */
  gather(index: Int32Array, start: number, m: number, g: Float32Array, h: Float32Array, gh: Float64Array): void {
    if (m < 1) return;
    this.gatherFn(index.byteOffset + 4 * start, m, g.byteOffset, h.byteOffset, gh.byteOffset);
  }

  /**
   * softmaxGradientsJs of rows [i0, i1) (i1 - i0 even and > 0), every array in the kernels' memory; `scratch` holds
   * 2·width f64 that no other thread uses meanwhile.
   */
  softmaxGradients(rows: GradientRows, i0: number, i1: number, scratch: Float64Array): void {
    const { current, pending, y, g, h } = rows;
    const fn = pending ? this.softmaxPendingFn : this.softmaxFn;
    const out = pending ? pending.out.byteOffset : 0;
    const next = pending ? pending.next.byteOffset : 0;
    const [c, yAt, gAt, hAt] = [current.byteOffset, y.byteOffset, g.byteOffset, h.byteOffset];
    fn(c, out, next, yAt, gAt, hAt, y.length, rows.width, i0, i1, scratch.byteOffset);
  }

  /** a[k] -= b[k] for every k (equal lengths, both in the kernels' memory). */
  subtract(a: Float64Array, b: Float64Array): void {
    const pairs = a.length >> 1;
    if (pairs > 0) this.subtractFn(a.byteOffset, b.byteOffset, pairs);
    const last = a.length - 1;
    if ((a.length & 1) === 1) a[last] = a[last]! - b[last]!;
  }
}
