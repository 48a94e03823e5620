import { describe, expect, it } from "vitest";
import { findCycle, wouldCreateCycle } from "./cycle";

const chain = [
  { source: "a", target: "b" },
  { source: "b", target: "c" },
  { source: "c", target: "d" },
];

describe("wouldCreateCycle", () => {
  it("refuses an edge back to an ancestor, however far", () => {
    expect(wouldCreateCycle(chain, "d", "a")).toBe(true);
    expect(wouldCreateCycle(chain, "c", "b")).toBe(true);
  });

  it("refuses a self-loop", () => {
    expect(wouldCreateCycle([], "a", "a")).toBe(true);
  });

  it("accepts forward edges, shortcuts and edges between separate branches", () => {
    expect(wouldCreateCycle(chain, "a", "d")).toBe(false);
    expect(wouldCreateCycle(chain, "x", "a")).toBe(false);
    expect(wouldCreateCycle([...chain, { source: "a", target: "e" }], "e", "d")).toBe(false);
  });

  it("handles a long chain without recursion", () => {
    const long = Array.from({ length: 20_000 }, (_, i) => ({ source: `n${i}`, target: `n${i + 1}` }));
    expect(wouldCreateCycle(long, "n20000", "n0")).toBe(true);
  });
});

describe("findCycle", () => {
  it("is null for a DAG, diamonds included", () => {
    const diamond = [
      { source: "a", target: "b" },
      { source: "a", target: "c" },
      { source: "b", target: "d" },
      { source: "c", target: "d" },
    ];
    expect(findCycle(["a", "b", "c", "d"], diamond)).toBeNull();
  });

  it("names the nodes of a cycle in order", () => {
    const cyclic = [...chain, { source: "d", target: "b" }];
    expect(findCycle(["a", "b", "c", "d"], cyclic)).toEqual(["b", "c", "d"]);
  });
});
