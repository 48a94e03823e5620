import { FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { emitExpF64x2 } from "../wasm/exp.js";
import { KernelModule, layoutAreas, type KernelInstance } from "../wasm/runtime.js";
import type { KernelSpec } from "./kernel.js";

// Kernel values of one row against a contiguous range of rows, in WebAssembly with 128-bit SIMD. The rows are kept
// twice: feature-major (XT, d × stride), so that a vector holds two rows' values of one feature, and as their
// non-zero features (CSR, in feature order). Each dot product is the sum of x_j·b_j over row a's non-zero features
// in feature order, from 0: bit for bit what kernel.ts's scalar loops compute (which skip the same zero terms, and
// adding x·0 changes no sum). The dot products become kernel values in the same pass, with kernel.ts's operations.
//
// A call passes only the row and the range: everything else is in a header at the start of the memory, so the
// call costs little (a fit makes one per block of a class, ~14,000 on digits).

/** Header words (i32 at 4·index): addresses of the areas; negGamma is the f64 at HEADER_NEG_GAMMA. */
const HEADER = { XT: 0, values: 1, offsets: 2, starts: 3, norms: 4 } as const;
const HEADER_NEG_GAMMA = 32;
const HEADER_BYTES = 48;

/**
 * out[t] (Float32 at byte address po, or Float64 with `wide`) = K(row a, row from + t) for t in [0, count) rounded
 * up to 8 (count ≥ 1): linear, the dot product; rbf, exp(negGamma · max(0, norms[a] + norms[from + t] - 2·dot)).
 * Params: a, from, count, po.
 */
function kernelBody(kind: KernelSpec["kind"], wide = false): FunctionBody {
  const [a, from, count, po] = [0, 1, 2, 3] as const;
  const [t, end, q, qEnd, p, XT, values, offsets, norms, xp] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13] as const;
  const acc = [14, 15, 16, 17] as const;
  const [x, na, ng, k, v] = [18, 19, 20, 21, 22] as const;
  const f = new FunctionBody(
    [I32, I32, I32, I32],
    [...new Array<number>(10).fill(I32), ...new Array<number>(9).fill(V128)],
  );
  const header = (word: number): FunctionBody => f.i32(0).i32Load(4 * word);
  header(HEADER.XT).set(XT);
  header(HEADER.values).set(values);
  header(HEADER.offsets).set(offsets);
  header(HEADER.norms).set(norms);
  // Row a's non-zero features: [starts[a], starts[a + 1]) (never empty: a zero row holds one 0 term).
  header(HEADER.starts).get(a).i32(4).mul().add().i32Load().set(q);
  header(HEADER.starts).get(a).i32(4).mul().add().i32Load(4).set(qEnd);
  if (kind === "rbf") {
    f.get(norms).get(a).i32(8).mul().add().v128Load64Splat().set(na);
    f.i32(HEADER_NEG_GAMMA).v128Load64Splat().set(ng);
  }
  f.get(from).tee(t).get(count).add().set(end);
  // norms of the block's rows: norms + 8t
  f.get(norms).get(t).i32(8).mul().add().set(norms);
  f.loop(() => {
    for (const s of acc) f.v128Zero().set(s);
    f.get(q).set(p);
    f.loop(() => {
      f.get(values).get(p).i32(8).mul().add().v128Load64Splat().set(x);
      // the feature's row of XT (offsets hold feature · stride · 8), at column t
      f.get(XT).get(offsets).get(p).i32(4).mul().add().i32Load().add().get(t).i32(8).mul().add().set(xp);
      acc.forEach((s, h) =>
        f
          .get(s)
          .get(x)
          .get(xp)
          .v128Load(16 * h)
          .f64x2Mul()
          .f64x2Add()
          .set(s),
      );
      f.increment(p, 1);
      f.get(p).get(qEnd).lt().continueIf();
    });
    acc.forEach((s, h) => {
      if (kind === "rbf") {
        // x = negGamma · max(0, (norms[a] + norms[row]) - 2·dot), as `0 < y ? y : 0`
        f.f64x2Const(0);
        f.get(na)
          .get(norms)
          .v128Load(16 * h)
          .f64x2Add();
        f.f64x2Const(2).get(s).f64x2Mul().f64x2Sub();
        f.f64x2Pmax().get(ng).f64x2Mul().set(x);
        emitExpF64x2(f, x, k, v);
      }
      f.get(po).get(kind === "rbf" ? v : s);
      if (wide) f.v128Store(16 * h);
      else f.f32x4DemoteF64x2Zero().v128Store64Lane(0, 8 * h);
    });
    f.increment(po, wide ? 64 : 32);
    f.increment(norms, 64);
    f.increment(t, 8);
    f.get(t).get(end).lt().continueIf();
  });
  return f;
}

type KernelFn = (a: number, from: number, count: number, out: number) => void;

interface Binding {
  instance: KernelInstance;
  fn: KernelFn;
  wideFn: KernelFn;
  out: Float32Array;
  /** The same output area as `out`, for the Float64 values of `kernelWide`. */
  wideOut: Float64Array;
  store: Float32Array;
}

const kernelModule = new KernelModule(() => ({
  linear: kernelBody("linear"),
  rbf: kernelBody("rbf"),
  linearWide: kernelBody("linear", true),
  rbfWide: kernelBody("rbf", true),
}));

/**
 * The rows of one fit in WebAssembly memory, for kernel values of a row against a range of them, into a small
 * output area or into a store of kernel values kept in the same memory (ClassBlocks' n × n matrix: memory that
 * stays allocated, where a Float32Array of its own per fit cost digits 5 ms of page faults).
 */
export class RowDots {
  private binding: Binding;
  private bindings = 0;

