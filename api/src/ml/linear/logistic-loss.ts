import type { Labels } from "../matrix.js";
import { expNonPositive } from "../wasm/exp.js";
import type { SoftmaxKernels } from "./softmax-kernels-wasm.js";

/** Data and scratch of one logistic-regression fit, on standardised features. */
export interface LossProblem {
  Z: Float64Array;
  y: Labels;
  n: number;
  d: number;
  /** 1 (binomial, one score per row) or the number of classes (multinomial softmax). */
  width: number;
  fitIntercept: boolean;
  lambda: number;
  /** n × width scratch: the linear scores, then the residuals p - y. */
  R: Float64Array;
  /** The multinomial products in WebAssembly SIMD (same sums), or null for the scalar code here. */
  kernels: SoftmaxKernels | null;
}

// Top-level functions, not closures per fit: V8 then keeps one optimised version across fits. The two dense
// products (scores = Z·Wᵀ and gradient = Rᵀ·Z) are register-blocked: each weight or feature loaded feeds several
// multiply-adds, which is what bounds a scalar loop in V8 (measured 1.8× faster than a row at a time on digits).
//
// Every function below runs all of its code on every call whatever n and the class count: V8 compiles a hot loop
// on the spot (on-stack replacement) with the type feedback gathered so far, and code that had not run yet (a
// remainder loop after the blocked one, the binomial branch after multinomial fits, an odd class) throws the
// optimised function away when it first runs. That cost ~30 ms on breast_cancer's 1 ms fit after a digits fit.
// So the rows past the last block of four go first, the binomial and multinomial losses are separate functions,
// and an odd last class goes through the paired code with itself as partner.

/** Mean log-loss plus the L2 penalty at w; writes the gradient into grad. */
export function logLossAndGradient(pr: LossProblem, w: Float64Array, grad: Float64Array): number {
  if (pr.kernels) return wasmSoftmaxLoss(pr, pr.kernels, w, grad);
  const { Z, n, d, width, fitIntercept, lambda, R } = pr;
  const nW = width * d;
  let loss: number;
  if (width === 1) {
    binaryScores(Z, w, n, d, fitIntercept ? nW : -1, R);
    loss = binaryResiduals(pr.y, n, R);
    binaryGradient(Z, R, n, d, grad);
  } else {
    linearScores(Z, w, n, d, width, fitIntercept ? nW : -1, R);
    loss = softmaxResiduals(pr.y, n, width, width, R);
    residualGradient(Z, R, n, d, width, grad);
  }
  let penalty = 0;
  for (let q = 0; q < nW; q++) {
    penalty += w[q]! * w[q]!;
    grad[q] = grad[q]! / n + lambda * w[q]!;
  }
  for (let k = 0; k < width; k++) {
    let g = 0;
    if (fitIntercept) for (let i = 0; i < n; i++) g += R[i * width + k]!;
    grad[nW + k] = g / n;
  }
  return loss / n + 0.5 * lambda * penalty;
}

/** Sum of binomial log-losses of the scores in R; R becomes sigmoid(score) - y. */
function binaryResiduals(y: Labels, n: number, R: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const s = R[i]!;
    const yi = y[i]!;
    loss += (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s))) - yi * s;
    R[i] = 1 / (1 + Math.exp(-s)) - yi;
  }
  return loss;
}

/**
 * logLossAndGradient of a multinomial problem with the products in WebAssembly: the weights go to the kernels'
 * feature-major layout, the scores come back with Kp columns per row.
 */
