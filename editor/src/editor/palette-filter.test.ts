import { describe, expect, it } from "vitest";
import { groupStepKinds } from "./palette-filter";

const kinds = [
  {
    id: "filter",
    title: "Filter rows",
    description: "Keeps rows for which a SQL condition holds",
    category: "TRANSFORM" as const,
  },
  { id: "extract_synthetic", title: "Synthetic data", description: "Generates rows", category: "EXTRACT" as const },
  { id: "load_file", title: "Write file", description: "Writes a CSV or Parquet file", category: "LOAD" as const },
  { id: "aggregate", title: "Aggregate (group by)", description: "Groups rows", category: "TRANSFORM" as const },
];

describe("groupStepKinds", () => {
  it("groups every kind by category, in the order data flows", () => {
    expect(groupStepKinds(kinds, "").map((g) => [g.category, g.kinds.map((k) => k.id)])).toEqual([
      ["EXTRACT", ["extract_synthetic"]],
      ["TRANSFORM", ["filter", "aggregate"]],
      ["LOAD", ["load_file"]],
    ]);
  });

  it("matches every word against title, id and description, case-insensitively, dropping empty groups", () => {
    expect(groupStepKinds(kinds, "ROWS sql").flatMap((g) => g.kinds.map((k) => k.id))).toEqual(["filter"]);
    expect(groupStepKinds(kinds, "load_").map((g) => g.category)).toEqual(["LOAD"]);
    expect(groupStepKinds(kinds, "nothing like it")).toEqual([]);
  });
});
