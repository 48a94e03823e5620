import { FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { emitExpF64x2, expNonPositive } from "../wasm/exp.js";
import type { GradientRows } from "./log-loss-gradients.js";

// Softmax log-loss gradients of multi-class boosting, in JavaScript and as a WebAssembly SIMD kernel (two rows per
// instruction) that computes bit for bit the same numbers: every step below is one IEEE operation in both, in the
// same order; exp is ours (see wasm/exp.ts). Its inputs are at most 0 (scores minus their row's maximum), and its
// floor of -708 (e^x ≈ 3e-308) no longer counts against a sum of at least 1.

/** logLossGradients of multi-class rows [i0, i1), in JavaScript. */
export function softmaxGradientsJs(rows: GradientRows, i0: number, i1: number): void {
  const { current, pending, y, width, g, h } = rows;
  const n = y.length;
  const e = new Float64Array(width);
  for (let i = i0; i < i1; i++) {
    const o = i * width;
    let max = -Infinity;
    for (let k = 0; k < width; k++) {
      let v = current[o + k]!;
      if (pending) {
        v = v + pending.out[k * n + i]!;
        pending.next[o + k] = v;
      }
      e[k] = v;
      max = max < v ? v : max;
    }
    let sum = 0;
    for (let k = 0; k < width; k++) {
      const v = expNonPositive(e[k]! - max);
      e[k] = v;
      sum = sum + v;
    }
    const inv = 1 / sum;
    const yi = y[i]!;
    for (let k = 0; k < width; k++) {
      const p = e[k]! * inv;
      g[k * n + i] = p + (k === yi ? -1 : 0);
      h[k * n + i] = p * (1 - p);
    }
  }
}

/**
 * The kernel over pairs of rows. Params (byte addresses unless said): current, out (pending outputs, ignored
 * without `pending`), next, y, g, h, n (rows), width, i0, i1 (rows; i1 - i0 even and > 0), scratch (16·width bytes).
 */
export function softmaxGradientsBody(pending: boolean): FunctionBody {
  const [cur, out, next, y, g, h, n, width, i0, i1, scratch] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
  // i32 locals
  const [i, k, a, b, o, s, rowBytes, colBytes, nextAt] = [11, 12, 13, 14, 15, 16, 17, 18, 19] as const;
  // v128 locals
  const [v, mx, sum, yv, p, x, kf] = [20, 21, 22, 23, 24, 25, 26] as const;
  const f = new FunctionBody(new Array<number>(11).fill(I32), [
    ...new Array<number>(9).fill(I32),
    ...new Array<number>(7).fill(V128),
  ]);
  f.get(width).i32(8).mul().set(rowBytes);
  f.get(n).i32(8).mul().set(colBytes);
  f.get(i0).set(i);
  f.loop(() => {
    // a, b: the pair's rows in `current`; nextAt: the first one's in `next`; o: out[i] of class 0.
    f.get(cur).get(i).get(rowBytes).mul().add().tee(a).get(rowBytes).add().set(b);
    f.get(out).get(i).i32(8).mul().add().set(o);
    f.get(next).get(i).get(rowBytes).mul().add().set(nextAt);
    f.f64x2Const(-Infinity).set(mx);
    f.i32(0).set(k);
    f.get(scratch).set(s);
    f.loop(() => {
      f.get(a).v128Load64Splat().set(v);
      f.get(b).get(v).v128Load64Lane(1).set(v);
      if (pending) {
        f.get(v).get(o).v128Load().f64x2Add().set(v);
        f.get(nextAt).get(v).v128Store64Lane(0);
        f.get(nextAt).get(rowBytes).add().get(v).v128Store64Lane(1);
        f.get(o).get(colBytes).add().set(o);
        f.increment(nextAt, 8);
      }
      f.get(s).get(v).v128Store();
      // mx = mx < v ? v : mx
      f.get(mx).get(v).f64x2Pmax().set(mx);
      f.increment(a, 8);
      f.increment(b, 8);
      f.increment(s, 16);
      f.increment(k, 1);
      f.get(k).get(width).lt().continueIf();
    });
    f.f64x2Const(0).set(sum);
    f.i32(0).set(k);
    f.get(scratch).set(s);
    f.loop(() => {
      f.get(s).v128Load().get(mx).f64x2Sub().set(x);
      emitExpF64x2(f, x, kf, v);
      f.get(s).get(v).v128Store();
      f.get(sum).get(v).f64x2Add().set(sum);
      f.increment(s, 16);
      f.increment(k, 1);
      f.get(k).get(width).lt().continueIf();
    });
    // sum = 1 / sum
    f.f64x2Const(1).get(sum).f64x2Div().set(sum);
    f.get(y).get(i).i32(4).mul().add().v128Load64Zero().set(yv);
    f.i32(0).set(k);
    f.get(scratch).set(s);
    // a, b: the pair's g and h of class 0
    f.get(g).get(i).i32(4).mul().add().set(a);
    f.get(h).get(i).i32(4).mul().add().set(b);
    f.loop(() => {
      f.get(s).v128Load().get(sum).f64x2Mul().set(p);
      // g = p + (y = k ? -1 : 0)
      f.get(a);
      f.get(p).get(yv).get(k).i32x4Splat().i32x4Eq().f64x2ConvertLowI32x4S().f64x2Add();
      f.f32x4DemoteF64x2Zero().v128Store64Lane(0);
      f.get(b);
      f.get(p).f64x2Const(1).get(p).f64x2Sub().f64x2Mul();
      f.f32x4DemoteF64x2Zero().v128Store64Lane(0);
      f.get(a).get(n).i32(4).mul().add().set(a);
      f.get(b).get(n).i32(4).mul().add().set(b);
      f.increment(s, 16);
      f.increment(k, 1);
      f.get(k).get(width).lt().continueIf();
    });
    f.increment(i, 2);
    f.get(i).get(i1).lt().continueIf();
  });
  return f;
}