function wasmSoftmaxLoss(pr: LossProblem, kern: SoftmaxKernels, w: Float64Array, grad: Float64Array): number {
  const { n, d, width, fitIntercept, lambda } = pr;
  kern.claim();
  const { WT, bias, S, GT, Kp } = kern;
  const nW = width * d;
  for (let k = 0; k < width; k++) {
    for (let j = 0; j < d; j++) WT[j * Kp + k] = w[k * d + j]!;
    bias[k] = fitIntercept ? w[nW + k]! : 0;
  }
  kern.scores();
  kern.residuals();
  const { sums, eY } = kern;
  let loss = 0;
  for (let i = 0; i < n; i++) loss += Math.log(sums[i]!) - Math.log(eY[i]!);
  kern.gradient();
  let penalty = 0;
  for (let k = 0; k < width; k++) {
    for (let j = 0; j < d; j++) {
      const q = k * d + j;
      penalty += w[q]! * w[q]!;
      grad[q] = GT[j * Kp + k]! / n + lambda * w[q]!;
    }
    let g = 0;
    if (fitIntercept) for (let i = 0; i < n; i++) g += S[i * Kp + k]!;
    grad[nW + k] = g / n;
  }
  return loss / n + 0.5 * lambda * penalty;
}

/**
 * Sum of softmax log-losses of the n × width scores in R (rows `stride` apart); R becomes softmax - one-hot(y).
 * The operations of the WebAssembly kernel (softmax-kernels-wasm.ts): our exp, and the sum of a row's terms as
 * even classes plus odd classes.
 */
function softmaxResiduals(y: Labels, n: number, width: number, stride: number, R: Float64Array): number {
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    const yi = y[i]!;
    let max = R[o]!;
    for (let k = 1; k < width; k++) if (R[o + k]! > max) max = R[o + k]!;
    let even = 0;
    let odd = 0;
    for (let k = 0; k < width; k++) {
      const e = expNonPositive(R[o + k]! - max);
      R[o + k] = e;
      if ((k & 1) === 0) even += e;
      else odd += e;
    }
    const sum = even + odd;
    loss += Math.log(sum) - Math.log(R[o + yi]!);
    const inv = 1 / sum;
    for (let k = 0; k < width; k++) R[o + k] = R[o + k]! * inv;
    R[o + yi] = R[o + yi]! - 1;
  }
  return loss;
}

/** out[i, k] = Σⱼ Z[i, j]·w[k, j] (+ w[bias + k] when bias ≥ 0), four rows by two classes at a time. */
function linearScores(
  Z: Float64Array,
  w: Float64Array,
  n: number,
  d: number,
  width: number,
  bias: number,
  out: Float64Array,
): void {
  const blocked = n - (n % 4);
  for (let i = blocked; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < width; k++) {
      const a = k * d;
      let s = bias >= 0 ? w[bias + k]! : 0;
      for (let j = 0; j < d; j++) s += Z[o + j]! * w[a + j]!;
      out[i * width + k] = s;
    }
  }
  for (let i = 0; i < blocked; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    const q = i * width;
    for (let k = 0; k < width; k += 2) {
      // An odd last class is paired with itself: its score is stored twice, the same value.
      const kb = k + 1 < width ? k + 1 : k;
      const a = k * d;
      const b = kb * d;
      let s0a = 0;
      let s0b = 0;
      let s1a = 0;
      let s1b = 0;
      let s2a = 0;
      let s2b = 0;
      let s3a = 0;
      let s3b = 0;
      for (let j = 0; j < d; j++) {
        const wa = w[a + j]!;
        const wb = w[b + j]!;
        const z0 = Z[o0 + j]!;
        const z1 = Z[o1 + j]!;
        const z2 = Z[o2 + j]!;
        const z3 = Z[o3 + j]!;
        s0a += z0 * wa;
        s0b += z0 * wb;
        s1a += z1 * wa;
        s1b += z1 * wb;
        s2a += z2 * wa;
        s2b += z2 * wb;
        s3a += z3 * wa;
        s3b += z3 * wb;
      }
      const ba = bias >= 0 ? w[bias + k]! : 0;
      const bb = bias >= 0 ? w[bias + kb]! : 0;
      out[q + k] = s0a + ba;
      out[q + kb] = s0b + bb;
      out[q + width + k] = s1a + ba;
      out[q + width + kb] = s1b + bb;
      out[q + 2 * width + k] = s2a + ba;
      out[q + 2 * width + kb] = s2b + bb;
      out[q + 3 * width + k] = s3a + ba;
      out[q + 3 * width + kb] = s3b + bb;
    }
  }
}

