import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { histMemory, WasmHistKernels } from "./hist-kernel-wasm.js";
import { logLossGradients } from "./log-loss-gradients.js";
import { expNonPositive } from "../wasm/exp.js";

/** Views over one WebAssembly memory for n rows of `width` classes, filled with seeded scores and labels. */
function problem(n: number, width: number, seed: number) {
  const memory = histMemory(64 * n * width + 16 * n + 4096)!;
  let at = 0;
  const take = <T>(
    make: (buffer: ArrayBufferLike, offset: number, length: number) => T,
    bytes: number,
    length: number,
  ): T => {
    const view = make(memory.buffer, at, length);
    at += Math.ceil((bytes * length) / 16) * 16;
    return view;
  };
  const f64 = (length: number) => take((b, o, l) => new Float64Array(b, o, l), 8, length);
  const f32 = (length: number) => take((b, o, l) => new Float32Array(b, o, l), 4, length);
  const rng = new Rng(seed);
  // Filled in place: map() would copy them out of the memory.
  const fill = <T extends Float64Array | Int32Array>(a: T, value: () => number): T => {
    for (let i = 0; i < a.length; i++) a[i] = value();
    return a;
  };
  const current = fill(f64(n * width), () => (rng.next() - 0.5) * 12);
  const out = fill(f64(n * width), () => (rng.next() - 0.5) * 2);
  // A few rows far apart in score: their smallest probabilities underflow past the clamp.
  for (let i = 0; i < n; i += 97) current[i * width] = 900;
  const y = fill(
    take((b, o, l) => new Int32Array(b, o, l), 4, n),
    () => Math.floor(rng.next() * width),
  );
  return {
    kernels: WasmHistKernels.on(memory)!,
    scratch: f64(2 * width),
    current,
    out,
    next: f64(n * width),
    y,
    g: f32(n * width),
    h: f32(n * width),
  };
}

describe("softmax gradients", () => {
  it("exp stays within 1e-14 of Math.exp over its input range", () => {
    const rng = new Rng(1);
    let worst = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = -rng.next() * 700;
      worst = Math.max(worst, Math.abs(expNonPositive(x) / Math.exp(x) - 1));
    }
    expect(worst).toBeLessThan(1e-14);
    expect(expNonPositive(0)).toBe(1);
    // Below the clamp the value stays that of -708: negligible against a sum of at least 1, never NaN or 0/0.
    expect(expNonPositive(-1e6)).toBe(expNonPositive(-708));
    expect(expNonPositive(-708)).toBeLessThan(1e-300);
  });

  for (const width of [3, 10]) {
    for (const pending of [false, true]) {
      it(`give the same bits in WebAssembly as in JavaScript (${width} classes, ${pending ? "" : "no "}pending trees, odd ranges)`, () => {
        const n = 1001;
        const a = problem(n, width, 7);
        const b = problem(n, width, 7);
        for (const [i0, i1] of [
          [0, 500],
          [500, 1001],
          [3, 4],
        ] as const) {
          const pa = pending ? { out: a.out, next: a.next } : null;
          const pb = pending ? { out: b.out, next: b.next } : null;
          const rowsA = { current: a.current, pending: pa, y: a.y, width, g: a.g, h: a.h };
          logLossGradients(rowsA, i0, i1, { kernels: a.kernels, scratch: a.scratch });
          logLossGradients({ current: b.current, pending: pb, y: b.y, width, g: b.g, h: b.h }, i0, i1);
        }
        expect(a.g).toEqual(b.g);
        expect(a.h).toEqual(b.h);
        if (pending) expect(a.next).toEqual(b.next);
        // Softmax: each row's gradients sum to 0 (up to float32 rounding), hessians lie in [0, 1/4].
        let worstSum = 0;
        for (let i = 0; i < n; i++) {
          let sum = 0;
          for (let k = 0; k < width; k++) sum += a.g[k * n + i]!;
          worstSum = Math.max(worstSum, Math.abs(sum));
        }
        expect(worstSum).toBeLessThan(1e-6);
        expect(a.h.every((v) => v >= 0 && v <= 0.25)).toBe(true);
        expect(a.g.some((v) => v !== 0)).toBe(true);
      });
    }
  }
});
