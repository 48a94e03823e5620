import { F64, FunctionBody, I32 } from "../wasm/assembler.js";
import { KernelModule, layoutAreas, type KernelInstance } from "../wasm/runtime.js";

// The SMO solver's passes over the rows (smo.ts) in WebAssembly, which the engine compiles to machine code at once:
// the same loops in JavaScript run interpreted or in baseline code through a fresh thread's first fits (SVM on
// digits: 70-120 ms cold, 25 ms warm). Each computes what its JavaScript twin in smo.ts computes, with the same IEEE
// operations in the same order and the same tie rules, branch-free (selects where the JavaScript branches).

/** Floor of a working pair's curvature (libsvm's TAU). */
export const TAU = 1e-12;

/**
 * Index of the largest -F_t over rows t < n with up_t = 1 (the last of equal ones), or -1. With `update`, first
 * F_t += Ki_t·ci + Kj_t·cj. Params: F, Ki, Kj, up (byte addresses), n, ci, cj (f64).
 */
function violatorBody(update: boolean): FunctionBody {
  const [F, Ki, Kj, up, n, ci, cj] = [0, 1, 2, 3, 4, 5, 6] as const;
  const [t, i, at, hit] = [7, 8, 9, 10] as const;
  const [f, gmax] = [11, 12] as const;
  const w = new FunctionBody([I32, I32, I32, I32, I32, F64, F64], [I32, I32, I32, I32, F64, F64], [I32]);
  w.i32(-1).set(i);
  w.f64Const(-Infinity).set(gmax);
  w.i32(0).set(t);
  w.loop(() => {
    w.get(F).get(t).i32(8).mul().add().tee(at).f64Load();
    if (update) {
      // f = F_t + Ki_t·ci + Kj_t·cj
      w.get(Ki).get(t).i32(4).mul().add().f32Load().f64PromoteF32().get(ci).f64Mul().f64Add();
      w.get(Kj).get(t).i32(4).mul().add().f32Load().f64PromoteF32().get(cj).f64Mul().f64Add();
      w.set(f);
      w.get(at).get(f).f64Store();
      w.get(f);
    }
    w.f64Neg().set(f);
    // up_t === 1 && -F_t >= gmax
    w.get(up).get(t).add().i32Load8U().get(f).get(gmax).f64Ge().and().set(hit);
    w.get(f).get(gmax).get(hit).select().set(gmax);
    w.get(t).get(i).get(hit).select().set(i);
    w.increment(t, 1);
    w.get(t).get(n).lt().continueIf();
  });
  w.get(i);
  return w;
}

/**
 * WSS3's partner j of i: over rows t < n with low_t = 1, the largest second-order gain -(Gmax + F_t)² / quad_t
 * among those with Gmax + F_t > 0 (the last of equal ones), or -1; the largest F_t over them goes to out (f64).
 * Params: F, low, QD, Ki, n, out (i32), Gmax, QDi (f64).
 */
