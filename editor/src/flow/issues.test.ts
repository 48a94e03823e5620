import { describe, expect, it } from "vitest";
import { fieldErrorsOf, indexIssues, NO_ISSUES, parsePointer, withoutConfigIssues } from "./issues";

const cycle = { code: "CYCLE", message: "cycle: f → a → f", nodeIds: ["f", "a"], edgeIds: ["f-a", "a-f"], field: null };
const rows = {
  code: "INVALID_CONFIG",
  message: 'node "s" config /rows: must be >= 1',
  nodeIds: ["s"],
  edgeIds: [],
  field: "/rows",
};
const nested = {
  code: "INVALID_CONFIG",
  message: 'node "s" config /aggregations/0/as: is required',
  nodeIds: ["s"],
  edgeIds: [],
  field: "/aggregations/0/as",
};

describe("indexIssues", () => {
  it("files each issue under every node and edge it names", () => {
    const index = indexIssues([cycle, rows]);
    expect(index.byNode.get("f")).toEqual([cycle]);
    expect(index.byNode.get("s")).toEqual([rows]);
    expect(index.byEdge.get("a-f")).toEqual([cycle]);
    expect(indexIssues([])).toBe(NO_ISSUES);
  });

  it("drops a node's config issues once its config is edited, keeping the rest", () => {
    const index = withoutConfigIssues(indexIssues([cycle, rows]), "s");
    expect(index.all).toEqual([cycle]);
    expect(withoutConfigIssues(index, "f")).toBe(index);
  });
});

describe("fieldErrorsOf", () => {
  it("nests errors along the JSON pointer, without the node/field prefix", () => {
    expect(fieldErrorsOf([rows, nested, cycle])).toEqual({
      rows: { __errors: ["must be >= 1"] },
      aggregations: { 0: { as: { __errors: ["is required"] } } },
    });
  });

  it("puts a root pointer's error on the form itself", () => {
    expect(fieldErrorsOf([{ ...rows, field: "" }])).toEqual({ __errors: ["must be >= 1"] });
  });
});

describe("parsePointer", () => {
  it("unescapes ~1 and ~0", () => {
    expect(parsePointer("/a~1b/c~0d/0")).toEqual(["a/b", "c~d", "0"]);
  });
});
