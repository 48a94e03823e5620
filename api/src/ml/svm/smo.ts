import { KernelColumns, type ColumnArena, type ColumnSource } from "./kernel-columns.js";
import { rowNorms, type KernelSpec } from "./kernel.js";
import { SmoWorkspace, TAU } from "./smo-wasm.js";

/** A solved binary C-SVC: f(x) = Σ coef_i K(sv_i, x) - rho over rows with non-zero alpha. */
export interface BinarySolution {
  /** Indices (into the problem's rows) of the support vectors. */
  support: Int32Array;
  /** y_i α_i for each support vector. */
  coef: Float64Array;
  rho: number;
  iterations: number;
  /** Decision value of every training row of the problem. */
  decision: Float64Array;
}

export interface SmoOptions {
  C: number;
  tol: number;
  maxIter: number;
  cacheBytes: number;
  /** libsvm's shrinking heuristic (default true); the solution is the same within tol either way. */
  shrinking?: boolean;
  /**
   * Complete kernel columns K(x_i, ·) from a shared store instead of computing them (see ClassBlocks); X is then
   * not read and may be empty.
   */
  columnSource?: ColumnSource | null;
  /**
   * WebAssembly when available (default true; the solution is the same, bit for bit): kernel columns in SIMD, and
   * the passes over the rows when every column fits one slab.
   */
  simd?: boolean;
  /** Storage for the column cache shared with the fit's other solves, or null for storage of its own. */
  arena?: ColumnArena | null;
}

/**
 * Sequential minimal optimisation for the C-SVC dual, following libsvm: second-order working-set selection
 * (Fan, Chen & Lin 2005), gradient updates from two kernel columns per step, an LRU cache of columns
 * (Float32, like libsvm's Qfloat), shrinking of bounded variables that are unlikely to move, the gradient of the
 * shrunk ones rebuilt from G_bar before the last checks, and rho from the free support vectors.
 *
 * The solver keeps F = y ∘ G (G the dual gradient) and unsigned kernel columns: every sign flip is exact, so the
 * iterates are bit-identical to libsvm's formulation, while the selection loops need no branch on the label.
 */
export function solveBinarySvc(
  X: Float64Array,
  rows: number,
  d: number,
  y: Int8Array,
  kernel: KernelSpec,
  options: SmoOptions,
  checkAbort: () => void,
): BinarySolution {
  const solver = new SmoSolver(X, rows, d, y, kernel, options);
  const iterations = solver.solve(checkAbort);
  return solver.solution(iterations);
}

class SmoSolver {
  private readonly l: number;
  private readonly C: number;
  private readonly eps: number;
  private readonly QD: Float64Array;
  private readonly Q: KernelColumns;
  private readonly alpha: Float64Array;
  /** F_t = y_t G_t, G the gradient of the dual objective. */
  private readonly F: Float64Array;
  /** y_t G_bar_t, G_bar_t = Σ over upper-bounded j of C·Q_tj: the part of the gradient the shrunk rows need back. */
  private readonly Fbar: Float64Array | null;
  /** 1 where alpha_t can move up the objective's steepest side: I_up of Keerthi et al. (y=+1, α<C or y=-1, α>0). */
  private readonly up: Uint8Array;
  /** 1 in I_low (y=+1, α>0 or y=-1, α<C). */
  private readonly low: Uint8Array;
  /** A permutation of the rows, active ones first (libsvm swaps its arrays; we swap only these indices). */
  private readonly act: Int32Array;
  private activeSize: number;
  private unshrink = false;
  /** Working pair of the last selection. */
  private wi = -1;
  private wj = -1;
  /**
   * The next selection's i when the last step found it while updating the gradient (every row active, nothing
   * shrunk or rebuilt since); -2 when it has to be searched.
   */
  private nextViolator = -2;
  /** Largest y_t G_t over I_low, from the last selection. */
  private Gmax2 = -Infinity;
  /** secondOrderPartner's second result. */
  private readonly gmax2Out = new Float64Array(1);
  /** The rows' arrays and column slab in WebAssembly memory, with its passes over them; null for JavaScript's. */
  private readonly wasm: SmoWorkspace | null;

