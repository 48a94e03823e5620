import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { SmoWorkspace } from "./smo-wasm.js";
// The solver's JavaScript passes: the sequential loops, where the last index of equal values wins.
import { maxViolator, secondOrderPartner, updateAndFindViolator } from "./smo.js";

describe("SmoWorkspace (the solver's passes in WebAssembly SIMD)", () => {
  it("picks what the sequential loops pick, ties and odd row counts included", () => {
    const rng = new Rng(9);
    for (const n of [1, 2, 7, 8, 33]) {
      const ws = SmoWorkspace.create(n, n * n)!;
      expect(ws).not.toBeNull();
      const slab = ws.take(n * n);
      for (let round = 0; round < 40; round++) {
        // Few distinct values, so that ties are common.
        for (let t = 0; t < n; t++) {
          ws.F[t] = Math.round(rng.normal() * 2) / 2;
          ws.QD[t] = 1;
          ws.up[t] = rng.next() < 0.6 ? 1 : 0;
          ws.low[t] = rng.next() < 0.6 ? 1 : 0;
        }
        for (let v = 0; v < n * n; v++) slab[v] = Math.round(rng.next() * 4) / 4;
        expect(ws.maxViolator(n)).toBe(maxViolator(ws.F, ws.up, n));

        const Ki = slab.subarray(0, n);
        const Kj = slab.subarray((n - 1) * n, n * n);
        const expectedF = ws.F.slice();
        const expectedI = updateAndFindViolator(expectedF, Ki, Kj, 0.5, -0.25, ws.up, n);
        const i = ws.updateAndFindViolator(Ki, Kj, 0.5, -0.25, n);
        expect(Array.from(ws.F)).toEqual(Array.from(expectedF));
        expect(i).toBe(expectedI);

        const Gmax = Math.round(rng.normal() * 2) / 2;
        const gmax2 = new Float64Array(1);
        const j = secondOrderPartner(ws.F, ws.low, ws.QD, Ki, n, Gmax, 1, gmax2);
        expect(ws.partner(n, Gmax, 1, Ki)).toBe(j);
        // Equal as numbers (the sign of a zero may differ: gmax2 only takes part in comparisons).
        expect(ws.gmax2 === gmax2[0]).toBe(true);
      }
    }
  });
});
