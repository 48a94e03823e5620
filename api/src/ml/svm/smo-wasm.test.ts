import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { SmoWorkspace, TAU } from "./smo-wasm.js";

// The sequential loops of smo.ts, as the reference: the last index of equal values wins.
function lastMaxViolator(F: Float64Array, up: Uint8Array, n: number): number {
  let gmax = -Infinity;
  let i = -1;
  for (let t = 0; t < n; t++) {
    if (up[t] === 1 && -F[t]! >= gmax) {
      gmax = -F[t]!;
      i = t;
    }
  }
  return i;
}

function lastPartner(
  F: Float64Array,
  low: Uint8Array,
  QD: Float64Array,
  Ki: Float32Array,
  n: number,
  Gmax: number,
  QDi: number,
) {
  let gmax2 = -Infinity;
  let j = -1;
  let objMin = Infinity;
  for (let t = 0; t < n; t++) {
    if (low[t] !== 1) continue;
    if (F[t]! >= gmax2) gmax2 = F[t]!;
    const diff = Gmax + F[t]!;
    if (diff > 0) {
      const quad = QDi + QD[t]! - 2 * Ki[t]!;
      const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
      if (obj <= objMin) {
        objMin = obj;
        j = t;
      }
    }
  }
  return { j, gmax2 };
}

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
        expect(ws.maxViolator(n)).toBe(lastMaxViolator(ws.F, ws.up, n));

        const Ki = slab.subarray(0, n);
        const Kj = slab.subarray((n - 1) * n, n * n);
        const expectedF = Float64Array.from(ws.F, (f, t) => f + Ki[t]! * 0.5 + Kj[t]! * -0.25);
        const i = ws.updateAndFindViolator(Ki, Kj, 0.5, -0.25, n);
        expect(Array.from(ws.F)).toEqual(Array.from(expectedF));
        expect(i).toBe(lastMaxViolator(ws.F, ws.up, n));

        const Gmax = Math.round(rng.normal() * 2) / 2;
        const expected = lastPartner(ws.F, ws.low, ws.QD, Ki, n, Gmax, 1);
        expect(ws.partner(n, Gmax, 1, Ki)).toBe(expected.j);
        // Equal as numbers (the sign of a zero may differ: gmax2 only takes part in comparisons).
        expect(ws.gmax2 === expected.gmax2).toBe(true);
      }
    }
  });
});
