import { FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { KernelModule, layoutAreas, type KernelInstance } from "../wasm/runtime.js";

// Dot products of one row against a contiguous range of rows, in WebAssembly with 128-bit SIMD. The rows are kept
// feature-major (XT, d × stride), so a vector holds two rows' values of one feature and each dot product is still
// the sum of x_j·b_j over the row's non-zero features in feature order, from 0: bit for bit what kernel.ts's
// scalar loops compute (which skip the same zero terms, and adding x·0 changes no sum).

const PARAMS = 8; // XT, stride, xs, nzj, m, from, count, out

/** out[t] = Σ_q xs[q]·XT[nzj[q], from + t] for t in [0, count) rounded up to 8; m ≥ 1, count ≥ 1. */
function dotsBody(): FunctionBody {
  const [XT, stride, xs, nzj, m, from, count, out] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const [t, end, q, p, po] = [8, 9, 10, 11, 12] as const;
  const acc = [13, 14, 15, 16] as const;
  const x = 17;
  const f = new FunctionBody(new Array<number>(PARAMS).fill(I32), [
    ...new Array<number>(5).fill(I32),
    V128,
    V128,
    V128,
    V128,
    V128,
  ]);
  f.get(from).tee(t).get(count).add().set(end);
  f.get(out).set(po);
  f.loop(() => {
    for (const a of acc) f.v128Zero().set(a);
    f.i32(0).set(q);
    f.loop(() => {
      f.get(xs).get(q).i32(8).mul().add().v128Load64Splat().set(x);
      // p = XT + (nzj[q]·stride + t)·8
      f.get(XT).get(nzj).get(q).i32(4).mul().add().i32Load().get(stride).mul().get(t).add().i32(8).mul().add().set(p);
      acc.forEach((a, h) =>
        f
          .get(a)
          .get(x)
          .get(p)
          .v128Load(16 * h)
          .f64x2Mul()
          .f64x2Add()
          .set(a),
      );
      f.increment(q, 1);
      f.get(q).get(m).lt().continueIf();
    });
    acc.forEach((a, h) =>
      f
        .get(po)
        .get(a)
        .v128Store(16 * h),
    );
    f.increment(po, 64);
    f.increment(t, 8);
    f.get(t).get(end).lt().continueIf();
  });
  return f;
}

type DotsFn = (
  XT: number,
  stride: number,
  xs: number,
  nzj: number,
  m: number,
  from: number,
  count: number,
  out: number,
) => void;

const kernelModule = new KernelModule(() => ({ dots: dotsBody() }));

/** Where the rows live in the module's memory, from the last claim. */
interface Binding {
  instance: KernelInstance;
  fn: DotsFn;
  xs: Float64Array;
  nzj: Int32Array;
  out: Float64Array;
}

/** The rows of one fit, feature-major in WebAssembly memory, for dot products of a row against a range of them. */
export class RowDots {
  private readonly stride: number;
  private readonly offsets: number[];
  private readonly bytes: number;
  private binding: Binding;

  private constructor(
    private readonly X: Float64Array,
    private readonly n: number,
    private readonly d: number,
    /** Identifies these rows to the module's memory owner check. */
    private readonly token: object,
    layout: { offsets: number[]; bytes: number },
    binding: Binding,
  ) {
    this.stride = n + 8;
    this.offsets = layout.offsets;
    this.bytes = layout.bytes;
    this.binding = binding;
  }

  /** Over the n × d row-major X (copied), or null when WebAssembly SIMD is not available. */
  static create(X: Float64Array, n: number, d: number): RowDots | null {
    if (n < 1 || d < 1) return null;
    // Blocks of 8 rows may read up to 7 rows past the range's end (values never used, whatever they are).
    const stride = n + 8;
    const layout = layoutAreas([8 * d * stride, 8 * d, 4 * d, 8 * stride]);
    const token = {};
    const binding = bind(token, X, n, d, layout);
    return binding ? new RowDots(X, n, d, token, layout, binding) : null;
  }

  /** Dot products of the last `dots` call, from index 0. */
  get out(): Float64Array {
    return this.binding.out;
  }

  /** out[t] = row a of A (d columns) · row from + t, for t in [0, count). */
  dots(A: Float64Array, a: number, from: number, count: number): void {
    if (!kernelModule.owns(this.token, this.binding.instance)) {
      // Another fit's rows took the shared memory meanwhile: put ours back.
      const binding = bind(this.token, this.X, this.n, this.d, { offsets: this.offsets, bytes: this.bytes });
      if (!binding) throw new Error("RowDots: WebAssembly memory no longer available");
      this.binding = binding;
    }
    const { xs, nzj, out, fn } = this.binding;
    const d = this.d;
    let m = 0;
    const ao = a * d;
    for (let j = 0; j < d; j++) {
      const v = A[ao + j]!;
      if (v !== 0) {
        xs[m] = v;
        nzj[m++] = j;
      }
    }
    if (m === 0 || count < 1) {
      out.fill(0, 0, Math.max(0, count));
      return;
    }
    const o = this.offsets;
    fn(o[0]!, this.stride, o[1]!, o[2]!, m, from, count, o[3]!);
  }
}

/** Claims the module's memory for `owner` and writes X there feature-major; null without WebAssembly SIMD. */
function bind(
  owner: object,
  X: Float64Array,
  n: number,
  d: number,
  layout: { offsets: number[]; bytes: number },
): Binding | null {
  const instance = kernelModule.claim(owner, layout.bytes);
  if (!instance) return null;
  const stride = n + 8;
  const { offsets } = layout;
  const buffer = instance.memory.buffer;
  const XT = new Float64Array(buffer, offsets[0], d * stride);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) XT[j * stride + i] = X[i * d + j]!;
  return {
    instance,
    fn: instance.exports.dots as DotsFn,
    xs: new Float64Array(buffer, offsets[1], d),
    nzj: new Int32Array(buffer, offsets[2], d),
    out: new Float64Array(buffer, offsets[3], stride),
  };
}