/**
 * grad[k, j] = Σᵢ R[i, k]·Z[i, j], four rows by two classes at a time: each gradient entry is loaded and stored
 * once per four rows, each feature value loaded once per two classes.
 */
function residualGradient(Z: Float64Array, R: Float64Array, n: number, d: number, width: number, grad: Float64Array) {
  grad.fill(0);
  const blocked = n - (n % 4);
  for (let i = blocked; i < n; i++) {
    const o = i * d;
    for (let k = 0; k < width; k++) {
      const rk = R[i * width + k]!;
      const a = k * d;
      for (let j = 0; j < d; j++) grad[a + j] = grad[a + j]! + rk * Z[o + j]!;
    }
  }
  for (let i = 0; i < blocked; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    const q = i * width;
    for (let k = 0; k < width; k += 2) {
      // An odd last class is paired with itself and a zero residual, which adds nothing to its row.
      const kb = k + 1 < width ? k + 1 : k;
      const mb = kb === k ? 0 : 1;
      const r0a = R[q + k]!;
      const r1a = R[q + width + k]!;
      const r2a = R[q + 2 * width + k]!;
      const r3a = R[q + 3 * width + k]!;
      const r0b = R[q + kb]! * mb;
      const r1b = R[q + width + kb]! * mb;
      const r2b = R[q + 2 * width + kb]! * mb;
      const r3b = R[q + 3 * width + kb]! * mb;
      const a = k * d;
      const b = kb * d;
      for (let j = 0; j < d; j++) {
        const z0 = Z[o0 + j]!;
        const z1 = Z[o1 + j]!;
        const z2 = Z[o2 + j]!;
        const z3 = Z[o3 + j]!;
        grad[a + j] = grad[a + j]! + r0a * z0 + r1a * z1 + r2a * z2 + r3a * z3;
        grad[b + j] = grad[b + j]! + r0b * z0 + r1b * z1 + r2b * z2 + r3b * z3;
      }
    }
  }
}

/** out[i] = Σⱼ Z[i, j]·w[j] (+ w[bias] when bias ≥ 0), four rows at a time. */
function binaryScores(Z: Float64Array, w: Float64Array, n: number, d: number, bias: number, out: Float64Array): void {
  const b0 = bias >= 0 ? w[bias]! : 0;
  const blocked = n - (n % 4);
  for (let i = blocked; i < n; i++) {
    const o = i * d;
    let s = b0;
    for (let j = 0; j < d; j++) s += Z[o + j]! * w[j]!;
    out[i] = s;
  }
  for (let i = 0; i < blocked; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let j = 0; j < d; j++) {
      const wj = w[j]!;
      s0 += Z[o0 + j]! * wj;
      s1 += Z[o1 + j]! * wj;
      s2 += Z[o2 + j]! * wj;
      s3 += Z[o3 + j]! * wj;
    }
    out[i] = s0 + b0;
    out[i + 1] = s1 + b0;
    out[i + 2] = s2 + b0;
    out[i + 3] = s3 + b0;
  }
}

/** grad[j] = Σᵢ R[i]·Z[i, j], four rows at a time. */
function binaryGradient(Z: Float64Array, R: Float64Array, n: number, d: number, grad: Float64Array): void {
  grad.fill(0);
  const blocked = n - (n % 4);
  for (let i = blocked; i < n; i++) {
    const o = i * d;
    const r = R[i]!;
    for (let j = 0; j < d; j++) grad[j] = grad[j]! + r * Z[o + j]!;
  }
  for (let i = 0; i < blocked; i += 4) {
    const o0 = i * d;
    const o1 = o0 + d;
    const o2 = o1 + d;
    const o3 = o2 + d;
    const r0 = R[i]!;
    const r1 = R[i + 1]!;
    const r2 = R[i + 2]!;
    const r3 = R[i + 3]!;
    for (let j = 0; j < d; j++) {
      grad[j] = grad[j]! + r0 * Z[o0 + j]! + r1 * Z[o1 + j]! + r2 * Z[o2 + j]! + r3 * Z[o3 + j]!;
    }
  }
}
