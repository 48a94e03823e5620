import { F64, FunctionBody, I32, V128 } from "../wasm/assembler.js";
import { KernelModule, layoutAreas, type KernelInstance } from "../wasm/runtime.js";

// The SMO solver's passes over the rows (smo.ts) in WebAssembly, which the engine compiles to machine code at once:
// the same loops in JavaScript run interpreted or in baseline code through a fresh thread's first fits. Each computes what its JavaScript twin in smo.ts computes, with the same IEEE
// operations in the same order and the same tie rules, branch-free (selects where the JavaScript branches).

/** Floor of a working pair's curvature (libsvm's TAU). */
export const TAU = 1e-12;

/** The 0/1 bytes at addr, addr + 1 as two all-ones / zero 64-bit lanes. */
function byteMask(w: FunctionBody, addr: () => void): void {
  addr();
  w.v128Load8x8U().i32x4ExtendLowI16x8U().i64x2ExtendLowI32x4U().i64x2Neg();
}

/**
 * Rows t < n, two at a time (n rounded up to even: the arrays have a padding row that is in no set): the largest
 * -F_t over rows with up_t = 1, and the last such t, per lane, as f64 pairs at out (the caller takes the larger,
 * the later t of equal ones: the sequential loop's choice). With `update`, first F_t += Ki_t·ci + Kj_t·cj.
 * Params: F, Ki, Kj, up, n, out (byte addresses / count), ci, cj (f64).
 */
function violatorBody(update: boolean): FunctionBody {
  const [F, Ki, Kj, up, n, out, ci, cj] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const t = 8;
  const [civ, cjv, f, hit, gmax, idx, tv] = [9, 10, 11, 12, 13, 14, 15] as const;
  const w = new FunctionBody([I32, I32, I32, I32, I32, I32, F64, F64], [I32, ...new Array<number>(7).fill(V128)]);
  if (update) {
    w.get(ci).f64x2Splat().set(civ);
    w.get(cj).f64x2Splat().set(cjv);
  }
  w.f64x2Const(-Infinity).set(gmax);
  w.f64x2Const(-1).set(idx);
  w.f64x2ConstLanes(0, 1).set(tv);
  w.i32(0).set(t);
  w.loop(() => {
    w.get(F).get(t).i32(8).mul().add().v128Load().set(f);
    if (update) {
      // f = F_t + Ki_t·ci + Kj_t·cj, stored back
      w.get(f).get(Ki).get(t).i32(4).mul().add().v128Load64Zero().f64x2PromoteLowF32x4().get(civ).f64x2Mul();
      w.f64x2Add();
      w.get(Kj).get(t).i32(4).mul().add().v128Load64Zero().f64x2PromoteLowF32x4().get(cjv).f64x2Mul();
      w.f64x2Add().set(f);
      w.get(F).get(t).i32(8).mul().add().get(f).v128Store();
    }
    w.get(f).f64x2Neg().set(f);
    // hit: up_t = 1 and -F_t >= gmax
    byteMask(w, () => w.get(up).get(t).add());
    w.get(f).get(gmax).f64x2Ge().v128And().set(hit);
    w.get(f).get(gmax).get(hit).v128Bitselect().set(gmax);
    w.get(tv).get(idx).get(hit).v128Bitselect().set(idx);
    w.get(tv).f64x2Const(2).f64x2Add().set(tv);
    w.increment(t, 2);
    w.get(t).get(n).lt().continueIf();
  });
  w.get(out).get(gmax).v128Store();
  w.get(out).get(idx).v128Store(16);
  return w;
}

/**
 * WSS3's partner j of i over rows t < n with low_t = 1, two at a time as violatorBody: per lane, the largest F_t
 * over them, the smallest -(Gmax + F_t)² / quad_t among those with Gmax + F_t > 0 and the last t that has it, as
 * f64 pairs at out. Params: F, low, QD, Ki, n, out (i32), Gmax, QDi (f64).
 */
function partnerBody(): FunctionBody {
  const [F, low, QD, Ki, n, out, Gmax, QDi] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const t = 8;
  const [gv, qv, mask, f, gmax2, diff, quad, obj, objMin, jv, tv, hit] = [
    9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
  ] as const;
  const w = new FunctionBody([I32, I32, I32, I32, I32, I32, F64, F64], [I32, ...new Array<number>(12).fill(V128)]);
  w.get(Gmax).f64x2Splat().set(gv);
  w.get(QDi).f64x2Splat().set(qv);
  w.f64x2Const(-Infinity).set(gmax2);
  w.f64x2Const(Infinity).set(objMin);
  w.f64x2Const(-1).set(jv);
  w.f64x2ConstLanes(0, 1).set(tv);
  w.i32(0).set(t);
  w.loop(() => {
    byteMask(w, () => w.get(low).get(t).add());
    w.set(mask);
    w.get(F).get(t).i32(8).mul().add().v128Load().set(f);
    // gmax2 = f >= gmax2 ? f : gmax2, in I_low
    w.get(f).get(gmax2).get(mask).get(f).get(gmax2).f64x2Ge().v128And().v128Bitselect().set(gmax2);
    w.get(gv).get(f).f64x2Add().set(diff);
    // quad = QDi + QD_t - 2·Ki_t, TAU where not positive
    w.get(qv).get(QD).get(t).i32(8).mul().add().v128Load().f64x2Add();
    w.f64x2Const(2).get(Ki).get(t).i32(4).mul().add().v128Load64Zero().f64x2PromoteLowF32x4().f64x2Mul();
    w.f64x2Sub().set(quad);
    w.get(quad).f64x2Const(TAU).get(quad).f64x2Const(0).f64x2Gt().v128Bitselect().set(quad);
    w.get(diff).get(diff).f64x2Mul().f64x2Neg().get(quad).f64x2Div().set(obj);
    // hit: in I_low, diff > 0 and obj <= objMin
    w.get(mask).get(diff).f64x2Const(0).f64x2Gt().v128And().get(obj).get(objMin).f64x2Le().v128And().set(hit);
    w.get(obj).get(objMin).get(hit).v128Bitselect().set(objMin);
    w.get(tv).get(jv).get(hit).v128Bitselect().set(jv);
    w.get(tv).f64x2Const(2).f64x2Add().set(tv);
    w.increment(t, 2);
    w.get(t).get(n).lt().continueIf();
  });
  w.get(out).get(gmax2).v128Store();
  w.get(out).get(objMin).v128Store(16);
  w.get(out).get(jv).v128Store(32);
  return w;
}

