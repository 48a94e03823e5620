import { describe, expect, it } from "vitest";
import { loadDigits } from "../datasets/index.js";
import { Svm } from "../estimators/svm.js";
import { Rng } from "../rng.js";
import { ClassBlocks } from "./class-blocks.js";
import { kernelRow, rowNorms, type KernelSpec } from "./kernel.js";
import { RowDots } from "./row-dots-wasm.js";

describe("ClassBlocks (kernel values shared by one-vs-one pairs)", () => {
  it("gives the model a fit without sharing gives, bit for bit", () => {
    const { X, y } = loadDigits();
    // 1 MB cannot hold the 1,797² kernel values, so that fit computes each pair's columns itself.
    expect(ClassBlocks.bytes(X.rows)).toBeGreaterThan(1024 * 1024);
    const shared = new Svm({ cache_size: 200 }).fit(X, y);
    const own = new Svm({ cache_size: 1 }).fit(X, y);
    expect(shared.supportCount).toBe(own.supportCount);
    expect(Array.from(shared.decisionFunction(X).data)).toEqual(Array.from(own.decisionFunction(X).data));
  });

  it("fills columns with the kernel's values, in SIMD or scalar code, whatever the order of requests", () => {
    // Three classes of 13, 8 and 11 rows (not multiples of the SIMD blocks), half the features zero.
    const sizes = [13, 8, 11];
    const n = 32;
    const d = 7;
    const rng = new Rng(3);
    const X = new Float64Array(n * d);
    for (let q = 0; q < X.length; q++) X[q] = rng.next() < 0.5 ? 0 : rng.normal();
    X.fill(0, 5 * d, 6 * d); // an all-zero row
    const start = Int32Array.from([0, 13, 21, 32]);
    const norms = rowNorms(X, n, d);
    for (const kernel of [
      { kind: "rbf", gamma: 0.3 },
      { kind: "linear", gamma: 0 },
    ] as KernelSpec[]) {
      const expected = (g: number): Float32Array => {
        const row = new Float64Array(n);
        kernelRow(kernel, X, g, norms[g]!, X, norms, n, d, row);
        return Float32Array.from(row);
      };
      for (const simd of [true, false]) {
        const blocks = new ClassBlocks(X, n, d, kernel, start, simd);
        // Pairs in an order that reuses transposed blocks in the scalar path.
        for (const [a, b] of [
          [0, 1],
          [1, 2],
          [0, 2],
          [2, 1],
        ] as const) {
          const la = sizes[a]!;
          const col = new Float32Array(la + sizes[b]!);
          for (let i = col.length - 1; i >= 0; i -= 2) {
            const g = i < la ? start[a]! + i : start[b]! + i - la;
            // Other rows take the shared WebAssembly memory now and then: the blocks must be computed again.
            if (i % 5 === 0) RowDots.create(X, n, d, kernel, norms, n * n)!.store.fill(Number.NaN);
            blocks.pairColumn(a, b, i, col);
            const full = expected(g);
            const want = [...full.subarray(start[a], start[a + 1]), ...full.subarray(start[b], start[b + 1])];
            expect(Array.from(col)).toEqual(want);
          }
        }
      }
    }
  });
});
