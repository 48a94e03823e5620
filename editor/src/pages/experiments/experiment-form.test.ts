import { describe, expect, it } from "vitest";
import { buildExperimentInput, paramSpecs, parseParam, type ExperimentForm } from "./experiment-form";

const specs = paramSpecs({
  n_estimators: { type: "int", default: 100, min: 1, doc: "Trees." },
  max_depth: { type: "int", nullable: true, default: null, min: 1, doc: "Depth." },
  max_features: { type: "enumOrNumber", values: ["sqrt", "log2"], default: "sqrt", doc: "Features." },
  bootstrap: { type: "boolean", default: true, doc: "Bootstrap." },
  weird: "not a spec",
});

const columns = [
  { name: "x", type: "BIGINT" },
  { name: "y", type: "DOUBLE" },
  { name: "source", type: "VARCHAR" },
  { name: "class", type: "VARCHAR" },
];

const form: ExperimentForm = {
  name: "",
  datasetId: "hmp-sample",
  target: "class",
  features: ["x", "y", "class"],
  algorithm: "random_forest",
  params: { n_estimators: "50", max_depth: "null", max_features: "0.5", bootstrap: "" },
  split: "holdout",
  testFraction: "0.25",
  cvFolds: "5",
  groupBy: "",
  seed: "",
};

describe("algorithm params", () => {
  it("reads the specs mlAlgorithms describes and skips unknown shapes", () => {
    expect(specs.map((s) => s.name)).toEqual(["n_estimators", "max_depth", "max_features", "bootstrap"]);
    expect(specs[1]).toMatchObject({ nullable: true, min: 1, max: null });
  });

  it("parses typed text by the param's type", () => {
    const [n, depth, features, bootstrap] = specs;
    expect(parseParam(n!, "12")).toEqual({ ok: true, value: 12 });
    expect(parseParam(n!, "1.5")).toEqual({ ok: false, error: "must be a whole number" });
    expect(parseParam(n!, " ")).toEqual({ ok: true, value: undefined });
    expect(parseParam(depth!, "null")).toEqual({ ok: true, value: null });
    expect(parseParam(features!, "log2")).toEqual({ ok: true, value: "log2" });
    expect(parseParam(features!, "0.3")).toEqual({ ok: true, value: 0.3 });
    expect(parseParam(bootstrap!, "false")).toEqual({ ok: true, value: false });
    expect(parseParam(bootstrap!, "no").ok).toBe(false);
  });
});

describe("the new-experiment input", () => {
  it("builds the input, leaving the target out of the features and defaults out of the params", () => {
    expect(buildExperimentInput(form, columns, specs)).toEqual({
      ok: true,
      input: {
        datasetId: "hmp-sample",
        target: "class",
        features: ["x", "y"],
        algorithm: "random_forest",
        params: { n_estimators: 50, max_depth: null, max_features: 0.5 },
        testFraction: 0.25,
      },
    });
  });

  it("one-hot encodes text features and sends CV folds instead of a held-out share", () => {
    const built = buildExperimentInput(
      { ...form, features: ["x", "source"], split: "cv", cvFolds: "3", seed: "7", name: " Mine " },
      columns,
      specs,
    );
    expect(built.ok && built.input).toMatchObject({ categorical: ["source"], cvFolds: 3, seed: 7, name: "Mine" });
    expect(built.ok && "testFraction" in built.input).toBe(false);
  });

  it("names every problem by its field", () => {
    const built = buildExperimentInput(
      { ...form, target: "", params: { n_estimators: "many" }, testFraction: "2", seed: "-1" },
      columns,
      specs,
    );
    expect(built).toEqual({
      ok: false,
      errors: {
        target: "Choose the column to predict.",
        "params.n_estimators": "n_estimators must be a whole number.",
        testFraction: "The held-out share must be between 0 and 1.",
        seed: "The seed must be a whole number ≥ 0.",
      },
    });
  });
});
