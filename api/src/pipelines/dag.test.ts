import { describe, expect, it } from "vitest";
import { StepRegistry } from "../steps/step-registry.js";
import {
  checkRunnable,
  downstreamOf,
  topologicalOrder,
  validateDag,
  wouldCreateCycle,
  type Dag,
  type PipelineNode,
} from "./dag.js";

const registry = new StepRegistry();
const node = (id: string, kind = "filter", config: Record<string, unknown> = { where: "x > 1" }): PipelineNode => ({
  id,
  kind,
  label: id,
  config,
  position: { x: 0, y: 0 },
});
const source = (id: string): PipelineNode => node(id, "extract_sample", { sample: "hmp" });
const edge = (source: string, target: string, id = `${source}-${target}`) => ({ id, source, target });

describe("validateDag", () => {
  it("accepts a valid branching DAG", () => {
    const dag: Dag = {
      nodes: [source("a"), node("b"), node("c"), node("d")],
      edges: [edge("a", "b"), edge("a", "c"), edge("b", "d")],
    };
    expect(validateDag(dag, registry.lookup)).toEqual([]);
  });

  it("names the nodes and edges of a cycle", () => {
    const dag: Dag = {
      nodes: [source("a"), node("b"), node("c"), node("d")],
      edges: [edge("a", "b"), edge("b", "c"), edge("c", "d"), edge("d", "b", "back")],
    };
    const issues = validateDag(dag, registry.lookup);
    const cycle = issues.find((i) => i.code === "CYCLE");
    expect(cycle?.nodeIds.sort()).toEqual(["b", "c", "d"]);
    expect(cycle?.edgeIds.sort()).toEqual(["b-c", "back", "c-d"]);
    expect(cycle?.message).toContain("→");
  });

  it("reports dangling edges, self loops, duplicates and unknown kinds", () => {
    const dag: Dag = {
      nodes: [source("a"), source("a"), node("b"), node("x", "no_such_kind", {})],
      edges: [
        edge("a", "ghost", "e1"),
        edge("b", "b", "e2"),
        edge("a", "b", "e3"),
        edge("a", "b", "e3"),
        edge("a", "b", "e4"),
      ],
    };
    const codes = validateDag(dag, registry.lookup).map((i) => `${i.code}:${[...i.nodeIds, ...i.edgeIds].join(",")}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "DUPLICATE_NODE_ID:a",
        "DANGLING_EDGE:ghost,e1",
        "SELF_LOOP:b,e2",
        "DUPLICATE_EDGE_ID:e3",
        "DUPLICATE_EDGE:a,b,e4",
        "UNKNOWN_STEP_KIND:x",
      ]),
    );
  });

  it("checks each node's config against its kind's schema, naming the field", () => {
    const dag: Dag = { nodes: [source("a"), node("b", "filter", { where: "", extra: 1 })], edges: [edge("a", "b")] };
    const issues = validateDag(dag, registry.lookup).filter((i) => i.code === "INVALID_CONFIG");
    expect(issues.map((i) => i.field).sort()).toEqual(["/extra", "/where"]);
    expect(issues.every((i) => i.nodeIds[0] === "b")).toBe(true);
  });

  it("refuses inputs into an extract step", () => {
    const issues = validateDag({ nodes: [source("a"), source("b")], edges: [edge("a", "b")] }, registry.lookup);
    expect(issues.map((i) => i.code)).toEqual(["TOO_MANY_INPUTS"]);
  });

  it("finds a cycle in a long chain without overflowing the stack", () => {
    const n = 20_000;
    const nodes = [source("n0"), ...Array.from({ length: n - 1 }, (_, i) => node(`n${i + 1}`))];
    const edges = Array.from({ length: n - 1 }, (_, i) => edge(`n${i}`, `n${i + 1}`));
    expect(validateDag({ nodes, edges }, registry.lookup)).toEqual([]);
    const issues = validateDag({ nodes, edges: [...edges, edge(`n${n - 1}`, "n1", "loop")] }, registry.lookup);
    expect(issues.find((i) => i.code === "CYCLE")?.nodeIds).toHaveLength(n - 1);
  });
});

describe("DAG helpers", () => {
  const dag: Dag = {
    nodes: [source("a"), node("b"), node("c"), node("d")],
    edges: [edge("a", "c"), edge("b", "c"), edge("c", "d")],
  };

  it("orders topologically and deterministically", () => {
    expect(topologicalOrder(dag)).toEqual(["a", "b", "c", "d"]);
  });

  it("lists what is downstream and detects cycles before connecting", () => {
    expect([...downstreamOf(dag, "a")].sort()).toEqual(["c", "d"]);
    expect(wouldCreateCycle(dag, "d", "a")).toBe(true);
    expect(wouldCreateCycle(dag, "a", "b")).toBe(false);
  });

  it("says which steps miss inputs before a run", () => {
    expect(checkRunnable({ nodes: [node("lonely")], edges: [] }, registry.lookup).map((i) => i.code)).toEqual([
      "MISSING_INPUT",
    ]);
  });
});
