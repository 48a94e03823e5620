import { describe, expect, it } from "vitest";
import { exampleRow, locateField, parseRowsJson, rankedProbabilities, rowFromForm } from "./predict-rows";

const schema = [
  { name: "x", kind: "NUMBER" as const },
  { name: "hand", kind: "CATEGORY" as const, categories: ["left", "right"] },
];

describe("prediction rows", () => {
  it("reads one object or an array of objects", () => {
    expect(parseRowsJson('{"x": 1}')).toEqual({ ok: true, rows: [{ x: 1 }] });
    expect(parseRowsJson('[{"x": 1}, {"x": 2}]')).toEqual({ ok: true, rows: [{ x: 1 }, { x: 2 }] });
    expect(parseRowsJson("[]")).toEqual({ ok: false, error: "Give at least one row." });
    expect(parseRowsJson('[{"x": 1}, 3]')).toEqual({ ok: false, error: "Row 2 is not an object of column → value." });
    expect(parseRowsJson("{x:1}").ok).toBe(false);
  });

  it("builds a row from the generated form, empty fields as null", () => {
    expect(rowFromForm(schema, { x: " 2.5 ", hand: "" })).toEqual({ ok: true, row: { x: 2.5, hand: null } });
    expect(rowFromForm(schema, { x: "abc", hand: "left" })).toEqual({ ok: false, errors: { x: "must be a number" } });
  });

  it("suggests an example row from the schema", () => {
    expect(exampleRow(schema)).toEqual({ x: 0, hand: "left" });
  });

  it("locates the row and column a refusal names", () => {
    expect(locateField("rows[2].x")).toEqual({ row: 2, column: "x" });
    expect(locateField("rows[0]")).toEqual({ row: 0, column: null });
    expect(locateField("rows")).toEqual({ row: null, column: null });
    expect(locateField("model")).toEqual({ row: null, column: null });
  });

  it("ranks classes by probability", () => {
    expect(rankedProbabilities(["a", "b", "c"], [0.2, 0.7, 0.1]).map((p) => p.label)).toEqual(["b", "a", "c"]);
  });
});