  constructor(
    X: Float64Array,
    rows: number,
    d: number,
    private readonly y: Int8Array,
    kernel: KernelSpec,
    private readonly options: SmoOptions,
  ) {
    const l = rows;
    this.l = l;
    this.C = options.C;
    this.eps = options.tol;
    const source = options.columnSource ?? null;
    const simd = options.simd ?? true;
    const slabValues = KernelColumns.slabValues(l, options.cacheBytes);
    this.wasm = simd && slabValues > 0 ? SmoWorkspace.create(l, slabValues) : null;
    const norms = source ? new Float64Array(0) : rowNorms(X, l, d);
    this.QD = this.wasm?.QD ?? new Float64Array(l);
    if (source) source.diagonal(this.QD);
    else for (let i = 0; i < l; i++) this.QD[i] = kernel.kind === "rbf" ? 1 : norms[i]!;
    const storage = this.wasm ?? options.arena ?? null;
    this.Q = new KernelColumns(X, l, d, kernel, norms, options.cacheBytes, source, simd, storage);
    this.alpha = new Float64Array(l);
    this.F = this.wasm?.F ?? new Float64Array(l);
    this.up = this.wasm?.up ?? new Uint8Array(l);
    this.low = this.wasm?.low ?? new Uint8Array(l);
    for (let t = 0; t < l; t++) {
      this.F[t] = -y[t]!;
      this.updateSets(t);
    }
    this.Fbar = (options.shrinking ?? true) ? new Float64Array(l) : null;
    this.act = new Int32Array(l);
    for (let i = 0; i < l; i++) this.act[i] = i;
    this.activeSize = l;
  }

  solve(checkAbort: () => void): number {
    const l = this.l;
    const shrinking = this.Fbar !== null;
    let counter = Math.min(l, 1000) + 1;
    let iter = 0;
    while (iter < this.options.maxIter) {
      if ((iter & 1023) === 0) checkAbort();
      if (--counter === 0) {
        counter = Math.min(l, 1000);
        if (shrinking) this.shrink();
      }
      if (!this.selectWorkingSet()) {
        if (this.activeSize === l) break;
        // Optimal on the active set: check again on every row, with their gradient rebuilt.
        this.reconstructGradient();
        if (!this.selectWorkingSet()) break;
        counter = 1;
      }
      iter++;
      this.step(this.wi, this.wj);
    }
    this.reconstructGradient();
    return iter;
  }

  private updateSets(t: number): void {
    const a = this.alpha[t]!;
    const positive = this.y[t] === 1;
    this.up[t] = (positive ? a < this.C : a > 0) ? 1 : 0;
    this.low[t] = (positive ? a > 0 : a < this.C) ? 1 : 0;
  }

  /** Second-order working-set selection (WSS3); false when the active set is optimal within tol. */
  private selectWorkingSet(): boolean {
    const n = this.activeSize;
    // Every row active (small problems never shrink): the loops index rows directly, without the permutation.
    const act = n === this.l ? null : this.act;
    const i = act ? this.maxViolatorAt(act, n) : this.nextViolator >= -1 ? this.nextViolator : this.maxViolator(n);
    this.nextViolator = -2;
    if (i < 0) return false;
    const Gmax = -this.F[i]!;
    const Ki = this.Q.get(i, this.act, n, false);
    const j = act ? this.secondOrderPartnerAt(act, n, i, Gmax, Ki) : this.secondOrderPartner(n, i, Gmax, Ki);
    if (Gmax + this.Gmax2 < this.eps || j < 0) return false;
    this.wi = i;
    this.wj = j;
    return true;
  }

  /** i: the most violating index in I_up, max of -y_t G_t (the last of equal ones, as libsvm). */
  private maxViolator(n: number): number {
    return this.wasm ? this.wasm.maxViolator(n) : maxViolator(this.F, this.up, n);
  }

