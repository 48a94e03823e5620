import { describe, expect, it } from "vitest";
import { fromFlow, toFlow, type Dag, type StepKindInfo } from "./to-flow";

const kinds: StepKindInfo[] = [
  { id: "extract_sample", title: "Sample data", category: "EXTRACT", maxInputs: 0, hasOutput: true },
  { id: "join", title: "Join", category: "TRANSFORM", maxInputs: 2, hasOutput: true },
  { id: "load_collection", title: "Load into collection", category: "LOAD", maxInputs: 1, hasOutput: false },
];

/** Shaped like an Apollo result: `__typename` everywhere, `targetHandle: null` when unset. */
const pipeline = {
  __typename: "Pipeline",
  id: "p1",
  nodes: [
    {
      __typename: "PipelineNode",
      id: "left",
      kind: "extract_sample",
      label: "Orders",
      config: { sample: "orders" },
      position: { __typename: "Position", x: 0, y: 40 },
    },
    {
      __typename: "PipelineNode",
      id: "right",
      kind: "extract_sample",
      label: "Customers",
      config: { sample: "customers" },
      position: { __typename: "Position", x: 0, y: 200 },
    },
    {
      __typename: "PipelineNode",
      id: "join",
      kind: "join",
      label: "Orders × customers",
      config: { leftKeys: ["customer"], rightKeys: ["id"] },
      position: { __typename: "Position", x: 260, y: 120.5 },
    },
    {
      __typename: "PipelineNode",
      id: "load",
      kind: "load_collection",
      label: "Enriched orders",
      config: { collection: "orders_enriched", mode: "REPLACE" },
      position: { __typename: "Position", x: 520, y: 120 },
    },
  ],
  edges: [
    { __typename: "PipelineEdge", id: "e1", source: "left", target: "join", targetHandle: "left" },
    { __typename: "PipelineEdge", id: "e2", source: "right", target: "join", targetHandle: "right" },
    { __typename: "PipelineEdge", id: "e3", source: "join", target: "load", targetHandle: null },
  ],
};

