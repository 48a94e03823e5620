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
});
