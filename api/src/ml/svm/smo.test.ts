import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import type { KernelSpec } from "./kernel.js";
import { ColumnArena } from "./kernel-columns.js";
import { solveBinarySvc, type BinarySolution, type SmoOptions } from "./smo.js";

/** Two overlapping Gaussian clouds with label noise: many bounded multipliers, so shrinking has work to do. */
function noisyProblem(rows: number, d: number, seed: number): { X: Float64Array; y: Int8Array } {
  const rng = new Rng(seed);
  const X = new Float64Array(rows * d);
  const y = new Int8Array(rows);
  for (let i = 0; i < rows; i++) {
    const positive = i % 2 === 0;
    y[i] = rng.next() < 0.1 ? (positive ? -1 : 1) : positive ? 1 : -1;
    for (let j = 0; j < d; j++) X[i * d + j] = rng.normal() + (positive ? 0.6 : -0.6);
  }
  return { X, y };
}

/** Largest pairwise KKT violation over all rows, from the returned decision values (y_t G_t = f_t + rho - y_t). */
function kktViolation(sol: BinarySolution): number {
  const alpha = new Float64Array(y.length);
  sol.support.forEach((t, s) => (alpha[t] = Math.abs(sol.coef[s]!)));
  let upMax = -Infinity;
  let lowMax = -Infinity;
  for (let t = 0; t < y.length; t++) {
    const yG = sol.decision[t]! + sol.rho - y[t]!;
    const positive = y[t] === 1;
    if (positive ? alpha[t]! < base.C : alpha[t]! > 0) upMax = Math.max(upMax, -yG);
    if (positive ? alpha[t]! > 0 : alpha[t]! < base.C) lowMax = Math.max(lowMax, yG);
  }
  return upMax + lowMax;
}

const rbf: KernelSpec = { kind: "rbf", gamma: 0.2 };
const base: SmoOptions = { C: 10, tol: 1e-3, maxIter: 1e7, cacheBytes: 64 << 20 };
const never = (): void => undefined;

const rows = 600;
const d = 4;
const { X, y } = noisyProblem(rows, d, 7);

describe("solveBinarySvc", () => {
  it("finds the same model with and without shrinking, optimal within tol", () => {
    const plain = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking: false }, never);
    const shrunk = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking: true }, never);
    // Shrinking first runs after min(rows, 1000) steps: the problem must take more for the test to mean anything.
    expect(plain.iterations).toBeGreaterThan(rows);
    // The paths differ once rows are shrunk (as in libsvm), so the two optima agree up to the stopping tolerance.
    expect(shrunk.iterations).not.toBe(plain.iterations);
    expect(Array.from(shrunk.support)).toEqual(Array.from(plain.support));
    expect(Math.abs(shrunk.rho - plain.rho)).toBeLessThan(base.tol);
    for (let t = 0; t < rows; t++) expect(Math.abs(shrunk.decision[t]! - plain.decision[t]!)).toBeLessThan(base.tol);
    expect(kktViolation(shrunk)).toBeLessThan(base.tol);
    expect(kktViolation(plain)).toBeLessThan(base.tol);
  });

  it("gives bit-identical models whatever the column cache holds", () => {
    for (const shrinking of [false, true]) {
      const all = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking }, never);
      // Room for 8 columns of 600: constant eviction, and partial columns replaced by full ones.
      const tiny = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking, cacheBytes: 8 * 4 * rows }, never);
      expect(tiny.iterations).toBe(all.iterations);
      expect(tiny.rho).toBe(all.rho);
      expect(Array.from(tiny.coef)).toEqual(Array.from(all.coef));
      expect(Array.from(tiny.decision)).toEqual(Array.from(all.decision));
    }
  });

  it("gives bit-identical models with kernel columns from SIMD or scalar code", () => {
    for (const shrinking of [false, true]) {
      const simd = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking, simd: true }, never);
      const scalar = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking, simd: false }, never);
      expect(simd.iterations).toBe(scalar.iterations);
      expect(simd.rho).toBe(scalar.rho);
      expect(Array.from(simd.coef)).toEqual(Array.from(scalar.coef));
      expect(Array.from(simd.decision)).toEqual(Array.from(scalar.decision));
    }
  });

  it("gives bit-identical models in a column arena another solve has filled", () => {
    const other = noisyProblem(rows, d, 8);
    for (const shrinking of [false, true]) {
      const own = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking }, never);
      const arena = new ColumnArena();
      solveBinarySvc(other.X, rows, d, other.y, { kind: "rbf", gamma: 0.5 }, { ...base, shrinking, arena }, never);
      const reused = solveBinarySvc(X, rows, d, y, rbf, { ...base, shrinking, arena }, never);
      expect(reused.iterations).toBe(own.iterations);
      expect(reused.rho).toBe(own.rho);
      expect(Array.from(reused.coef)).toEqual(Array.from(own.coef));
      expect(Array.from(reused.decision)).toEqual(Array.from(own.decision));
    }
  });

  it("satisfies the dual's equality constraint and box at the solution", () => {
    const sol = solveBinarySvc(X, rows, d, y, rbf, base, never);
    let sum = 0;
    for (const c of sol.coef) {
      sum += c;
      expect(Math.abs(c)).toBeLessThanOrEqual(base.C);
    }
    expect(Math.abs(sum)).toBeLessThan(1e-9);
  });
});
