import { kernelRow, rowNorms, type KernelSpec } from "./kernel.js";

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
}

const TAU = 1e-12;

/**
 * Sequential minimal optimisation for the C-SVC dual, following libsvm: second-order working-set selection
 * (Fan, Chen & Lin 2005), gradient updates from two kernel columns per step, an LRU cache of columns
 * (Float32, like libsvm's Qfloat), and rho from the free support vectors.
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
  const l = rows;
  const C = options.C;
  const norms = rowNorms(X, l, d);
  const cache = new ColumnCache(l, options.cacheBytes);
  const kbuf = new Float64Array(l);
  const QD = new Float64Array(l);
  for (let i = 0; i < l; i++) QD[i] = kernel.kind === "rbf" ? 1 : norms[i]!;

  const column = (i: number): Float32Array => {
    let col = cache.get(i);
    if (col) return col;
    col = cache.put(i);
    kernelRow(kernel, X, i, norms[i]!, X, norms, l, d, kbuf);
    const yi = y[i]!;
    for (let j = 0; j < l; j++) col[j] = yi * y[j]! * kbuf[j]!;
    return col;
  };

  const alpha = new Float64Array(l);
  const G = new Float64Array(l).fill(-1);
  let iter = 0;
  for (; iter < options.maxIter; iter++) {
    if ((iter & 1023) === 0) checkAbort();
    // i: the most violating index in I_up.
    let Gmax = -Infinity;
    let i = -1;
    for (let t = 0; t < l; t++) {
      if (y[t] === 1) {
        if (alpha[t]! < C && -G[t]! >= Gmax) {
          Gmax = -G[t]!;
          i = t;
        }
      } else if (alpha[t]! > 0 && G[t]! >= Gmax) {
        Gmax = G[t]!;
        i = t;
      }
    }
    if (i < 0) break;
    const Qi = column(i);
    const yi = y[i]!;
    // j: the index in I_low with the largest second-order decrease of the objective.
    let Gmax2 = -Infinity;
    let j = -1;
    let objMin = Infinity;
    for (let t = 0; t < l; t++) {
      if (y[t] === 1) {
        if (alpha[t]! > 0) {
          const diff = Gmax + G[t]!;
          if (G[t]! >= Gmax2) Gmax2 = G[t]!;
          if (diff > 0) {
            const quad = QD[i]! + QD[t]! - 2 * yi * Qi[t]!;
            const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
            if (obj <= objMin) {
              objMin = obj;
              j = t;
            }
          }
        }
      } else if (alpha[t]! < C) {
        const diff = Gmax - G[t]!;
        if (-G[t]! >= Gmax2) Gmax2 = -G[t]!;
        if (diff > 0) {
          const quad = QD[i]! + QD[t]! + 2 * yi * Qi[t]!;
          const obj = -(diff * diff) / (quad > 0 ? quad : TAU);
          if (obj <= objMin) {
            objMin = obj;
            j = t;
          }
        }
      }
    }
    if (Gmax + Gmax2 < options.tol || j < 0) break;

    const Qj = column(j);
    const oldAi = alpha[i]!;
    const oldAj = alpha[j]!;
    let ai = oldAi;
    let aj = oldAj;
    if (y[i] !== y[j]) {
      let quad = QD[i]! + QD[j]! + 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (-G[i]! - G[j]!) / quad;
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
      let quad = QD[i]! + QD[j]! - 2 * Qi[j]!;
      if (quad <= 0) quad = TAU;
      const delta = (G[i]! - G[j]!) / quad;
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
    const dAi = ai - oldAi;
    const dAj = aj - oldAj;
    for (let t = 0; t < l; t++) G[t] = G[t]! + Qi[t]! * dAi + Qj[t]! * dAj;
  }

  // rho: average of y·G over free vectors, else the middle of the feasible interval.
  let ub = Infinity;
  let lb = -Infinity;
  let sumFree = 0;
  let nFree = 0;
  for (let t = 0; t < l; t++) {
    const yG = y[t]! * G[t]!;
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
  for (let t = 0; t < l; t++) decision[t] = y[t]! * (G[t]! + 1) - rho;
  return { support, coef, rho, iterations: iter, decision };
}

/** Least-recently-used kernel columns within a byte budget (all of them when they fit). */
class ColumnCache {
  private readonly columns = new Map<number, Float32Array>();
  private readonly capacity: number;

  constructor(
    private readonly length: number,
    bytes: number,
  ) {
    this.capacity = Math.max(2, Math.floor(bytes / (4 * Math.max(1, length))));
  }

  get(i: number): Float32Array | undefined {
    const col = this.columns.get(i);
    if (col && this.columns.size >= this.capacity) {
      // Refresh recency only when eviction can happen; Map keeps insertion order.
      this.columns.delete(i);
      this.columns.set(i, col);
    }
    return col;
  }

  put(i: number): Float32Array {
    let col: Float32Array | undefined;
    if (this.columns.size >= this.capacity) {
      const oldest = this.columns.keys().next().value as number;
      col = this.columns.get(oldest);
      this.columns.delete(oldest);
    }
    col ??= new Float32Array(this.length);
    this.columns.set(i, col);
    return col;
  }
}
