import { F64, FunctionBody, I32 } from "../wasm/assembler.js";
import { KernelModule, layoutAreas } from "../wasm/runtime.js";

// Binning in WebAssembly: a branch-free binary search (eight steps over 255 edges padded with +∞), where V8's
// search mispredicts about half of its steps. A bin is the count of edges < x, the same count the search in
// binning.ts finds: padding edges (+∞) are never < x, and NaN compares false with every edge in both.

/** Params: X (row-major f64), d, n, f, edges (255 f64), out (n bytes): out[i] = #{edges < X[i, f]}. */
function binBody(): FunctionBody {
  const [X, d, n, feature, edges, out] = [0, 1, 2, 3, 4, 5] as const;
  const [px, i, lo] = [6, 7, 8] as const;
  const x = 9;
  const f = new FunctionBody(new Array<number>(6).fill(I32), [I32, I32, I32, F64]);
  f.get(X).get(feature).i32(8).mul().add().set(px);
  f.i32(0).set(i);
  f.loop(() => {
    f.get(px).f64Load().set(x);
    f.i32(0).set(lo);
    for (let step = 128; step >= 1; step >>= 1) {
      // lo = edges[lo + step - 1] < x ? lo + step : lo
      f.get(lo).i32(step).add().get(lo);
      f.get(edges)
        .get(lo)
        .i32(8)
        .mul()
        .add()
        .f64Load(8 * (step - 1))
        .get(x)
        .f64Lt()
        .select()
        .set(lo);
    }
    f.get(out).get(i).add().get(lo).i32Store8();
    f.get(px).get(d).i32(8).mul().add().set(px);
    f.increment(i, 1);
    f.get(i).get(n).lt().continueIf();
  });
  return f;
}

const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;
const PASSES = 6;

/**
 * One column of X sorted ascending (in the order of Float64Array#sort, -0 before +0; no NaN), as radix-sort.ts
 * does it: the IEEE bits mapped to keys in unsigned order, one pass gathering rows idx[0..m) of feature f and
 * counting the six 11-bit digits, then six scatter passes (skipped where every key has the same digit). Params: X,
 * d, f, idx, m, keys, tmp (8m bytes each), counts (6·2048 i32); returns the address of the sorted doubles (keys or
 * tmp).
 */
function sortColumnBody(): FunctionBody {
  const [X, d, feature, idx, m, keys, tmp, counts] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const [i, lo, hi, mask, at, src, dst, swap, c, sum, b, constant, pos] = [
    8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  ] as const;
  const f = new FunctionBody(new Array<number>(8).fill(I32), new Array<number>(13).fill(I32), [I32]);
  /** Digit p of the key (lo, hi) on the stack. */
  const digit = (p: number): void => {
    switch (p) {
      case 0:
        f.get(lo)
          .i32(RADIX - 1)
          .and();
        break;
      case 1:
        f.get(lo)
          .i32(11)
          .shrU()
          .i32(RADIX - 1)
          .and();
        break;
      case 2:
        f.get(lo)
          .i32(22)
          .shrU()
          .get(hi)
          .i32(10)
          .shl()
          .or()
          .i32(RADIX - 1)
          .and();
        break;
      case 3:
        f.get(hi)
          .i32(1)
          .shrU()
          .i32(RADIX - 1)
          .and();
        break;
      case 4:
        f.get(hi)
          .i32(12)
          .shrU()
          .i32(RADIX - 1)
          .and();
        break;
      default:
        f.get(hi).i32(23).shrU();
    }
  };
  /** Address of counts[p·RADIX + digit p]. */
  const countAt = (p: number): void => {
    digit(p);
    f.i32(p * RADIX)
      .add()
      .i32(4)
      .mul()
      .get(counts)
      .add();
  };
  // counts = 0
  f.i32(0).set(i);
  f.loop(() => {
    f.get(counts).get(i).add().v128Zero().v128Store();
    f.increment(i, 16);
    f.get(i)
      .i32(4 * PASSES * RADIX)
      .lt()
      .continueIf();
  });
  // Gather, map to keys (a negative double has every bit flipped, a positive one its sign bit) and count digits.
  f.i32(0).set(i);
  f.get(keys).set(at);
  f.loop(() => {
    f.get(idx).get(i).i32(4).mul().add().i32Load().get(d).mul().get(feature).add().i32(8).mul().get(X).add().set(pos);
    f.get(pos).i32Load(4).set(hi);
    f.i32(0).get(hi).i32(31).shrU().sub().set(mask);
    f.get(pos).i32Load().get(mask).xor().set(lo);
    f.get(hi).get(mask).i32(0x80000000).or().xor().set(hi);
    f.get(at).get(lo).i32Store();
    f.get(at).get(hi).i32Store(4);
    for (let p = 0; p < PASSES; p++) {
      countAt(p);
      f.tee(pos).get(pos).i32Load().i32(1).add().i32Store();
    }
    f.increment(at, 8);
    f.increment(i, 1);
    f.get(i).get(m).lt().continueIf();
  });
  f.get(keys).set(src);
  f.get(tmp).set(dst);
  for (let p = 0; p < PASSES; p++) {
    f.block(() => {
      // Offsets from the counts; a digit that every key has makes the pass a no-op.
      f.i32(0).set(sum);
      f.i32(0).set(constant);
      f.i32(0).set(b);
      f.loop(() => {
        f.get(counts)
          .get(b)
          .i32(p * RADIX)
          .add()
          .i32(4)
          .mul()
          .add()
          .set(pos);
        f.get(pos).i32Load().set(c);
        f.get(constant).get(c).get(m).eq().or().set(constant);
        f.get(pos).get(sum).i32Store();
        f.get(sum).get(c).add().set(sum);
        f.increment(b, 1);
        f.get(b).i32(RADIX).lt().continueIf();
      });
      f.get(constant).exitIf(0);
      f.i32(0).set(i);
      f.get(src).set(at);
      f.loop(() => {
        f.get(at).i32Load().set(lo);
        f.get(at).i32Load(4).set(hi);
        countAt(p);
        f.tee(pos).i32Load().set(c);
        f.get(pos).get(c).i32(1).add().i32Store();
        f.get(dst).get(c).i32(8).mul().add().tee(pos).get(lo).i32Store();
        f.get(pos).get(hi).i32Store(4);
        f.increment(at, 8);
        f.increment(i, 1);
        f.get(i).get(m).lt().continueIf();
      });
      f.get(src).set(swap);
      f.get(dst).set(src);
      f.get(swap).set(dst);
    });
  }
  // Keys back to doubles, in place.
  f.i32(0).set(i);
  f.get(src).set(at);
  f.loop(() => {
    f.get(at).i32Load(4).set(hi);
    f.get(hi).i32(31).shrU().i32(1).sub().set(mask);
    f.get(at).get(at).i32Load().get(mask).xor().i32Store();
    f.get(at).get(hi).get(mask).i32(0x80000000).or().xor().i32Store(4);
    f.increment(at, 8);
    f.increment(i, 1);
    f.get(i).get(m).lt().continueIf();
  });
  f.get(src);
  return f;
}

