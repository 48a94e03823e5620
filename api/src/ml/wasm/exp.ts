import type { FunctionBody } from "./assembler.js";

// e^x for x ≤ 0 in JavaScript and as WebAssembly SIMD code that give the same bits: every step is one IEEE
// operation in both, in the same order. Math.exp cannot be called from WebAssembly (and a call per value into C
// costs more than this): x = k·ln2 + r with k = floor(x·log2 e + 0.5), e^r by its Taylor polynomial of degree 11
// (relative error < 1e-14 for |r| ≤ ln2/2), times 2^k. Inputs are clamped at -708, where e^x ≈ 3e-308: below
// that the result is that instead of a smaller number or 0.

const EXP_FLOOR = -708;
// fdlibm's split of ln 2: LN2_HI has 32 significant bits, so k·LN2_HI is exact for |k| ≤ 1022.
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.9082149292705877e-10;
/** 1/j! for j = 0…11. */
const TAYLOR = Array.from({ length: 12 }, (_, j) => {
  let f = 1;
  for (let i = 2; i <= j; i++) f *= i;
  return 1 / f;
});
/** 2^m for m = -1022…0 (k's range for inputs in [-708, 0]). */
const POW2 = Float64Array.from({ length: 1023 }, (_, i) => Math.pow(2, i - 1022));

/** e^x for x ≤ 0, as `emitExpF64x2` computes it. */
export function expNonPositive(x: number): number {
  const c = x < EXP_FLOOR ? EXP_FLOOR : x;
  const k = Math.floor(c * Math.LOG2E + 0.5);
  const r = c - k * LN2_HI - k * LN2_LO;
  let p = TAYLOR[11]!;
  for (let j = 10; j >= 0; j--) p = p * r + TAYLOR[j]!;
  return p * POW2[k + 1022]!;
}

/**
 * Emits e^x of both f64 lanes of v128 local `x` (each ≤ 0) into v128 local `out`, as expNonPositive; `x` and `k`
 * (another v128 local) are overwritten.
 */
export function emitExpF64x2(f: FunctionBody, x: number, k: number, out: number): void {
  // x = max(x, -708) as `c < -708 ? -708 : c`
  f.get(x).f64x2Const(EXP_FLOOR).f64x2Pmax().set(x);
  f.get(x).f64x2Const(Math.LOG2E).f64x2Mul().f64x2Const(0.5).f64x2Add().f64x2Floor().set(k);
  // r = x - k·LN2_HI - k·LN2_LO, into x
  f.get(x).get(k).f64x2Const(LN2_HI).f64x2Mul().f64x2Sub().get(k).f64x2Const(LN2_LO).f64x2Mul().f64x2Sub().set(x);
  f.f64x2Const(TAYLOR[11]!).set(out);
  for (let j = 10; j >= 0; j--) f.get(out).get(x).f64x2Mul().f64x2Const(TAYLOR[j]!).f64x2Add().set(out);
  // 2^k from its bits: (k + 1023) << 52.
  f.get(out);
  f.get(k).f64x2Const(1023).f64x2Add().i32x4TruncSatF64x2SZero().i64x2ExtendLowI32x4S().i32(52).i64x2Shl();
  f.f64x2Mul().set(out);
}
