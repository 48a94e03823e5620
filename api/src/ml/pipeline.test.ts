import { describe, expect, it } from "vitest";
import { loadIrisTable } from "./datasets/index.js";
import { cvScore, testScore } from "./evaluation.js";
import { Pipeline, type SerializedPipeline } from "./pipeline.js";
import { Preprocessor } from "./preprocessing.js";
import { createEstimator } from "./registry.js";

const table = {
  size: [1, 2, null, 4, 5, 6, 7, 8],
  colour: ["red", "blue", "red", null, "green", "blue", "red", "red"],
  label: ["yes", "no", "yes", "no", "yes", "no", "yes", "no"],
};

describe("preprocessing", () => {
  it("encodes labels, imputes the mean and the mode, one-hots strings", () => {
    const { pre, X, y } = Preprocessor.fit(table, { target: "label" });
    expect(pre.classes).toEqual(["no", "yes"]);
    expect(Array.from(y)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expect(pre.featureNames).toEqual(["size", "colour=blue", "colour=green", "colour=red"]);
    // Row 2: size missing → mean of the 7 known values (33/7); row 3: colour missing → mode "red".
    expect(Array.from(X.data.subarray(8, 16))).toEqual([33 / 7, 0, 0, 1, 4, 0, 0, 1]);
    // An unseen category encodes as all zeros.
    const Z = pre.transform({ size: [1], colour: ["purple"], label: ["yes"] });
    expect(Array.from(Z.data)).toEqual([1, 0, 0, 0]);
  });

  it("standardises numeric columns when asked", () => {
    const { X } = Preprocessor.fit({ a: [1, 2, 3], t: ["x", "y", "x"] }, { target: "t", scale: true });
    const s = Math.sqrt(2 / 3);
    expect(Array.from(X.data)).toEqual([-1 / s, 0, 1 / s]);
  });

  it("rejects a missing target, a single class, Infinity and empty columns", () => {
    expect(() => Preprocessor.fit({ a: [1, 2], t: ["x", null] }, { target: "t" })).toThrow(
      /^target: row 1 has no value/,
    );
    expect(() => Preprocessor.fit({ a: [1, 2], t: ["x", "x"] }, { target: "t" })).toThrow(
      /^target: "t" has a single class/,
    );
    expect(() => Preprocessor.fit({ a: [1, 2] }, { target: "t" })).toThrow(/^target: column "t" not found/);
    expect(() => Preprocessor.fit({ a: [1, Infinity], t: ["x", "y"] }, { target: "t" })).toThrow(/^a: /);
    expect(() => Preprocessor.fit({ a: [1, "Infinity"], t: ["x", "y"] }, { target: "t" })).toThrow(/^a: /);
    expect(() => Preprocessor.fit({ a: [null, null], t: ["x", "y"] }, { target: "t" })).toThrow(/^a: has no values/);
  });
});

describe("Pipeline", () => {
  it("fits on a table, predicts original labels and round-trips through JSON", () => {
    const iris = loadIrisTable();
    for (const algorithm of ["svm", "random_forest", "logistic_regression"]) {
      const p = Pipeline.fit(iris, {
        algorithm,
        target: "species",
        params: algorithm === "random_forest" ? { n_estimators: 20 } : {},
      });
      const labels = p.predict(iris);
      const hits = labels.filter((l, i) => l === iris.species![i]).length;
      expect(hits / labels.length).toBeGreaterThan(0.9);
      const restored = Pipeline.fromJSON(JSON.parse(JSON.stringify(p.toJSON())) as SerializedPipeline);
      expect(restored.predict(iris)).toEqual(labels);
      expect(restored.predictProba(iris).data).toEqual(p.predictProba(iris).data);
    }
  });

  it("validates algorithm and params before encoding", () => {
    expect(() => Pipeline.fit(table, { algorithm: "deep_net", target: "label" })).toThrow(
      /^algorithm: unknown algorithm/,
    );
    expect(() => Pipeline.fit(table, { algorithm: "knn", target: "label", params: { k: 3 } })).toThrow(
      /^k: unknown parameter/,
    );
  });
});

describe("evaluation", () => {
  const iris = Preprocessor.fit(loadIrisTable(), { target: "species" });

  it("cvScore runs stratified k-fold and is reproducible", () => {
    const make = () => createEstimator("logistic_regression");
    const a = cvScore(make, iris.X, iris.y, { folds: 5, seed: 1 });
    expect(a.folds).toHaveLength(5);
    expect(a.accuracyMean).toBeGreaterThan(0.9);
    expect(cvScore(make, iris.X, iris.y, { folds: 5, seed: 1 })).toEqual(a);
  });

  it("cvScore with groups and testScore", () => {
    const groups = Array.from({ length: 150 }, (_, i) => i % 10);
    const r = cvScore(() => createEstimator("naive_bayes"), iris.X, iris.y, { folds: 5, groups });
    expect(r.accuracyMean).toBeGreaterThan(0.85);
    const t = testScore(() => createEstimator("knn"), iris.X, iris.y, { testFraction: 0.3, seed: 2 });
    expect(t.rows).toBe(45);
    expect(t.accuracy).toBeGreaterThan(0.9);
    expect(t.rocAuc).toBeGreaterThan(0.9);
  });

  it("rejects fewer rows than folds", () => {
    const X = { rows: 3, cols: 1, data: Float64Array.from([0, 1, 2]) };
    expect(() => cvScore(() => createEstimator("knn"), X, Int32Array.from([0, 1, 0]), { folds: 5 })).toThrow(
      /^folds: 3 rows are fewer than 5 folds/,
    );
  });
});
