import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { RowDots } from "./row-dots-wasm.js";

describe("RowDots (WebAssembly SIMD)", () => {
  it("sums the products of non-zero features in feature order, as the scalar loop", () => {
    const n = 29;
    const d = 9;
    const rng = new Rng(11);
    const X = new Float64Array(n * d);
    for (let q = 0; q < X.length; q++) X[q] = rng.next() < 0.4 ? 0 : rng.normal() * 3;
    X.fill(0, 4 * d, 5 * d);
    const dots = RowDots.create(X, n, d);
    expect(dots).not.toBeNull();
    for (const [from, count] of [
      [0, n],
      [3, 17],
      [21, 8],
      [28, 1],
    ] as const) {
      for (let a = 0; a < n; a++) {
        dots!.dots(X, a, from, count);
        for (let t = 0; t < count; t++) {
          let s = 0;
          for (let j = 0; j < d; j++) if (X[a * d + j] !== 0) s += X[a * d + j]! * X[(from + t) * d + j]!;
          expect(dots!.out[t]).toBe(s);
        }
      }
    }
  });

  it("keeps two row sets apart when they take turns with the shared WebAssembly memory", () => {
    const rng = new Rng(5);
    const A = new Float64Array(12 * 3).map(() => rng.normal());
    const B = new Float64Array(7 * 5).map(() => rng.normal());
    const dotsA = RowDots.create(A, 12, 3)!;
    const dotsB = RowDots.create(B, 7, 5)!;
    for (let round = 0; round < 2; round++) {
      dotsA.dots(A, 2, 0, 12);
      for (let t = 0; t < 12; t++)
        expect(dotsA.out[t]).toBe(A[6]! * A[t * 3]! + A[7]! * A[t * 3 + 1]! + A[8]! * A[t * 3 + 2]!);
      dotsB.dots(B, 1, 2, 5);
      for (let t = 0; t < 5; t++) {
        let s = 0;
        for (let j = 0; j < 5; j++) s += B[5 + j]! * B[(2 + t) * 5 + j]!;
        expect(dotsB.out[t]).toBe(s);
      }
    }
  });
});
