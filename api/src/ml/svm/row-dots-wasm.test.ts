import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { kernelRowAt, rowNorms, type KernelSpec } from "./kernel.js";
import { RowDots } from "./row-dots-wasm.js";

const linear: KernelSpec = { kind: "linear", gamma: 0 };

describe("RowDots (WebAssembly SIMD)", () => {
  it("sums the products of non-zero features in feature order, as the scalar loop (linear kernel)", () => {
    const n = 29;
    const d = 9;
    const rng = new Rng(11);
    const X = new Float64Array(n * d);
    for (let q = 0; q < X.length; q++) X[q] = rng.next() < 0.4 ? 0 : rng.normal() * 3;
    X.fill(0, 4 * d, 5 * d);
    const rows = RowDots.create(X, n, d, linear, rowNorms(X, n, d));
    expect(rows).not.toBeNull();
    for (const [from, count] of [
      [0, n],
      [3, 17],
      [21, 8],
      [28, 1],
    ] as const) {
      for (let a = 0; a < n; a++) {
        const out = rows!.kernel(a, from, count);
        for (let t = 0; t < count; t++) {
          let s = 0;
          for (let j = 0; j < d; j++) if (X[a * d + j] !== 0) s += X[a * d + j]! * X[(from + t) * d + j]!;
          expect(out[t]).toBe(Math.fround(s));
        }
      }
    }
  });

  it("keeps two row sets apart when they take turns with the shared WebAssembly memory", () => {
    const rng = new Rng(5);
    const A = new Float64Array(12 * 3).map(() => rng.normal());
    const B = new Float64Array(7 * 5).map(() => rng.normal());
    const rowsA = RowDots.create(A, 12, 3, linear, rowNorms(A, 12, 3))!;
    const rowsB = RowDots.create(B, 7, 5, { kind: "rbf", gamma: 0.5 }, rowNorms(B, 7, 5))!;
    const expectedB = new Float64Array(5);
    for (let round = 0; round < 2; round++) {
      const outA = rowsA.kernel(2, 0, 12);
      for (let t = 0; t < 12; t++)
        expect(outA[t]).toBe(Math.fround(A[6]! * A[t * 3]! + A[7]! * A[t * 3 + 1]! + A[8]! * A[t * 3 + 2]!));
      const normsB = rowNorms(B, 7, 5);
      kernelRowAt(
        { kind: "rbf", gamma: 0.5 },
        B,
        1,
        normsB[1]!,
        B,
        normsB,
        Int32Array.of(2, 3, 4, 5, 6),
        5,
        5,
        expectedB,
      );
      const outB = rowsB.kernel(1, 2, 5);
      for (let t = 0; t < 5; t++) expect(outB[t]).toBe(Math.fround(expectedB[t]!));
    }
  });

  it("gives the scalar kernel's values, rounded to Float32 or exact in Float64, for both kernels and any range", () => {
    const n = 37;
    const d = 6;
    const rng = new Rng(3);
    const X = new Float64Array(n * d).map(() => (rng.next() < 0.3 ? 0 : rng.normal()));
    X.fill(0, 0, d);
    const norms = rowNorms(X, n, d);
    const expected = new Float64Array(n);
    const idx = new Int32Array(n);
    for (const spec of [
      { kind: "rbf", gamma: 0.3 },
      { kind: "rbf", gamma: 1e4 },
      { kind: "linear", gamma: 0 },
    ] as KernelSpec[]) {
      const rows = RowDots.create(X, n, d, spec, norms)!;
      for (const [from, count] of [
        [0, n],
        [5, 9],
        [36, 1],
      ] as const) {
        for (const a of [0, 1, 17, 36]) {
          for (let t = 0; t < count; t++) idx[t] = from + t;
          kernelRowAt(spec, X, a, norms[a]!, X, norms, idx, count, d, expected);
          const got = rows.kernel(a, from, count);
          for (let t = 0; t < count; t++) expect(got[t]).toBe(Math.fround(expected[t]!));
          // In Float64 (prediction): the same bits.
          const wide = rows.kernelWide(a, from, count);
          for (let t = 0; t < count; t++) expect(wide[t]).toBe(expected[t]);
        }
      }
    }
  });
});
