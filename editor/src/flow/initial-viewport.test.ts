import { describe, expect, it } from "vitest";
import { topLeftViewport } from "./initial-viewport";

describe("topLeftViewport", () => {
  it("puts the DAG's top-left corner at the margin, at the given zoom", () => {
    const nodes = [{ position: { x: 100, y: 50 } }, { position: { x: 900, y: -20 } }];
    expect(topLeftViewport(nodes, 0.5, 40)).toEqual({ x: -10, y: 50, zoom: 0.5 });
  });

  it("opens an empty canvas at the margin", () => {
    expect(topLeftViewport([], 0.6, 40)).toEqual({ x: 40, y: 40, zoom: 0.6 });
  });
});