function partnerBody(): FunctionBody {
  const [F, low, QD, Ki, n, out, Gmax, QDi] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
  const [t, j, lw, hit] = [8, 9, 10, 11] as const;
  const [f, gmax2, diff, quad, obj, objMin] = [12, 13, 14, 15, 16, 17] as const;
  const w = new FunctionBody(
    [I32, I32, I32, I32, I32, I32, F64, F64],
    [I32, I32, I32, I32, F64, F64, F64, F64, F64, F64],
    [I32],
  );
  w.i32(-1).set(j);
  w.f64Const(-Infinity).set(gmax2);
  w.f64Const(Infinity).set(objMin);
  w.i32(0).set(t);
  w.loop(() => {
    w.get(low).get(t).add().i32Load8U().set(lw);
    w.get(F).get(t).i32(8).mul().add().f64Load().set(f);
    // gmax2 = f >= gmax2 ? f : gmax2, in I_low
    w.get(f).get(gmax2).get(lw).get(f).get(gmax2).f64Ge().and().select().set(gmax2);
    w.get(Gmax).get(f).f64Add().set(diff);
    // quad = QDi + QD_t - 2·Ki_t, floored at TAU when not positive
    w.get(QDi).get(QD).get(t).i32(8).mul().add().f64Load().f64Add();
    w.f64Const(2).get(Ki).get(t).i32(4).mul().add().f32Load().f64PromoteF32().f64Mul().f64Sub().set(quad);
    w.get(quad).f64Const(TAU).get(quad).f64Const(0).f64Gt().select().set(quad);
    w.get(diff).get(diff).f64Mul().f64Neg().get(quad).f64Div().set(obj);
    // hit: in I_low, diff > 0 and obj <= objMin
    w.get(lw).get(diff).f64Const(0).f64Gt().and().get(obj).get(objMin).f64Le().and().set(hit);
    w.get(obj).get(objMin).get(hit).select().set(objMin);
    w.get(t).get(j).get(hit).select().set(j);
    w.increment(t, 1);
    w.get(t).get(n).lt().continueIf();
  });
  w.get(out).get(gmax2).f64Store();
  w.get(j);
  return w;
}

type ViolatorFn = (F: number, Ki: number, Kj: number, up: number, n: number, ci: number, cj: number) => number;
type PartnerFn = (
  F: number,
  low: number,
  QD: number,
  Ki: number,
  n: number,
  out: number,
  Gmax: number,
  QDi: number,
) => number;

const smoModule = new KernelModule(() => ({
  maxViolator: violatorBody(false),
  updateAndFindViolator: violatorBody(true),
  partner: partnerBody(),
}));

/**
 * One solve's row arrays and kernel-column slab in WebAssembly memory, with the passes over them. The memory is
 * shared with later solves on this thread, so a workspace is valid for one synchronous solve.
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
  private readonly gmax2Out: Float64Array;
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
    this.gmax2Out = new Float64Array(buffer, at[4], 1);
    this.slab = new Float32Array(buffer, at[5], slabValues);
    this.maxViolatorFn = instance.exports.maxViolator as ViolatorFn;
    this.updateFn = instance.exports.updateAndFindViolator as ViolatorFn;
    this.partnerFn = instance.exports.partner as PartnerFn;
  }

  /** A workspace for l rows and a slab of `slabValues` column values, or null without WebAssembly SIMD. */
  static create(l: number, slabValues: number): SmoWorkspace | null {
    const layout = layoutAreas([8 * l, 8 * l, l, l, 8, 4 * slabValues]);
    const instance = smoModule.claim({}, layout.bytes);
    return instance ? new SmoWorkspace(instance, layout.offsets, l, slabValues) : null;
  }

  /** The column slab (ColumnArena's contract: whatever an earlier solve left in it). */
  take(values: number): Float32Array {
    return this.slab.subarray(0, values);
  }

  maxViolator(n: number): number {
    return this.maxViolatorFn(this.at[0]!, 0, 0, this.at[2]!, n, 0, 0);
  }

  /** F += Ki·ci + Kj·cj over [0, n), then maxViolator; Ki and Kj are columns of this workspace's slab. */
  updateAndFindViolator(Ki: Float32Array, Kj: Float32Array, ci: number, cj: number, n: number): number {
    return this.updateFn(this.at[0]!, Ki.byteOffset, Kj.byteOffset, this.at[2]!, n, ci, cj);
  }

  /** WSS3's partner of a row with gradient violation Gmax, diagonal QDi and column Ki (of the slab); sets gmax2. */
  partner(n: number, Gmax: number, QDi: number, Ki: Float32Array): number {
    const j = this.partnerFn(this.at[0]!, this.at[3]!, this.at[1]!, Ki.byteOffset, n, this.at[4]!, Gmax, QDi);
    this.gmax2 = this.gmax2Out[0]!;
    return j;
  }
}