type ViolatorFn = (
  F: number,
  Ki: number,
  Kj: number,
  up: number,
  n: number,
  out: number,
  ci: number,
  cj: number,
) => void;
type PartnerFn = (
  F: number,
  low: number,
  QD: number,
  Ki: number,
  n: number,
  out: number,
  Gmax: number,
  QDi: number,
) => void;

const smoModule = new KernelModule(() => ({
  maxViolator: violatorBody(false),
  updateAndFindViolator: violatorBody(true),
  partner: partnerBody(),
}));

/**
 * One solve's row arrays and kernel-column slab in WebAssembly memory, with the passes over them. The memory is
 * shared with later solves on this thread, so a workspace is valid for one synchronous solve. Each row array has
 * a padding row past l (in neither set), so that the passes can take rows two at a time.
 */
export class SmoWorkspace {
  /** F_t = y_t G_t. */
  readonly F: Float64Array;
  readonly QD: Float64Array;
  readonly up: Uint8Array;
  readonly low: Uint8Array;
  /** Largest F_t over I_low from the last `partner` call. */
  gmax2 = -Infinity;
  private readonly slab: Float32Array;
  private readonly at: number[];
  /** Per-lane results of the last pass. */
  private readonly lanes: Float64Array;
  private readonly maxViolatorFn: ViolatorFn;
  private readonly updateFn: ViolatorFn;
  private readonly partnerFn: PartnerFn;

  private constructor(instance: KernelInstance, at: number[], l: number, slabValues: number) {
    const buffer = instance.memory.buffer;
    this.at = at;
    this.F = new Float64Array(buffer, at[0], l);
    this.QD = new Float64Array(buffer, at[1], l);
    this.up = new Uint8Array(buffer, at[2], l);
    this.low = new Uint8Array(buffer, at[3], l);
    // The padding rows (up to 8 bytes read past l) belong to no set.
    new Uint8Array(buffer, at[2]! + l, 8).fill(0);
    new Uint8Array(buffer, at[3]! + l, 8).fill(0);
    this.lanes = new Float64Array(buffer, at[4], 6);
    this.slab = new Float32Array(buffer, at[5], slabValues);
    this.maxViolatorFn = instance.exports.maxViolator as ViolatorFn;
    this.updateFn = instance.exports.updateAndFindViolator as ViolatorFn;
    this.partnerFn = instance.exports.partner as PartnerFn;
  }

  /** A workspace for l rows and a slab of `slabValues` column values, or null without WebAssembly SIMD. */
  static create(l: number, slabValues: number): SmoWorkspace | null {
    // The last column's padding row reads one value past the slab.
    const layout = layoutAreas([8 * (l + 1), 8 * (l + 1), l + 8, l + 8, 48, 4 * (slabValues + 1)]);
    const instance = smoModule.claim({}, layout.bytes);
    return instance ? new SmoWorkspace(instance, layout.offsets, l, slabValues) : null;
  }

  /** The column slab (ColumnArena's contract: whatever an earlier solve left in it). */
  take(values: number): Float32Array {
    return this.slab.subarray(0, values);
  }

  /** The last index of the largest -F_t over rows t < n in I_up, or -1. */
  maxViolator(n: number): number {
    this.maxViolatorFn(this.at[0]!, 0, 0, this.at[2]!, n, this.at[4]!, 0, 0);
    return this.lastOfLargest();
  }

  /** F += Ki·ci + Kj·cj over [0, n), then maxViolator; Ki and Kj are columns of this workspace's slab. */
  updateAndFindViolator(Ki: Float32Array, Kj: Float32Array, ci: number, cj: number, n: number): number {
    this.updateFn(this.at[0]!, Ki.byteOffset, Kj.byteOffset, this.at[2]!, n, this.at[4]!, ci, cj);
    return this.lastOfLargest();
  }

  /** WSS3's partner of a row with gradient violation Gmax, diagonal QDi and column Ki (of the slab); sets gmax2. */
  partner(n: number, Gmax: number, QDi: number, Ki: Float32Array): number {
    this.partnerFn(this.at[0]!, this.at[3]!, this.at[1]!, Ki.byteOffset, n, this.at[4]!, Gmax, QDi);
    const r = this.lanes;
    this.gmax2 = Math.max(r[0]!, r[1]!);
    // The smaller objective, the later row of equal ones (-1 in a lane that found none).
    return r[2]! < r[3]! ? r[4]! : r[3]! < r[2]! ? r[5]! : Math.max(r[4]!, r[5]!);
  }

  /** Of the two lanes' (largest value, last index), the larger value's index, the later of equal ones. */
  private lastOfLargest(): number {
    const r = this.lanes;
    return r[0]! > r[1]! ? r[2]! : r[1]! > r[0]! ? r[3]! : Math.max(r[2]!, r[3]!);
  }
}
