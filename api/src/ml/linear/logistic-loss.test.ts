import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { logLossAndGradient, type LossProblem } from "./logistic-loss.js";
import { SoftmaxKernels } from "./softmax-kernels-wasm.js";

function problem(n: number, d: number, width: number, fitIntercept: boolean, seed: number): LossProblem {
  const rng = new Rng(seed);
  const Z = new Float64Array(n * d);
  for (let i = 0; i < Z.length; i++) Z[i] = rng.normal();
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = i % width;
  return { Z, y, n, d, width, fitIntercept, lambda: 1 / n, R: new Float64Array(n * width), kernels: null };
}

function evaluate(pr: LossProblem, w: Float64Array): { loss: number; grad: Float64Array } {
  const grad = new Float64Array(w.length);
  return { loss: logLossAndGradient(pr, w, grad), grad };
}

describe("multinomial log-loss in WebAssembly SIMD", () => {
  // Row and class counts off the kernels' blocks of four, an odd feature count, one class block exactly.
  const shapes = [
    { n: 37, d: 5, width: 3 },
    { n: 40, d: 8, width: 4 },
    { n: 101, d: 64, width: 10 },
    { n: 9, d: 1, width: 7 },
  ];

  it("gives the scalar code's loss and gradient", () => {
    let seed = 1;
    for (const { n, d, width } of shapes) {
      for (const fitIntercept of [true, false]) {
        const scalar = problem(n, d, width, fitIntercept, seed++);
        const kernels = SoftmaxKernels.create(scalar.Z, n, d, width);
        expect(kernels).not.toBeNull();
        const simd: LossProblem = { ...scalar, R: new Float64Array(0), kernels };
        const rng = new Rng(seed++);
        const w = new Float64Array(width * d + width);
        for (let q = 0; q < w.length; q++) w[q] = rng.normal() * 0.5;
        const a = evaluate(scalar, w);
        const b = evaluate(simd, w);
        // The same sums; only the last rows (n mod 4) add their bias and gradient terms in another order.
        expect(Math.abs(b.loss - a.loss)).toBeLessThan(1e-12 * Math.abs(a.loss));
        for (let q = 0; q < w.length; q++) expect(Math.abs(b.grad[q]! - a.grad[q]!)).toBeLessThan(1e-12);
        if (!fitIntercept) for (let k = 0; k < width; k++) expect(b.grad[width * d + k]).toBe(0);
      }
    }
  });

  it("is bit-identical to the scalar code when rows come in blocks of four", () => {
    const scalar = problem(40, 8, 4, true, 99);
    const simd: LossProblem = { ...scalar, R: new Float64Array(0), kernels: SoftmaxKernels.create(scalar.Z, 40, 8, 4) };
    const w = new Float64Array(4 * 8 + 4).map((_, q) => Math.sin(q));
    const a = evaluate(scalar, w);
    const b = evaluate(simd, w);
    expect(b.loss).toBe(a.loss);
    expect(Array.from(b.grad)).toEqual(Array.from(a.grad));
  });
});
