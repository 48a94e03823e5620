import { describe, expect, it } from "vitest";
import { loadDigits, loadIris, makeBlobs } from "../datasets/index.js";
import { MlInputError } from "../errors.js";
import type { Estimator, SerializedModel } from "../estimator.js";
import { takeLabels, takeRows, type Labels, type Matrix } from "../matrix.js";
import { accuracy } from "../metrics.js";
import { trainTestSplit } from "../model-selection.js";
import { createEstimator, estimatorFromJSON } from "../registry.js";

interface Case {
  algorithm: string;
  params: Record<string, unknown>;
  /** Minimum held-out accuracy on blobs, iris and digits. */
  blobs: number;
  iris: number;
  digits: number;
}

const CASES: Case[] = [
  { algorithm: "gradient_boosting", params: { n_estimators: 30 }, blobs: 0.9, iris: 0.9, digits: 0.9 },
  { algorithm: "random_forest", params: { n_estimators: 30 }, blobs: 0.9, iris: 0.9, digits: 0.93 },
  { algorithm: "logistic_regression", params: {}, blobs: 0.9, iris: 0.9, digits: 0.93 },
  { algorithm: "svm", params: {}, blobs: 0.9, iris: 0.9, digits: 0.95 },
  { algorithm: "knn", params: {}, blobs: 0.9, iris: 0.9, digits: 0.95 },
  { algorithm: "naive_bayes", params: {}, blobs: 0.9, iris: 0.9, digits: 0.75 },
];

function split(X: Matrix, y: Labels): { Xtr: Matrix; ytr: Labels; Xte: Matrix; yte: Labels } {
  const s = trainTestSplit(y, { testFraction: 0.25, seed: 0 });
  return {
    Xtr: takeRows(X, s.train),
    ytr: takeLabels(y, s.train),
    Xte: takeRows(X, s.test),
    yte: takeLabels(y, s.test),
  };
}

function heldOut(model: Estimator, X: Matrix, y: Labels): { acc: number; model: Estimator; Xte: Matrix } {
  const { Xtr, ytr, Xte, yte } = split(X, y);
  model.fit(Xtr, ytr);
  return { acc: accuracy(yte, model.predict(Xte)), model, Xte };
}

const blobs = makeBlobs({ rows: 600, features: 5, classes: 3, separation: 3, seed: 1 });
const iris = loadIris();
const digits = loadDigits();

describe.each(CASES)("$algorithm", (c) => {
  it("reaches a sensible accuracy on blobs, iris and digits", () => {
    expect(heldOut(createEstimator(c.algorithm, c.params), blobs.X, blobs.y).acc).toBeGreaterThanOrEqual(c.blobs);
    expect(heldOut(createEstimator(c.algorithm, c.params), iris.X, iris.y).acc).toBeGreaterThanOrEqual(c.iris);
    expect(heldOut(createEstimator(c.algorithm, c.params), digits.X, digits.y).acc).toBeGreaterThanOrEqual(c.digits);
  });

  it("toJSON/fromJSON predicts bit-for-bit identically, and refits identically", () => {
    const { model, Xte } = heldOut(createEstimator(c.algorithm, c.params), iris.X, iris.y);
    const json = JSON.parse(JSON.stringify(model.toJSON())) as SerializedModel;
    const restored = estimatorFromJSON(json);
    expect(restored.predictProba(Xte).data).toEqual(model.predictProba(Xte).data);
    expect(restored.predict(Xte)).toEqual(model.predict(Xte));
    const again = heldOut(createEstimator(c.algorithm, c.params), iris.X, iris.y).model;
    expect(again.toJSON()).toEqual(model.toJSON());
  });

  it("returns probabilities that sum to 1 per row", () => {
    const { model, Xte } = heldOut(createEstimator(c.algorithm, c.params), blobs.X, blobs.y);
    const P = model.predictProba(Xte);
    expect(P.cols).toBe(3);
    for (let i = 0; i < P.rows; i++) {
      const s = P.data[i * 3]! + P.data[i * 3 + 1]! + P.data[i * 3 + 2]!;
      expect(s).toBeCloseTo(1, 9);
    }
  });

  it("rejects bad input before training", () => {
    const model = createEstimator(c.algorithm, c.params);
    const X = { rows: 4, cols: 2, data: Float64Array.from([0, 1, 2, NaN, 4, 5, 6, 7]) };
    expect(() => model.fit(X, Int32Array.from([0, 1, 0, 1]))).toThrow(
      /^X\[1,1\]: feature values must be finite, got NaN/,
    );
    const inf = { rows: 2, cols: 1, data: Float64Array.from([0, Infinity]) };
    expect(() => model.fit(inf, Int32Array.from([0, 1]))).toThrow(MlInputError);
    const ok = { rows: 4, cols: 1, data: Float64Array.from([0, 1, 2, 3]) };
    expect(() => model.fit(ok, Int32Array.from([1, 1, 1, 1]))).toThrow(/^y: the target has a single class/);
    expect(() => model.fit(ok, Int32Array.from([0, 1]))).toThrow(/^y: has 2 labels for 4 rows/);
    expect(() => model.predict(ok)).toThrow();
  });
});

describe("seeded estimators", () => {
  it("same seed gives the same model, another seed a different one", () => {
    for (const algorithm of ["random_forest", "gradient_boosting"]) {
      const params = { n_estimators: 10, early_stopping: true, seed: 3 };
      const p = algorithm === "random_forest" ? { n_estimators: 10, seed: 3 } : params;
      const a = createEstimator(algorithm, p).fit(blobs.X, blobs.y).toJSON();
      const b = createEstimator(algorithm, p).fit(blobs.X, blobs.y).toJSON();
      const other = createEstimator(algorithm, { ...p, seed: 4 })
        .fit(blobs.X, blobs.y)
        .toJSON();
      expect(b).toEqual(a);
      expect(other.state).not.toEqual(a.state);
    }
  });

  it("gradient boosting stops early when the validation loss stalls", () => {
    const gb = createEstimator("gradient_boosting", {
      n_estimators: 500,
      early_stopping: true,
      n_iter_no_change: 3,
      learning_rate: 0.5,
    });
    const seen: number[] = [];
    gb.fit(blobs.X, blobs.y, { onProgress: (p) => seen.push(p.score ?? NaN) });
    expect(seen.length).toBeLessThan(500);
    expect(seen.every((s) => Number.isFinite(s))).toBe(true);
  });

  it("binary problems use one tree per iteration and still give two probability columns", () => {
    const two = makeBlobs({ rows: 200, features: 3, classes: 2, separation: 6, seed: 5 });
    const gb = createEstimator("gradient_boosting", { n_estimators: 20 }).fit(two.X, two.y);
    expect(gb.predictProba(two.X).cols).toBe(2);
    expect(accuracy(two.y, gb.predict(two.X))).toBeGreaterThan(0.9);
  });

  it("fit stops with the signal's reason when aborted", () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => createEstimator("gradient_boosting").fit(blobs.X, blobs.y, { signal: controller.signal })).toThrow(
      /abort/i,
    );
  });
});