const kernelModule = new KernelModule(() => ({ bin: binBody(), sortColumn: sortColumnBody() }));

type SortColumnFn = (
  X: number,
  d: number,
  f: number,
  idx: number,
  m: number,
  keys: number,
  tmp: number,
  counts: number,
) => number;

/**
 * Calls `each(f, sorted)` for every feature f of the n × d row-major `data` with its values at rows `rows` (all rows
 * in order when null) sorted ascending (the array is valid during the call); false without WebAssembly (the caller
 * sorts in JavaScript).
 */
export function sortColumnsInWasm(
  data: Float64Array,
  n: number,
  d: number,
  rows: Int32Array | null,
  each: (f: number, sorted: Float64Array) => void,
): boolean {
  const m = rows ? rows.length : n;
  if (n < 1 || d < 1 || m < 1) return false;
  const { offsets, bytes } = layoutAreas([8 * n * d, 4 * m, 8 * m, 8 * m, 4 * PASSES * RADIX]);
  const instance = kernelModule.claim({}, bytes);
  if (!instance) return false;
  const buffer = instance.memory.buffer;
  const [at, idxAt, keysAt, tmpAt, countsAt] = offsets as [number, number, number, number, number];
  new Float64Array(buffer, at, n * d).set(data.subarray(0, n * d));
  const idx = new Int32Array(buffer, idxAt, m);
  if (rows) idx.set(rows);
  else for (let i = 0; i < m; i++) idx[i] = i;
  const sort = instance.exports.sortColumn as SortColumnFn;
  for (let f = 0; f < d; f++) each(f, new Float64Array(buffer, sort(at, d, f, idxAt, m, keysAt, tmpAt, countsAt), m));
  return true;
}

type BinFn = (X: number, d: number, n: number, f: number, edges: number, out: number) => void;

/**
 * Bins of the n × d row-major `data` (feature-major out, n·d bytes) by per-feature edges (≤ 254 each), or false
 * without WebAssembly (the caller bins in JavaScript).
 */
export function binInWasm(
  data: Float64Array,
  n: number,
  d: number,
  edges: readonly Float64Array[],
  out: Uint8Array,
): boolean {
  if (n < 1 || d < 1) return false;
  const { offsets, bytes } = layoutAreas([8 * n * d, 8 * 255, n]);
  const owner = {};
  const instance = kernelModule.claim(owner, bytes);
  if (!instance) return false;
  const buffer = instance.memory.buffer;
  new Float64Array(buffer, offsets[0], n * d).set(data.subarray(0, n * d));
  const e = new Float64Array(buffer, offsets[1], 255);
  const col = new Uint8Array(buffer, offsets[2], n);
  const bin = instance.exports.bin as BinFn;
  for (let f = 0; f < d; f++) {
    const fe = edges[f]!;
    if (fe.length > 255) return false;
    e.fill(Infinity);
    e.set(fe);
    bin(offsets[0]!, d, n, f, offsets[1]!, offsets[2]!);
    out.set(col, f * n);
  }
  return true;
}
