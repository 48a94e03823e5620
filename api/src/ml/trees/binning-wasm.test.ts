import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { binInWasm, sortColumnsInWasm } from "./binning-wasm.js";

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

  it("sorts every column (or the chosen rows of it) like Float64Array#sort, special values included", () => {
    const n = 5003;
    const d = 3;
    const rng = new Rng(8);
    const special = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, 1, -1];
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      data[i * d] = i % 7 === 0 ? special[i % special.length]! : (rng.next() - 0.5) * 1e6;
      data[i * d + 1] = Math.round(rng.next() * 20) - 10; // few distinct values: most digits are the same
      data[i * d + 2] = 2.5; // one value: every pass is skipped
    }
    const rows = Int32Array.from({ length: 1000 }, (_, r) => (r * 7919) % n);
    for (const chosen of [null, rows]) {
      const seen: number[] = [];
      const ok = sortColumnsInWasm(data, n, d, chosen, (f, sorted) => {
        seen.push(f);
        const column = Float64Array.from(chosen ?? Array.from({ length: n }, (_, i) => i), (i) => data[i * d + f]!);
        const expected = column.sort();
        expect(Array.from(sorted, (v) => Object.is(v, -0))).toEqual(Array.from(expected, (v) => Object.is(v, -0)));
        expect(Array.from(sorted)).toEqual(Array.from(expected));
      });
      expect(ok).toBe(true);
      expect(seen).toEqual([0, 1, 2]);
    }
  });
});
