import { describe, expect, it } from "vitest";
import { accuracy, averagedScores, confusionMatrix, logLoss, perClassScores, rocAuc } from "./metrics.js";

const yTrue = Int32Array.from([0, 0, 1, 1, 2, 2]);
const yPred = Int32Array.from([0, 1, 1, 1, 2, 0]);

describe("metrics", () => {
  it("accuracy and confusion matrix", () => {
    expect(accuracy(yTrue, yPred)).toBe(4 / 6);
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it("precision, recall, F1 per class, macro and weighted (hand-computed)", () => {
    const s = perClassScores(yTrue, yPred, 3);
    // class 0: tp 1, predicted 2, actual 2; class 1: tp 2, predicted 3, actual 2; class 2: tp 1, predicted 1, actual 2
    expect(s.precision).toEqual([1 / 2, 2 / 3, 1]);
    expect(s.recall).toEqual([1 / 2, 1, 1 / 2]);
    expect(s.f1[0]).toBeCloseTo(0.5, 15);
    expect(s.f1[1]).toBeCloseTo(0.8, 15);
    expect(s.f1[2]).toBeCloseTo(2 / 3, 15);
    const macro = averagedScores(yTrue, yPred, 3, "macro");
    expect(macro.precision).toBeCloseTo((1 / 2 + 2 / 3 + 1) / 3, 15);
    expect(macro.recall).toBeCloseTo(2 / 3, 15);
    expect(macro.f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 15);
    // Equal supports: weighted equals macro here; use unequal supports to tell them apart.
    const w = averagedScores(Int32Array.from([0, 0, 0, 1]), Int32Array.from([0, 0, 1, 1]), 2, "weighted");
    // class 0: p 1, r 2/3, f1 0.8 (support 3); class 1: p 1/2, r 1, f1 2/3 (support 1)
    expect(w.precision).toBeCloseTo((3 * 1 + 1 * 0.5) / 4, 15);
    expect(w.recall).toBeCloseTo((3 * (2 / 3) + 1) / 4, 15);
    expect(w.f1).toBeCloseTo((3 * 0.8 + 2 / 3) / 4, 15);
  });

  it("a class never predicted scores 0 precision instead of NaN", () => {
    const s = perClassScores(Int32Array.from([0, 1]), Int32Array.from([0, 0]), 2);
    expect(s.precision[1]).toBe(0);
    expect(s.f1[1]).toBe(0);
  });

  it("binary ROC AUC with ties counts them half", () => {
    const y = Int32Array.from([0, 0, 1, 1]);
    const p = { rows: 4, cols: 2, data: Float64Array.from([0.9, 0.1, 0.6, 0.4, 0.65, 0.35, 0.2, 0.8]) };
    // positive scores 0.35, 0.8; negative 0.1, 0.4 → pairs won: (0.35>0.1), (0.8>0.1), (0.8>0.4) = 3 of 4
    expect(rocAuc(y, p)).toBe(0.75);
    const tied = { rows: 2, cols: 2, data: Float64Array.from([0.5, 0.5, 0.5, 0.5]) };
    expect(rocAuc(Int32Array.from([0, 1]), tied)).toBe(0.5);
  });

  it("multi-class ROC AUC is the macro mean of one-vs-rest AUCs", () => {
    const y = Int32Array.from([0, 1, 2]);
    const perfect = { rows: 3, cols: 3, data: Float64Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]) };
    expect(rocAuc(y, perfect)).toBe(1);
    // class 0 column [0.2, 0.5, 0.3]: its positive loses both pairs → 0
    // class 1 column [0.1, 0.5, 0]: wins both → 1
    // class 2 column [0.7, 0, 0.7]: ties one negative, beats the other → 0.75
    const mixed = { rows: 3, cols: 3, data: Float64Array.from([0.2, 0.1, 0.7, 0.5, 0.5, 0, 0.3, 0, 0.7]) };
    expect(rocAuc(y, mixed)).toBeCloseTo(1.75 / 3, 15);
  });

  it("log loss", () => {
    const y = Int32Array.from([0, 1]);
    const p = { rows: 2, cols: 2, data: Float64Array.from([0.8, 0.2, 0.4, 0.6]) };
    expect(logLoss(y, p)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2, 15);
    const certainWrong = { rows: 1, cols: 2, data: Float64Array.from([1, 0]) };
    expect(logLoss(Int32Array.from([1]), certainWrong)).toBeCloseTo(-Math.log(Number.EPSILON), 10);
  });

  it("rejects mismatched lengths and single-class AUC", () => {
    expect(() => accuracy(Int32Array.from([0]), Int32Array.from([0, 1]))).toThrow(/y:/);
    expect(() => rocAuc(Int32Array.from([1, 1]), { rows: 2, cols: 2, data: new Float64Array(4) })).toThrow(
      /both positive and negative/,
    );
  });
});
