import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { binInWasm } from "./binning-wasm.js";

describe("binning in WebAssembly", () => {
  it("counts the edges below each value, as the definition of a bin says", () => {
    const n = 3001;
    const d = 4;
    const rng = new Rng(3);
    const data = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) data[i] = Math.round((rng.next() - 0.5) * 600) / 2;
    // Values on edges, beyond them, and non-finite ones.
    data.set([NaN, Infinity, -Infinity, 0], 0);
    data.set([-300, 300, 1.5, -1.5], 4);
    const edges = [
      Float64Array.from({ length: 254 }, (_, k) => -150 + k * 1.5),
      Float64Array.from([0]),
      new Float64Array(0),
      Float64Array.from({ length: 100 }, (_, k) => k - 50.25),
    ];
    const out = new Uint8Array(n * d);
    expect(binInWasm(data, n, d, edges, out)).toBe(true);
    for (let f = 0; f < d; f++) {
      const e = edges[f]!;
      for (let i = 0; i < n; i++) {
        const x = data[i * d + f]!;
        expect(out[f * n + i]).toBe(e.filter((v) => v < x).length);
      }
    }
  });
});
