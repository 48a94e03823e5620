import { decodeF64, decodeI32, encodeArray, type EncodedArray } from "../codec.js";
import { throwIfAborted } from "../errors.js";
import type { Estimator, FitOptions, SerializedModel } from "../estimator.js";
import { matrix, type Labels, type Matrix } from "../matrix.js";
import { resolveParams, type ParamsOf } from "../params.js";
import { ClassBlocks } from "../svm/class-blocks.js";
import { kernelRow, rowNorms, type KernelSpec } from "../svm/kernel.js";
import { ColumnArena } from "../svm/kernel-columns.js";
import { couplePairwise, fitPlatt, plattProbability } from "../svm/platt.js";
import { RowDots } from "../svm/row-dots-wasm.js";
import { solveBinarySvc } from "../svm/smo.js";
import { checkFitInput, checkPredictInput } from "../validate.js";

/** Hyperparameters of SVM; kernel, C, gamma and tol mean what they mean in scikit-learn's SVC. */
export const SVM_PARAMS = {
  kernel: {
    type: "enum",
    values: ["rbf", "linear"],
    default: "rbf",
    doc: "Kernel: 'rbf' exp(-gamma‖a-b‖²) or 'linear' a·b.",
  },
  C: { type: "number", default: 1, min: 0, exclusiveMin: true, doc: "Penalty on margin violations." },
  gamma: {
    type: "enumOrNumber",
    values: ["scale"],
    default: "scale",
    min: 0,
    exclusiveMin: true,
    doc: "rbf width; 'scale' is 1 / (features · variance of all training values), as scikit-learn.",
  },
  tol: {
    type: "number",
    default: 1e-3,
    min: 0,
    exclusiveMin: true,
    doc: "Stopping tolerance on the maximal KKT violation.",
  },
  max_iter: {
    type: "int",
    nullable: true,
    default: null,
    min: 1,
    doc: "SMO steps per class pair at most; null for no limit.",
  },
  cache_size: { type: "number", default: 200, min: 1, doc: "Kernel column cache in MB per class pair." },
} as const;

export type SvmParams = ParamsOf<typeof SVM_PARAMS>;

/** Rows predicted per batch with the support vectors in WebAssembly memory. */
const PREDICT_CHUNK_ROWS = 4096;

interface PairModel {
  a: number;
  b: number;
  /** Indices into the support-vector matrix. */
  sv: Int32Array;
  coef: Float64Array;
  rho: number;
  plattA: number;
  plattB: number;
}

interface State {
  nClasses: number;
  nFeatures: number;
  gamma: number;
  /** Support vectors, row-major nSv × d, shared by all pairs. */
  vectors: Float64Array;
  nVectors: number;
  pairs: PairModel[];
}

interface EncodedPair {
  a: number;
  b: number;
  sv: EncodedArray;
  coef: EncodedArray;
  rho: number;
  plattA: number;
  plattB: number;
}

interface EncodedState {
  nClasses: number;
  nFeatures: number;
  gamma: number;
  vectors: EncodedArray;
  nVectors: number;
  pairs: EncodedPair[];
}

/**
 * C-support vector classifier solved by our own SMO (libsvm's algorithm), one-vs-one for several classes.
 * predict takes the majority vote of the pairwise classifiers (ties go to the lower class id), as libsvm.
 * predictProba: each pair's decision values are Platt-scaled with a sigmoid fitted on that pair's
 * training decision values (in-sample, not libsvm's internal 5-fold CV, so it is cheaper and somewhat
 * overconfident), then pairwise probabilities are coupled (Wu, Lin & Weng 2004). Features are used as
 * given: scale them first (the Pipeline does) for rbf.
 */
export class Svm implements Estimator {
  readonly algorithm = "svm" as const;
  readonly params: Readonly<SvmParams>;
  private state: State | null = null;

  constructor(params: Partial<SvmParams> | Record<string, unknown> = {}) {
    this.params = resolveParams(this.algorithm, SVM_PARAMS, params);
  }

  get nClasses(): number {
    return this.state?.nClasses ?? 0;
  }

  /** Number of distinct support vectors. */
  get supportCount(): number {
    return this.state?.nVectors ?? 0;
  }