  private maxViolatorAt(act: Int32Array, n: number): number {
    const { F, up } = this;
    let Gmax = -Infinity;
    let i = -1;
    for (let p = 0; p < n; p++) {
      const t = act[p]!;
      if (up[t] === 1 && -F[t]! >= Gmax) {
        Gmax = -F[t]!;
        i = t;
      }
    }
    return i;
  }

  /**
   * j: the index in I_low with the largest second-order decrease (y_i y_t Q_it = K_it whatever the labels); sets
   * Gmax2, the largest y_t G_t over I_low.
   */
  private secondOrderPartner(n: number, i: number, Gmax: number, Ki: Float32Array): number {
    const QDi = this.QD[i]!;
    if (this.wasm) {
      const j = this.wasm.partner(n, Gmax, QDi, Ki);
      this.Gmax2 = this.wasm.gmax2;
      return j;
    }
    const j = secondOrderPartner(this.F, this.low, this.QD, Ki, n, Gmax, QDi, this.gmax2Out);
    this.Gmax2 = this.gmax2Out[0]!;
    return j;
  }

  private secondOrderPartnerAt(act: Int32Array, n: number, i: number, Gmax: number, Ki: Float32Array): number {
    const { F, low, QD } = this;
    const QDi = QD[i]!;
    let Gmax2 = -Infinity;
    let j = -1;
    let objMin = Infinity;
    for (let p = 0; p < n; p++) {
      const t = act[p]!;
      if (low[t] === 1) {
        const f = F[t]!;
        if (f >= Gmax2) Gmax2 = f;
        const diff = Gmax + f;
        if (diff > 0) {
          const quad = QDi + QD[t]! - 2 * Ki[t]!;
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) {
            objMin = obj;
            j = t;
          }
        }
      }
    }
    this.Gmax2 = Gmax2;
    return j;
  }

  /** Optimise the pair (i, j) analytically and update the gradient (and G_bar when a bound changes). */
  private step(i: number, j: number): void {
    const { y, F, alpha, act, QD, C } = this;
    const n = this.activeSize;
    const Ki = this.Q.get(i, act, n, false);
    const Kj = this.Q.get(j, act, n, false);
    const yi = y[i]!;
    const yj = y[j]!;
    const Gi = yi * F[i]!;
    const Gj = yj * F[j]!;
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    let quad = QD[i]! + QD[j]! - 2 * Ki[j]!;
    if (quad <= 0) quad = TAU;
    if (yi !== yj) {
      const delta = (-Gi - Gj) / quad;
      const diff = ai - aj;
      ai += delta;
      aj += delta;
      if (diff > 0) {
        if (aj < 0) {
          aj = 0;
          ai = diff;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = -diff;
      }
      if (diff > 0) {
        if (ai > C) {
          ai = C;
          aj = C - diff;
        }
      } else if (aj > C) {
        aj = C;
        ai = C + diff;
      }
    } else {
      const delta = (Gi - Gj) / quad;
      const sum = ai + aj;
      ai -= delta;
      aj += delta;
      if (sum > C) {
        if (ai > C) {
          ai = C;
          aj = sum - C;
        }
      } else if (aj < 0) {
        aj = 0;
        ai = sum;
      }
      if (sum > C) {
        if (aj > C) {
          aj = C;
          ai = sum - C;
        }
      } else if (ai < 0) {
        ai = 0;
        aj = sum;
      }
    }
    alpha[i] = ai;
    alpha[j] = aj;
    this.updateSets(i);
    this.updateSets(j);
    // y_t Q_it Δα_i = K_it (y_i Δα_i): the same products as libsvm's G update, signs aside.
    const ci = yi * (ai - oldAi);
    const cj = yj * (aj - oldAj);
    if (n === this.l) {
      this.nextViolator = this.wasm
        ? this.wasm.updateAndFindViolator(Ki, Kj, ci, cj, n)
        : updateAndFindViolator(F, Ki, Kj, ci, cj, this.up, n);
    } else {
      for (let p = 0; p < n; p++) {
        const t = act[p]!;
        F[t] = F[t]! + Ki[t]! * ci + Kj[t]! * cj;
      }
    }
    if (this.Fbar) {
      this.boundChanged(i, oldAi >= C, ai >= C);
      this.boundChanged(j, oldAj >= C, aj >= C);
    }
  }

  private boundChanged(i: number, wasUpper: boolean, isUpper: boolean): void {
    if (wasUpper === isUpper) return;
    const Fbar = this.Fbar!;
    const Ki = this.Q.get(i, this.act, this.activeSize, true);
    const c = (isUpper ? this.C : -this.C) * this.y[i]!;
    for (let t = 0; t < this.l; t++) Fbar[t] = Fbar[t]! + c * Ki[t]!;
  }

  /** libsvm's do_shrinking: drop bounded variables whose gradient keeps them at their bound. */
  private shrink(): void {
    this.nextViolator = -2;
    const { F, up, low, act } = this;
    let Gmax1 = -Infinity; // max of -y_t G_t over I_up
    let Gmax2 = -Infinity; // max of y_t G_t over I_low
    for (let p = 0; p < this.activeSize; p++) {
      const t = act[p]!;
      if (up[t] === 1 && -F[t]! >= Gmax1) Gmax1 = -F[t]!;
      if (low[t] === 1 && F[t]! >= Gmax2) Gmax2 = F[t]!;
    }
    if (!this.unshrink && Gmax1 + Gmax2 <= this.eps * 10) {
      // Close to optimal: bring every variable back once, so shrinking decisions made early get a second look.
      this.unshrink = true;
      this.reconstructGradient();
    }
    for (let p = 0; p < this.activeSize; p++) {
      if (!this.beShrunk(act[p]!, Gmax1, Gmax2)) continue;
      this.activeSize--;
      while (this.activeSize > p) {
        const last = act[this.activeSize]!;
        if (!this.beShrunk(last, Gmax1, Gmax2)) {
          act[this.activeSize] = act[p]!;
          act[p] = last;
          break;
        }
        this.activeSize--;
      }
    }
  }

  /** A bounded variable (in only one of I_up, I_low) whose violation is beyond the current extremes. */
  private beShrunk(t: number, Gmax1: number, Gmax2: number): boolean {
    const inUp = this.up[t] === 1;
    if (inUp === (this.low[t] === 1)) return false;
    const f = this.F[t]!;
    return inUp ? f > Gmax2 : -f > Gmax1;
  }

  /** Gradient of the shrunk variables from G_bar and the free ones, then every variable active again. */
  private reconstructGradient(): void {
    this.nextViolator = -2;
    const l = this.l;
    const n = this.activeSize;
    if (n === l) return;
    const { y, F, alpha, act, C } = this;
    const Fbar = this.Fbar!;
    for (let p = n; p < l; p++) {
      const t = act[p]!;
      F[t] = Fbar[t]! - y[t]!;
    }
    let nFree = 0;
    for (let p = 0; p < n; p++) {
      const a = alpha[act[p]!]!;
      if (a > 0 && a < C) nFree++;
    }
    if (nFree * l > 2 * n * (l - n)) {
      // Few shrunk rows: one partial column per shrunk row (K is symmetric).
      for (let p = n; p < l; p++) {
        const i = act[p]!;
        const Ki = this.Q.get(i, act, n, false);
        let f = F[i]!;
        for (let q = 0; q < n; q++) {
          const t = act[q]!;
          const a = alpha[t]!;
          if (a > 0 && a < C) f += y[t]! * a * Ki[t]!;
        }
        F[i] = f;
      }
    } else {
      for (let q = 0; q < n; q++) {
        const i = act[q]!;
        const a = alpha[i]!;
        if (!(a > 0 && a < C)) continue;
        const Ki = this.Q.get(i, act, n, true);
        const c = y[i]! * a;
        for (let p = n; p < l; p++) {
          const t = act[p]!;
          F[t] = F[t]! + c * Ki[t]!;
        }
      }
    }
    this.activeSize = l;
    this.Q.activeSetGrown();
  }

  solution(iterations: number): BinarySolution {
    const { l, y, F, alpha, C } = this;
    // rho: average of y·G over free vectors, else the middle of the feasible interval.
    let ub = Infinity;
    let lb = -Infinity;
    let sumFree = 0;
    let nFree = 0;
    for (let t = 0; t < l; t++) {
      const yG = F[t]!;
      if (alpha[t]! >= C) {
        if (y[t] === -1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else if (alpha[t]! <= 0) {
        if (y[t] === 1) ub = Math.min(ub, yG);
        else lb = Math.max(lb, yG);
      } else {
        nFree++;
        sumFree += yG;
      }
    }
    const rho = nFree > 0 ? sumFree / nFree : (ub + lb) / 2;

    let nSv = 0;
    for (let t = 0; t < l; t++) if (alpha[t]! > 0) nSv++;
    const support = new Int32Array(nSv);
    const coef = new Float64Array(nSv);
    for (let t = 0, s = 0; t < l; t++) {
      if (alpha[t]! > 0) {
        support[s] = t;
        coef[s++] = y[t]! * alpha[t]!;
      }
    }
    // In-sample decision values come free from the gradient: G = Qα - 1, so f(x_t) = y_t (G_t + 1) - rho.
    const decision = new Float64Array(l);
    for (let t = 0; t < l; t++) decision[t] = F[t]! + y[t]! - rho;
    return { support, coef, rho, iterations, decision };
  }
}

/**
 * The last index of the largest -F_t over rows t < n with up_t = 1, or -1: the pass SmoWorkspace.maxViolator does
 * in WebAssembly.
 */
export function maxViolator(F: Float64Array, up: Uint8Array, n: number): number {
  let Gmax = -Infinity;
  let i = -1;
  for (let t = 0; t < n; t++) {
    if (up[t] === 1 && -F[t]! >= Gmax) {
      Gmax = -F[t]!;
      i = t;
    }
  }
  return i;
}

/**
 * WSS3's partner over rows t < n with low_t = 1: the last t of the smallest -(Gmax + F_t)² / quad_t among those
 * with Gmax + F_t > 0, or -1; writes the largest F_t over I_low into gmax2[0]. SmoWorkspace.partner in WebAssembly.
 */
export function secondOrderPartner(
  F: Float64Array,
  low: Uint8Array,
  QD: Float64Array,
  Ki: Float32Array,
  n: number,
  Gmax: number,
  QDi: number,
  gmax2: Float64Array,
): number {
  let Gmax2 = -Infinity;
  let j = -1;
  let objMin = Infinity;
  for (let t = 0; t < n; t++) {
    if (low[t] === 1) {
      const f = F[t]!;
      if (f >= Gmax2) Gmax2 = f;
      const diff = Gmax + f;
      if (diff > 0) {
        const quad = QDi + QD[t]! - 2 * Ki[t]!;
        const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
        if (obj <= objMin) {
          objMin = obj;
          j = t;
        }
      }
    }
  }
  gmax2[0] = Gmax2;
  return j;
}

/**
 * F += Ki·ci + Kj·cj over rows [0, n), and in the same pass maxViolator's search on the updated values (the last
 * index of the largest -F_t in I_up, -1 if none): one pass over the rows instead of two, the same result.
 */
export function updateAndFindViolator(
  F: Float64Array,
  Ki: Float32Array,
  Kj: Float32Array,
  ci: number,
  cj: number,
  up: Uint8Array,
  n: number,
): number {
  let Gmax = -Infinity;
  let i = -1;
  for (let t = 0; t < n; t++) {
    const f = F[t]! + Ki[t]! * ci + Kj[t]! * cj;
    F[t] = f;
    if (up[t] === 1 && -f >= Gmax) {
      Gmax = -f;
      i = t;
    }
  }
  return i;
}
