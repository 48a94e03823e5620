import { FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { KernelModule, layoutAreas } from "../wasm/runtime.js";

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

/** The rows of one fit, feature-major in WebAssembly memory, for dot products of a row against a range of them. */
export class RowDots {
  /** Dot products of the last `dots` call, from index 0. */
  readonly out: Float64Array;
  private readonly xs: Float64Array;
  private readonly nzj: Int32Array;

  private constructor(
    private readonly fn: DotsFn,
    private readonly offsets: number[],
    private readonly stride: number,
    private readonly d: number,
    views: { XT: Float64Array; xs: Float64Array; nzj: Int32Array; out: Float64Array },
  ) {
    this.xs = views.xs;
    this.nzj = views.nzj;
    this.out = views.out;
  }

  /** Over the n × d row-major X (copied), or null when WebAssembly SIMD is not available. */
  static create(X: Float64Array, n: number, d: number): RowDots | null {
    if (n < 1 || d < 1) return null;
    // Blocks of 8 rows may read up to 7 rows past the range's end.
    const stride = n + 8;
    const { offsets, bytes } = layoutAreas([8 * d * stride, 8 * d, 4 * d, 8 * stride]);
    const wasm = kernelModule.instantiate(bytes);
    if (!wasm) return null;
    const buffer = wasm.memory.buffer;
    const XT = new Float64Array(buffer, offsets[0], d * stride);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) XT[j * stride + i] = X[i * d + j]!;
    return new RowDots(wasm.exports.dots as DotsFn, offsets, stride, d, {
      XT,
      xs: new Float64Array(buffer, offsets[1], d),
      nzj: new Int32Array(buffer, offsets[2], d),
      out: new Float64Array(buffer, offsets[3], stride),
    });
  }

  /** out[t] = row a of A (d columns) · row from + t, for t in [0, count). */
  dots(A: Float64Array, a: number, from: number, count: number): void {
    const { xs, nzj, d } = this;
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
      this.out.fill(0, 0, Math.max(0, count));
      return;
    }
    const o = this.offsets;
    this.fn(o[0]!, this.stride, o[1]!, o[2]!, m, from, count, o[3]!);
  }
}
