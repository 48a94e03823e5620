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
        const kernels = SoftmaxKernels.create(scalar.Z, scalar.y, n, d, width);
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
    const simd: LossProblem = {
      ...scalar,
      R: new Float64Array(0),
      kernels: SoftmaxKernels.create(scalar.Z, scalar.y, 40, 8, 4),
    };
    const w = new Float64Array(4 * 8 + 4).map((_, q) => Math.sin(q));
    const a = evaluate(scalar, w);
    const b = evaluate(simd, w);
    expect(b.loss).toBe(a.loss);
    expect(Array.from(b.grad)).toEqual(Array.from(a.grad));
  });

  it("keeps two problems apart when they take turns with the shared WebAssembly memory", () => {
    const one = problem(22, 6, 3, true, 5);
    const two = problem(13, 4, 5, true, 6);
    const simdOne: LossProblem = {
      ...one,
      R: new Float64Array(0),
      kernels: SoftmaxKernels.create(one.Z, one.y, 22, 6, 3),
    };
    const simdTwo: LossProblem = {
      ...two,
      R: new Float64Array(0),
      kernels: SoftmaxKernels.create(two.Z, two.y, 13, 4, 5),
    };
    const w1 = new Float64Array(3 * 6 + 3).map((_, q) => Math.cos(q));
    const w2 = new Float64Array(5 * 4 + 5).map((_, q) => Math.sin(q + 1));
    const a1 = evaluate(one, w1);
    const a2 = evaluate(two, w2);
    for (let round = 0; round < 2; round++) {
      const b1 = evaluate(simdOne, w1);
      const b2 = evaluate(simdTwo, w2);
      expect(Math.abs(b1.loss - a1.loss)).toBeLessThan(1e-12);
      expect(Math.abs(b2.loss - a2.loss)).toBeLessThan(1e-12);
      for (let q = 0; q < w1.length; q++) expect(Math.abs(b1.grad[q]! - a1.grad[q]!)).toBeLessThan(1e-12);
      for (let q = 0; q < w2.length; q++) expect(Math.abs(b2.grad[q]! - a2.grad[q]!)).toBeLessThan(1e-12);
    }
  });
});
