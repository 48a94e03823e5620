import { describe, expect, it } from "vitest";
import { MlInputError } from "./errors.js";
import { createEstimator, describeAlgorithms, estimatorFromJSON } from "./registry.js";

describe("params and registry", () => {
  it("fills defaults", () => {
    expect(createEstimator("gradient_boosting").params).toMatchObject({
      n_estimators: 100,
      learning_rate: 0.1,
      max_leaf_nodes: 31,
      max_depth: null,
    });
    expect(createEstimator("svm").params).toMatchObject({ kernel: "rbf", C: 1, gamma: "scale" });
  });

  it("names the bad param", () => {
    const bad: [string, Record<string, unknown>, RegExp][] = [
      ["random_forest", { n_trees: 3 }, /^n_trees: unknown parameter for random_forest/],
      ["random_forest", { max_depth: 0 }, /^max_depth: must be >= 1/],
      ["random_forest", { max_features: "all" }, /^max_features: expected one of "sqrt", "log2" or a number/],
      ["gradient_boosting", { learning_rate: 0 }, /^learning_rate: must be > 0/],
      ["gradient_boosting", { max_bins: 256 }, /^max_bins: must be <= 255/],
      ["gradient_boosting", { n_estimators: 2.5 }, /^n_estimators: expected an integer/],
      ["gradient_boosting", { early_stopping: "yes" }, /^early_stopping: expected one of/],
      ["logistic_regression", { C: -1 }, /^C: must be > 0/],
      ["svm", { kernel: "poly" }, /^kernel: expected one of "rbf", "linear"/],
      ["svm", { gamma: 0 }, /^gamma: must be > 0/],
      ["knn", { n_neighbors: 0 }, /^n_neighbors: must be >= 1/],
    ];
    for (const [algorithm, params, message] of bad) {
      const call = (): unknown => createEstimator(algorithm, params);
      expect(call).toThrow(MlInputError);
      expect(call).toThrow(message);
    }
  });

  it("rejects unknown algorithms and foreign JSON", () => {
    expect(() => createEstimator("xgboost")).toThrow(/^algorithm: unknown algorithm "xgboost"/);
    expect(() => estimatorFromJSON({ format: "other" } as never)).toThrow(/model: not a serialized/);
  });

  it("documents every param", () => {
    for (const a of describeAlgorithms()) {
      for (const spec of Object.values(a.params)) expect(spec.doc.length).toBeGreaterThan(10);
    }
  });
});
