/**
 * Platt scaling: fits P(y=+1 | f) = 1 / (1 + exp(A f + B)) by Newton's method with backtracking,
 * using the regularised targets of Platt (1999) as in Lin, Lin & Weng (2007) / libsvm's sigmoid_train.
 */
export function fitPlatt(dec: Float64Array, positive: Uint8Array): { A: number; B: number } {
  const l = dec.length;
  let prior1 = 0;
  for (let i = 0; i < l; i++) prior1 += positive[i]!;
  const prior0 = l - prior1;
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = new Float64Array(l);
  for (let i = 0; i < l; i++) t[i] = positive[i] ? hiTarget : loTarget;
  let A = 0;
  let B = Math.log((prior0 + 1) / (prior1 + 1));
  const sigma = 1e-12;
  // exp(-|A f + B|) of every row at the current point, kept from the objective for the next Newton step (the same
  // value the step would compute), and the same at the point being tried.
  let E = new Float64Array(l);
  let trialE = new Float64Array(l);
  let fval = plattObjective(dec, t, A, B, E);
  for (let iter = 0; iter < 100; iter++) {
    let h11 = sigma;
    let h22 = sigma;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < l; i++) {
      const fApB = dec[i]! * A + B;
      const e = E[i]!;
      const p = fApB >= 0 ? e / (1 + e) : 1 / (1 + e);
      const q = fApB >= 0 ? 1 / (1 + e) : e / (1 + e);
      const d2 = p * q;
      h11 += dec[i]! * dec[i]! * d2;
      h22 += d2;
      h21 += dec[i]! * d2;
      const d1 = t[i]! - p;
      g1 += dec[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    let moved = false;
    while (step >= 1e-10) {
      const newA = A + step * dA;
      const newB = B + step * dB;
      const newf = plattObjective(dec, t, newA, newB, trialE);
      if (newf < fval + 1e-4 * step * gd) {
        A = newA;
        B = newB;
        fval = newf;
        const kept = E;
        E = trialE;
        trialE = kept;
        moved = true;
        break;
      }
      step /= 2;
    }
    if (!moved) break;
  }
  return { A, B };
}

/** Platt's regularised log-loss at (a, b); writes exp(-|a f + b|) of every row into E (one exp per row). */
function plattObjective(dec: Float64Array, t: Float64Array, a: number, b: number, E: Float64Array): number {
  let f = 0;
  for (let i = 0; i < dec.length; i++) {
    const fApB = dec[i]! * a + b;
    const e = Math.exp(fApB >= 0 ? -fApB : fApB);
    E[i] = e;
    f += fApB >= 0 ? t[i]! * fApB + Math.log1p(e) : (t[i]! - 1) * fApB + Math.log1p(e);
  }
  return f;
}

/** Platt probability of the positive side for decision value f. */
export function plattProbability(f: number, A: number, B: number): number {
  const fApB = f * A + B;
  return fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
}

/**
 * Class probabilities from pairwise ones (Wu, Lin & Weng 2004, method 2, as libsvm's multiclass_probability).
 * r[i * k + j] is P(class i | i or j). Writes k probabilities into out.
 */
export function couplePairwise(k: number, r: Float64Array, out: Float64Array, Q: Float64Array, Qp: Float64Array): void {
  const maxIter = Math.max(100, k);
  const eps = 0.005 / k;
  for (let t = 0; t < k; t++) {
    out[t] = 1 / k;
    let qtt = 0;
    for (let j = 0; j < k; j++) {
      if (j === t) continue;
      qtt += r[j * k + t]! * r[j * k + t]!;
      Q[t * k + j] = -r[j * k + t]! * r[t * k + j]!;
    }
    Q[t * k + t] = qtt;
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let pQp = 0;
    for (let t = 0; t < k; t++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += Q[t * k + j]! * out[j]!;
      Qp[t] = s;
      pQp += out[t]! * s;
    }
    let maxError = 0;
    for (let t = 0; t < k; t++) maxError = Math.max(maxError, Math.abs(Qp[t]! - pQp));
    if (maxError < eps) break;
    for (let t = 0; t < k; t++) {
      const diff = (-Qp[t]! + pQp) / Q[t * k + t]!;
      out[t] = out[t]! + diff;
      pQp = (pQp + diff * (diff * Q[t * k + t]! + 2 * Qp[t]!)) / (1 + diff) / (1 + diff);
      for (let j = 0; j < k; j++) {
        Qp[j] = (Qp[j]! + diff * Q[t * k + j]!) / (1 + diff);
        out[j] = out[j]! / (1 + diff);
      }
    }
  }
}