  fit(X: Matrix, y: Labels, options: FitOptions = {}): this {
    const K = checkFitInput(X, y);
    const p = this.params;
    const d = X.cols;
    const gamma = p.gamma === "scale" ? scaleGamma(X) : p.gamma;
    const kernel: KernelSpec = { kind: p.kernel, gamma };
    const members: number[][] = Array.from({ length: K }, () => []);
    for (let i = 0; i < y.length; i++) members[y[i]!]!.push(i);
    const isSv = new Uint8Array(X.rows);
    const raw: {
      a: number;
      b: number;
      rows: Int32Array;
      support: Int32Array;
      coef: Float64Array;
      rho: number;
      A: number;
      B: number;
    }[] = [];
    const total = (K * (K - 1)) / 2;
    const cacheBytes = p.cache_size * 1024 * 1024;
    // Several pairs: share kernel values between them when all of K fits in the cache budget (digits: 7 MB).
    const blocks = K > 2 && ClassBlocks.bytes(X.rows) <= cacheBytes ? classBlocks(X, members, kernel) : null;
    const arena = new ColumnArena();
    for (let a = 0; a < K; a++) {
      for (let b = a + 1; b < K; b++) {
        throwIfAborted(options.signal);
        // Class a's rows, then class b's, as libsvm groups them: the solver's loops branch on the label, and
        // two runs of labels keep those branches predictable.
        const rows = Int32Array.from([...members[a]!, ...members[b]!]);
        if (members[a]!.length === 0 || members[b]!.length === 0) {
          // A class missing from the training rows never wins its pairs.
          raw.push({
            a,
            b,
            rows,
            support: new Int32Array(0),
            coef: new Float64Array(0),
            rho: members[a]!.length === 0 ? 1 : -1,
            A: 0,
            B: 0,
          });
          continue;
        }
        const l = rows.length;
        // The pair's own copy of its rows, unless the shared blocks hold every kernel value it needs.
        const sub = new Float64Array(blocks ? 0 : l * d);
        const yb = new Int8Array(l);
        for (let r = 0; r < l; r++) {
          const i = rows[r]!;
          if (!blocks) sub.set(X.data.subarray(i * d, i * d + d), r * d);
          yb[r] = y[i] === a ? 1 : -1;
        }
        const sol = solveBinarySvc(
          sub,
          l,
          d,
          yb,
          kernel,
          {
            C: p.C,
            tol: p.tol,
            maxIter: p.max_iter ?? Number.MAX_SAFE_INTEGER,
            cacheBytes,
            // Always the same keys: an options object of another shape would deoptimise the solver between fits.
            shrinking: true,
            simd: true,
            columnSource: blocks ? blocks.pair(a, b) : null,
            arena,
          },
          () => throwIfAborted(options.signal),
        );
        const dec = sol.decision;
        const positive = new Uint8Array(l);
        for (let r = 0; r < l; r++) positive[r] = yb[r] === 1 ? 1 : 0;
        const { A, B } = fitPlatt(dec, positive);
        const support = new Int32Array(sol.support.length);
        for (let s = 0; s < support.length; s++) {
          support[s] = rows[sol.support[s]!]!;
          isSv[support[s]!] = 1;
        }
        raw.push({ a, b, rows, support, coef: sol.coef, rho: sol.rho, A, B });
        options.onProgress?.({ iteration: raw.length, total });
      }
    }
    // Store each support vector once; pairs refer to it by position.
    const position = new Int32Array(X.rows).fill(-1);
    let nVectors = 0;
    for (let i = 0; i < X.rows; i++) if (isSv[i]) position[i] = nVectors++;
    const vectors = new Float64Array(nVectors * d);
    for (let i = 0; i < X.rows; i++) {
      if (isSv[i]) vectors.set(X.data.subarray(i * d, i * d + d), position[i]! * d);
    }
    const pairs: PairModel[] = raw.map((r) => ({
      a: r.a,
      b: r.b,
      sv: r.support.map((i) => position[i]!),
      coef: r.coef,
      rho: r.rho,
      plattA: r.A,
      plattB: r.B,
    }));
    this.state = { nClasses: K, nFeatures: d, gamma, vectors, nVectors, pairs };
    return this;
  }

  /** One-vs-one decision values, n × (k(k-1)/2), pairs ordered (0,1), (0,2), …; positive favours the lower class. */
  decisionFunction(X: Matrix): Matrix {
    const s = this.fitted();
    checkPredictInput(X, s.nFeatures);
    const kernel: KernelSpec = { kind: this.params.kernel, gamma: s.gamma };
    const n = X.rows;
    const d = X.cols;
    const P = s.pairs.length;
    const out = new Float64Array(n * P);
    const norms = rowNorms(s.vectors, s.nVectors, d);
    const xNorms = rowNorms(X.data, n, d);
    const kv = new Float64Array(s.nVectors);
    const nv = s.nVectors;
    // The support vectors and a chunk of rows together in WebAssembly: row nv + i against rows [0, nv) gives K(x_i,
    // every support vector), the values kernelRow computes (scalar code without WebAssembly).
    for (let from = 0; from < n; from += PREDICT_CHUNK_ROWS) {
      const rows = Math.min(PREDICT_CHUNK_ROWS, n - from);
      const both = new Float64Array((nv + rows) * d);
      both.set(s.vectors.subarray(0, nv * d));
      both.set(X.data.subarray(from * d, (from + rows) * d), nv * d);
      const bothNorms = new Float64Array(nv + rows);
      bothNorms.set(norms);
      bothNorms.set(xNorms.subarray(from, from + rows), nv);
      const simd = nv > 0 ? RowDots.create(both, nv + rows, d, kernel, bothNorms) : null;
      for (let r = 0; r < rows; r++) {
        const i = from + r;
        // Kernel values against every support vector once, shared by all pairs.
        const values = simd ? simd.kernelWide(nv + r, 0, nv) : kv;
        if (!simd) kernelRow(kernel, X.data, i, xNorms[i]!, s.vectors, norms, nv, d, kv);
        for (let q = 0; q < P; q++) {
          const pair = s.pairs[q]!;
          let f = -pair.rho;
          const sv = pair.sv;
          const coef = pair.coef;
          for (let t = 0; t < sv.length; t++) f += coef[t]! * values[sv[t]!]!;
          out[i * P + q] = f;
        }
      }
    }
    return matrix(n, P, out);
  }