describe("toFlow", () => {
  it("maps every node to a 'step' node with its position, label, kind, config and catalog info", () => {
    const { nodes } = toFlow(pipeline, kinds);

    expect(nodes.map((n) => n.id)).toEqual(["left", "right", "join", "load"]);
    const join = nodes[2]!;
    expect(join.type).toBe("step");
    expect(join.position).toEqual({ x: 260, y: 120.5 });
    expect(join.data).toMatchObject({
      label: "Orders × customers",
      kind: "join",
      title: "Join",
      category: "TRANSFORM",
      config: { leftKeys: ["customer"], rightKeys: ["id"] },
    });
    expect(nodes[3]!.data).toMatchObject({ title: "Load into collection", category: "LOAD" });
  });

  it("draws input and output handles from the kind", () => {
    const { nodes } = toFlow(pipeline, kinds);
    const byId = new Map(nodes.map((n) => [n.id, n.data]));

    // A source has no input; a sink has no output.
    expect(byId.get("left")).toMatchObject({ hasInput: false, hasOutput: true });
    expect(byId.get("load")).toMatchObject({ hasInput: true, hasOutput: false });
    expect(byId.get("join")).toMatchObject({ hasInput: true, hasOutput: true });
  });

  it("maps edges with their ids, ends and target handles, and gives the node those named handles", () => {
    const { nodes, edges } = toFlow(pipeline, kinds);

    expect(edges).toEqual([
      { id: "e1", source: "left", target: "join", targetHandle: "left" },
      { id: "e2", source: "right", target: "join", targetHandle: "right" },
      { id: "e3", source: "join", target: "load" },
    ]);
    expect(nodes.find((n) => n.id === "join")!.data.inputHandles).toEqual(["left", "right"]);
    expect(nodes.find((n) => n.id === "load")!.data.inputHandles).toEqual([]);
  });

  it("lists a named handle once however many edges use it", () => {
    const dag: Dag = {
      nodes: [
        { id: "a", kind: "extract_sample", label: "A", config: {}, position: { x: 0, y: 0 } },
        { id: "b", kind: "extract_sample", label: "B", config: {}, position: { x: 0, y: 0 } },
        { id: "u", kind: "union", label: "U", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: "a-u", source: "a", target: "u", targetHandle: "in" },
        { id: "b-u", source: "b", target: "u", targetHandle: "in" },
      ],
    };
    expect(toFlow(dag, kinds).nodes[2]!.data.inputHandles).toEqual(["in"]);
  });

  it("renders a node of an unknown kind with category UNKNOWN, its kind id as title, and both handles", () => {
    const dag: Dag = {
      nodes: [{ id: "x", kind: "teleport", label: "From the future", config: { speed: 9 }, position: { x: 5, y: 6 } }],
      edges: [],
    };
    const { nodes } = toFlow(dag, kinds);

    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({
      id: "x",
      type: "step",
      position: { x: 5, y: 6 },
      data: {
        label: "From the future",
        kind: "teleport",
        title: "teleport",
        category: "UNKNOWN",
        config: { speed: 9 },
        hasInput: true,
        hasOutput: true,
      },
    });
  });

  it("keeps an edge drawable into a kind that declares no input (an invalid but stored DAG)", () => {
    const dag: Dag = {
      nodes: [
        { id: "a", kind: "extract_sample", label: "A", config: {}, position: { x: 0, y: 0 } },
        { id: "b", kind: "extract_sample", label: "B", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [{ id: "a-b", source: "a", target: "b" }],
    };
    expect(toFlow(dag, kinds).nodes[1]!.data.hasInput).toBe(true);
  });

  it("does not carry __typename into positions", () => {
    const { nodes } = toFlow(pipeline, kinds);
    expect(nodes[0]!.position).toStrictEqual({ x: 0, y: 40 });
  });
});

describe("fromFlow", () => {
  it("gives back the pipeline's DAG after toFlow, without __typename or null handles", () => {
    const { nodes, edges } = toFlow(pipeline, kinds);

    // toStrictEqual: no extra keys (data fields, __typename) and no `targetHandle: undefined`.
    expect(fromFlow(nodes, edges)).toStrictEqual({
      nodes: pipeline.nodes.map(({ id, kind, label, config, position }) => ({
        id,
        kind,
        label,
        config,
        position: { x: position.x, y: position.y },
      })),
      edges: [
        { id: "e1", source: "left", target: "join", targetHandle: "left" },
        { id: "e2", source: "right", target: "join", targetHandle: "right" },
        { id: "e3", source: "join", target: "load" },
      ],
    });
  });

  it("is the identity on an input-shaped DAG taken through toFlow, unknown kinds included", () => {
    const input = {
      nodes: [
        { id: "a", kind: "extract_sample", label: "A", config: { sample: "hmp" }, position: { x: 1, y: 2 } },
        { id: "z", kind: "not_in_catalog", label: "Z", config: {}, position: { x: -3, y: 4.25 } },
      ],
      edges: [{ id: "a-z", source: "a", target: "z", targetHandle: "main" }],
    };
    const flow = toFlow(input, kinds);
    expect(fromFlow(flow.nodes, flow.edges)).toStrictEqual(input);
  });

  it("reflects what changed on the canvas: moved nodes, edited labels, removed edges", () => {
    const { nodes, edges } = toFlow(pipeline, kinds);
    const moved = nodes.map((n) =>
      n.id === "join" ? { ...n, position: { x: 300, y: 90 }, data: { ...n.data, label: "Joined" } } : n,
    );

    const dag = fromFlow(moved, edges.slice(0, 2));

    expect(dag.nodes[2]).toStrictEqual({
      id: "join",
      kind: "join",
      label: "Joined",
      config: { leftKeys: ["customer"], rightKeys: ["id"] },
      position: { x: 300, y: 90 },
    });
    expect(dag.edges.map((e) => e.id)).toEqual(["e1", "e2"]);
  });
});

describe("toFlow with estimated geometry", () => {
  it("gives each node its size and handle bounds, inputs on the left and the output on the right", () => {
    const { nodes } = toFlow(pipeline, kinds, { estimatedGeometry: true });
    const join = nodes.find((n) => n.id === "join")!;
    expect(join).toMatchObject({ initialWidth: 210, initialHeight: 80 });
    expect(join.handles?.map((h) => [h.type, h.id, h.x, h.y])).toEqual([
      ["target", null, -4.5, 15.5],
      ["target", "left", -4.5, 35.5],
      ["target", "right", -4.5, 55.5],
      ["source", null, 205.5, 35.5],
    ]);
    // Geometry is view state: fromFlow leaves it out.
    expect(fromFlow(nodes, []).nodes[2]).not.toHaveProperty("handles");
  });

  it("adds nothing by default", () => {
    expect(toFlow(pipeline, kinds).nodes[0]).not.toHaveProperty("handles");
  });
});

describe("execution settings", () => {
  it("round-trips a node's set execution settings and drops nulls and __typename", () => {
    const dag: Dag = {
      nodes: [
        {
          id: "a",
          kind: "extract_sample",
          label: "A",
          config: {},
          position: { x: 0, y: 0 },
          execution: { maxAttempts: 3, backoffMs: null, timeoutMs: 5000 },
        },
        { id: "b", kind: "extract_sample", label: "B", config: {}, position: { x: 0, y: 0 }, execution: null },
      ],
      edges: [],
    };
    const flow = toFlow(dag, kinds);
    expect(flow.nodes[0]!.data.execution).toEqual({ maxAttempts: 3, timeoutMs: 5000 });
    expect(flow.nodes[1]!.data.execution).toBeNull();
    const back = fromFlow(flow.nodes, flow.edges);
    expect(back.nodes[0]!.execution).toEqual({ maxAttempts: 3, timeoutMs: 5000 });
    expect(back.nodes[1]).not.toHaveProperty("execution");
  });
});