  private constructor(
    private readonly X: Float64Array,
    private readonly n: number,
    private readonly d: number,
    private readonly spec: KernelSpec,
    private readonly norms: Float64Array,
    private readonly storeValues: number,
    /** Identifies these rows to the module's memory owner check. */
    private readonly token: object,
    binding: Binding,
  ) {
    this.binding = binding;
  }

  /**
   * Over the n × d row-major X (copied), for `spec`'s kernel with the rows' squared norms (rowNorms; ignored by the
   * linear kernel) and a store of `storeValues` Float32 values; null when WebAssembly SIMD is not available.
   */
  static create(
    X: Float64Array,
    n: number,
    d: number,
    spec: KernelSpec,
    norms: Float64Array,
    storeValues = 0,
  ): RowDots | null {
    if (n < 1 || d < 1) return null;
    const token = {};
    const binding = bind(token, X, n, d, spec, norms, storeValues);
    return binding ? new RowDots(X, n, d, spec, norms, storeValues, token, binding) : null;
  }

  /**
   * Counts the times the rows were written to the memory: when it changes, another user had taken the memory,
   * and the store's values are gone.
   */
  get generation(): number {
    this.own();
    return this.bindings;
  }

  /** The store (valid while `generation` stays the same). */
  get store(): Float32Array {
    this.own();
    return this.binding.store;
  }

  /**
   * K(row a, row from + t) for t in [0, count), as kernel.ts's kernelRowAt computes it, rounded to Float32. The
   * array is valid until the next call.
   */
  kernel(a: number, from: number, count: number): Float32Array {
    this.own();
    if (count > 0) this.binding.fn(a, from, count, this.binding.out.byteOffset);
    return this.binding.out;
  }

  /**
   * K(row a, row from + t) for t in [0, count) in Float64, bit for bit kernel.ts's kernelRowAt. The array is valid
   * until the next call.
   */
  kernelWide(a: number, from: number, count: number): Float64Array {
    this.own();
    if (count > 0) this.binding.wideFn(a, from, count, this.binding.wideOut.byteOffset);
    return this.binding.wideOut;
  }

  /** kernel(a, from, count) into store[at, at + count). */
  kernelIntoStore(a: number, from: number, count: number, at: number): void {
    this.own();
    const { fn, store, out } = this.binding;
    // The kernel writes whole blocks of 8 values: the last partial block goes through the output area, so that
    // the store's next values stay as they are.
    const whole = count & ~7;
    if (whole > 0) fn(a, from, whole, store.byteOffset + 4 * at);
    const rest = count - whole;
    if (rest > 0) {
      fn(a, from + whole, rest, out.byteOffset);
      store.set(out.subarray(0, rest), at + whole);
    }
  }

  private own(): void {
    if (kernelModule.owns(this.token, this.binding.instance)) return;
    // Another fit's rows took the shared memory meanwhile: put ours back.
    const binding = bind(this.token, this.X, this.n, this.d, this.spec, this.norms, this.storeValues);
    if (!binding) throw new Error("RowDots: WebAssembly memory no longer available");
    this.binding = binding;
    this.bindings++;
  }
}

/** Claims the module's memory for `owner` and writes the header, the rows (feature-major and CSR) and norms there. */
function bind(
  owner: object,
  X: Float64Array,
  n: number,
  d: number,
  spec: KernelSpec,
  norms: Float64Array,
  storeValues: number,
): Binding | null {
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < d; j++) if (X[i * d + j] !== 0) m++;
    nnz += Math.max(1, m);
  }
  // Blocks of 8 rows may read up to 7 rows past the range's end (values never used, whatever they are).
  const stride = n + 8;
  const layout = layoutAreas([
    HEADER_BYTES,
    8 * d * stride,
    8 * nnz,
    4 * nnz,
    4 * (n + 1),
    8 * stride,
    8 * stride,
    4 * storeValues,
  ]);
  const instance = kernelModule.claim(owner, layout.bytes);
  if (!instance) return null;
  const [, at, valuesAt, offsetsAt, startsAt, normsAt, outAt, storeAt] = layout.offsets as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const buffer = instance.memory.buffer;
  const header = new Int32Array(buffer, 0, HEADER_BYTES / 4);
  header[HEADER.XT] = at;
  header[HEADER.values] = valuesAt;
  header[HEADER.offsets] = offsetsAt;
  header[HEADER.starts] = startsAt;
  header[HEADER.norms] = normsAt;
  new Float64Array(buffer, HEADER_NEG_GAMMA, 1)[0] = -spec.gamma;
  const XT = new Float64Array(buffer, at, d * stride);
  const values = new Float64Array(buffer, valuesAt, nnz);
  const offsets = new Int32Array(buffer, offsetsAt, nnz);
  const starts = new Int32Array(buffer, startsAt, n + 1);
  let q = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = q;
    for (let j = 0; j < d; j++) {
      const value = X[i * d + j]!;
      XT[j * stride + i] = value;
      if (value !== 0) {
        values[q] = value;
        offsets[q++] = j * stride * 8;
      }
    }
    if (q === starts[i]) {
      // A zero row: one term 0·x, which sums to +0 for every row, as the scalar loops' empty sum.
      values[q] = 0;
      offsets[q++] = 0;
    }
  }
  starts[n] = q;
  new Float64Array(buffer, normsAt, n).set(norms.subarray(0, n));
  return {
    instance,
    fn: instance.exports[spec.kind] as KernelFn,
    wideFn: instance.exports[`${spec.kind}Wide`] as KernelFn,
    out: new Float32Array(buffer, outAt, stride),
    wideOut: new Float64Array(buffer, outAt, stride),
    store: new Float32Array(buffer, storeAt, storeValues),
  };
}