  predict(X: Matrix): Int32Array {
    const s = this.fitted();
    const dec = this.decisionFunction(X);
    const K = s.nClasses;
    const P = s.pairs.length;
    const votes = new Int32Array(K);
    const out = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      votes.fill(0);
      for (let q = 0; q < P; q++) {
        const pair = s.pairs[q]!;
        votes[dec.data[i * P + q]! > 0 ? pair.a : pair.b]!++;
      }
      let best = 0;
      for (let k = 1; k < K; k++) if (votes[k]! > votes[best]!) best = k;
      out[i] = best;
    }
    return out;
  }

  predictProba(X: Matrix): Matrix {
    const s = this.fitted();
    const dec = this.decisionFunction(X);
    const K = s.nClasses;
    const P = s.pairs.length;
    const out = new Float64Array(X.rows * K);
    const r = new Float64Array(K * K);
    const prob = new Float64Array(K);
    const Q = new Float64Array(K * K);
    const Qp = new Float64Array(K);
    const minP = 1e-7;
    for (let i = 0; i < X.rows; i++) {
      for (let q = 0; q < P; q++) {
        const pair = s.pairs[q]!;
        const pa = Math.min(Math.max(plattProbability(dec.data[i * P + q]!, pair.plattA, pair.plattB), minP), 1 - minP);
        r[pair.a * K + pair.b] = pa;
        r[pair.b * K + pair.a] = 1 - pa;
      }
      if (K === 2) {
        out[i * 2] = r[1]!;
        out[i * 2 + 1] = r[2]!;
        continue;
      }
      couplePairwise(K, r, prob, Q, Qp);
      out.set(prob, i * K);
    }
    return matrix(X.rows, K, out);
  }

  toJSON(): SerializedModel {
    const s = this.fitted();
    const state: EncodedState = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      gamma: s.gamma,
      vectors: encodeArray(s.vectors),
      nVectors: s.nVectors,
      pairs: s.pairs.map((p) => ({
        a: p.a,
        b: p.b,
        sv: encodeArray(p.sv),
        coef: encodeArray(p.coef),
        rho: p.rho,
        plattA: p.plattA,
        plattB: p.plattB,
      })),
    };
    return { format: "millrace.ml/1", algorithm: this.algorithm, params: { ...this.params }, state };
  }

  static fromJSON(json: SerializedModel): Svm {
    const model = new Svm(json.params);
    const s = json.state as EncodedState;
    model.state = {
      nClasses: s.nClasses,
      nFeatures: s.nFeatures,
      gamma: s.gamma,
      vectors: decodeF64(s.vectors),
      nVectors: s.nVectors,
      pairs: s.pairs.map((p) => ({
        a: p.a,
        b: p.b,
        sv: decodeI32(p.sv),
        coef: decodeF64(p.coef),
        rho: p.rho,
        plattA: p.plattA,
        plattB: p.plattB,
      })),
    };
    return model;
  }

  private fitted(): State {
    if (!this.state) throw new Error("Svm: fit the model first");
    return this.state;
  }
}

/** The training rows grouped by class (members' order) for ClassBlocks. */
function classBlocks(X: Matrix, members: number[][], kernel: KernelSpec): ClassBlocks {
  const d = X.cols;
  const grouped = new Float64Array(X.rows * d);
  const start = new Int32Array(members.length + 1);
  let r = 0;
  for (let c = 0; c < members.length; c++) {
    start[c] = r;
    for (const i of members[c]!) grouped.set(X.data.subarray(i * d, i * d + d), d * r++);
  }
  start[members.length] = r;
  return new ClassBlocks(grouped, X.rows, d, kernel, start);
}

/** scikit-learn's gamma='scale': 1 / (n_features · Var(all values of X)); 1 when X is constant. */
export function scaleGamma(X: Matrix): number {
  const data = X.data;
  let mean = 0;
  for (let i = 0; i < data.length; i++) mean += data[i]!;
  mean /= data.length;
  let v = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i]! - mean;
    v += c * c;
  }
  v /= data.length;
  return v > 0 ? 1 / (X.cols * v) : 1;
}
