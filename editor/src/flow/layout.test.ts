import { describe, expect, it } from "vitest";
import { DEFAULT_NODE_SIZE, layoutDag, withVisiblePositions } from "./layout";

describe("layoutDag", () => {
  it("places a chain left to right, each step after the one feeding it", () => {
    const positions = layoutDag(
      [{ id: "a" }, { id: "b" }, { id: "c" }],
      [
        { source: "a", target: "b" },
        { source: "b", target: "c" },
      ],
    );
    const [a, b, c] = ["a", "b", "c"].map((id) => positions.get(id)!);
    expect(b!.x).toBeGreaterThanOrEqual(a!.x + DEFAULT_NODE_SIZE.width);
    expect(c!.x).toBeGreaterThanOrEqual(b!.x + DEFAULT_NODE_SIZE.width);
    expect(a!.y).toBe(b!.y);
  });

  it("stacks the branches of a fan-out without overlap, using measured sizes", () => {
    const nodes = [
      { id: "src", width: 200, height: 100 },
      { id: "x", width: 200, height: 100 },
      { id: "y", width: 200, height: 100 },
    ];
    const positions = layoutDag(nodes, [
      { source: "src", target: "x" },
      { source: "src", target: "y" },
    ]);
    const x = positions.get("x")!;
    const y = positions.get("y")!;
    expect(x.x).toBe(y.x);
    expect(Math.abs(x.y - y.y)).toBeGreaterThanOrEqual(100);
  });

  it("lays out top to bottom on request, and ignores edges to unknown nodes", () => {
    const positions = layoutDag(
      [{ id: "a" }, { id: "b" }],
      [
        { source: "a", target: "b" },
        { source: "a", target: "ghost" },
      ],
      { direction: "TB" },
    );
    expect(positions.size).toBe(2);
    expect(positions.get("b")!.y).toBeGreaterThan(positions.get("a")!.y);
  });
});

describe("withVisiblePositions", () => {
  it("keeps a DAG whose steps all have their own spot", () => {
    const dag = {
      nodes: [
        { id: "a", position: { x: 0, y: 0 } },
        { id: "b", position: { x: 300, y: 0 } },
      ],
      edges: [],
    };
    expect(withVisiblePositions(dag)).toBe(dag);
  });

  it("lays out a DAG whose steps are stacked on one spot", () => {
    const dag = {
      nodes: [
        { id: "a", position: { x: 0, y: 0 }, label: "A" },
        { id: "b", position: { x: 0, y: 0 }, label: "B" },
      ],
      edges: [{ source: "a", target: "b" }],
    };
    const laidOut = withVisiblePositions(dag);
    expect(laidOut.nodes[1]!.position.x).toBeGreaterThan(laidOut.nodes[0]!.position.x);
    expect(laidOut.nodes[1]!.label).toBe("B");
  });
});
