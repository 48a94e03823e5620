import { MlInputError } from "./errors.js";
import type { Labels, Matrix } from "./matrix.js";

/** Share of rows where prediction equals truth. */
export function accuracy(yTrue: Labels, yPred: Labels): number {
  checkLengths(yTrue, yPred.length);
  let hit = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hit++;
  return hit / yTrue.length;
}

/** Counts, rows = true class, columns = predicted class (k × k). */
export function confusionMatrix(yTrue: Labels, yPred: Labels, nClasses: number): number[][] {
  checkLengths(yTrue, yPred.length);
  const out = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) out[yTrue[i]!]![yPred[i]!]!++;
  return out;
}

/** Per-class precision, recall, F1 and support; an undefined ratio (0/0) counts as 0, as scikit-learn's default. */
export interface ClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

export function perClassScores(yTrue: Labels, yPred: Labels, nClasses: number): ClassScores {
  const cm = confusionMatrix(yTrue, yPred, nClasses);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  for (let c = 0; c < nClasses; c++) {
    const tp = cm[c]![c]!;
    let predicted = 0;
    let actual = 0;
    for (let k = 0; k < nClasses; k++) {
      predicted += cm[k]![c]!;
      actual += cm[c]![k]!;
    }
    const p = predicted > 0 ? tp / predicted : 0;
    const r = actual > 0 ? tp / actual : 0;
    precision.push(p);
    recall.push(r);
    f1.push(p + r > 0 ? (2 * p * r) / (p + r) : 0);
    support.push(actual);
  }
  return { precision, recall, f1, support };
}

/** Averaged precision/recall/F1: 'macro' over classes present in truth or predictions, 'weighted' by support. */
export function averagedScores(
  yTrue: Labels,
  yPred: Labels,
  nClasses: number,
  average: "macro" | "weighted",
): { precision: number; recall: number; f1: number } {
  const s = perClassScores(yTrue, yPred, nClasses);
  const seen = new Uint8Array(nClasses);
  for (let i = 0; i < yTrue.length; i++) {
    seen[yTrue[i]!] = 1;
    seen[yPred[i]!] = 1;
  }
  let wsum = 0;
  let p = 0;
  let r = 0;
  let f = 0;
  for (let c = 0; c < nClasses; c++) {
    if (!seen[c]) continue;
    const w = average === "weighted" ? s.support[c]! : 1;
    wsum += w;
    p += w * s.precision[c]!;
    r += w * s.recall[c]!;
    f += w * s.f1[c]!;
  }
  return wsum > 0 ? { precision: p / wsum, recall: r / wsum, f1: f / wsum } : { precision: 0, recall: 0, f1: 0 };
}

/**
 * ROC AUC from scores: the probability that a random positive scores above a random negative, ties counting
 * half (the trapezoidal ROC area). Throws when only one class is present.
 */
export function binaryRocAuc(positive: Uint8Array, score: Float64Array): number {
  const n = positive.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += positive[i]!;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) throw new MlInputError("y", "ROC AUC needs both positive and negative rows");
  // Sum of (average) ranks of the positives: Mann–Whitney U.
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]!] === score[order[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) if (positive[order[t]!]) rankSum += avgRank;
    i = j + 1;
  }
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/**
 * ROC AUC of class probabilities (n × k): binary uses column 1; more classes give the unweighted mean of
 * one-vs-rest AUCs over classes present in yTrue (scikit-learn's multi_class='ovr', average='macro').
 */
export function rocAuc(yTrue: Labels, proba: Matrix): number {
  checkLengths(yTrue, proba.rows);
  const k = proba.cols;
  const n = yTrue.length;
  const column = (c: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = proba.data[i * k + c]!;
    return out;
  };
  const isClass = (c: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = yTrue[i] === c ? 1 : 0;
    return out;
  };
  if (k === 2) return binaryRocAuc(isClass(1), column(1));
  let total = 0;
  let used = 0;
  for (let c = 0; c < k; c++) {
    const pos = isClass(c);
    let count = 0;
    for (let i = 0; i < n; i++) count += pos[i]!;
    if (count === 0) continue;
    if (count === n) throw new MlInputError("y", "ROC AUC needs at least two classes in the truth");
    total += binaryRocAuc(pos, column(c));
    used++;
  }
  if (used < 2) throw new MlInputError("y", "ROC AUC needs at least two classes in the truth");
  return total / used;
}

/** Mean negative log-likelihood of the true class; probabilities are clipped to [ε, 1-ε] with ε = 2⁻⁵² (as scikit-learn). */
export function logLoss(yTrue: Labels, proba: Matrix): number {
  checkLengths(yTrue, proba.rows);
  const eps = Number.EPSILON;
  const k = proba.cols;
  let total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const c = yTrue[i]!;
    if (c >= k) throw new MlInputError("y", `class ${c} has no probability column`);
    const p = Math.min(Math.max(proba.data[i * k + c]!, eps), 1 - eps);
    total -= Math.log(p);
  }
  return total / yTrue.length;
}

/** The metrics a training run reports. `rocAuc` is null when it is undefined (a single class in the truth). */
export interface ClassificationReport {
  rows: number;
  accuracy: number;
  precisionMacro: number;
  recallMacro: number;
  f1Macro: number;
  precisionWeighted: number;
  recallWeighted: number;
  f1Weighted: number;
  logLoss: number | null;
  rocAuc: number | null;
  confusion: number[][];
}

/** Every metric at once from truth, predictions and (optionally) probabilities. */
export function classificationReport(
  yTrue: Labels,
  yPred: Labels,
  nClasses: number,
  proba?: Matrix,
): ClassificationReport {
  const macro = averagedScores(yTrue, yPred, nClasses, "macro");
  const weighted = averagedScores(yTrue, yPred, nClasses, "weighted");
  let auc: number | null = null;
  if (proba) {
    try {
      auc = rocAuc(yTrue, proba);
    } catch {
      auc = null;
    }
  }
  return {
    rows: yTrue.length,
    accuracy: accuracy(yTrue, yPred),
    precisionMacro: macro.precision,
    recallMacro: macro.recall,
    f1Macro: macro.f1,
    precisionWeighted: weighted.precision,
    recallWeighted: weighted.recall,
    f1Weighted: weighted.f1,
    logLoss: proba ? logLoss(yTrue, proba) : null,
    rocAuc: auc,
    confusion: confusionMatrix(yTrue, yPred, nClasses),
  };
}

function checkLengths(yTrue: Labels, n: number): void {
  if (yTrue.length !== n) throw new MlInputError("y", `has ${yTrue.length} rows, predictions have ${n}`);
  if (n === 0) throw new MlInputError("y", "no rows to score");
}
