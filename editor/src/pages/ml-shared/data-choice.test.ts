import { describe, expect, it } from "vitest";
import { categoricalFeatures, checkDataChoice, isNumericType, numericColumns } from "./data-choice";

const columns = [
  { name: "x", type: "DOUBLE" },
  { name: "n", type: "BIGINT" },
  { name: "city", type: "VARCHAR" },
  { name: "ok", type: "BOOLEAN" },
];

describe("data choice", () => {
  it("tells numeric engine types from the rest", () => {
    expect(isNumericType(" decimal(10,2)")).toBe(true);
    expect(isNumericType("BOOLEAN")).toBe(true);
    expect(isNumericType("VARCHAR")).toBe(false);
    expect(isNumericType("TIMESTAMP")).toBe(false);
  });

  it("starts a dataset with its numeric columns as features", () => {
    expect(numericColumns(columns)).toEqual(["x", "n", "ok"]);
    expect(numericColumns(undefined)).toEqual([]);
  });

  it("names what is missing and keeps the target and grouping column out of the features", () => {
    const errors: Partial<Record<string, string>> = {};
    expect(checkDataChoice({ datasetId: "", target: "", features: [], groupBy: "" }, errors)).toEqual([]);
    expect(errors).toEqual({ datasetId: "Choose a dataset.", target: "Choose the column to predict." });

    const more: Partial<Record<string, string>> = {};
    expect(checkDataChoice({ datasetId: "d", target: "x", features: ["x", "n"], groupBy: "n" }, more)).toEqual([]);
    expect(more).toEqual({ features: "Pick at least one feature besides the target." });

    const none: Partial<Record<string, string>> = {};
    expect(checkDataChoice({ datasetId: "d", target: "x", features: ["x", "n", "city"], groupBy: "" }, none)).toEqual([
      "n",
      "city",
    ]);
    expect(none).toEqual({});
  });

  it("sends the non-numeric features (and unknown columns) as categorical", () => {
    expect(categoricalFeatures(["x", "city", "ok", "gone"], columns)).toEqual(["city", "gone"]);
  });
});
