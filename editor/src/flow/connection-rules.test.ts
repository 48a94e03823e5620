import { describe, expect, it } from "vitest";
import { checkConnection } from "./connection-rules";
import type { StepKindInfo } from "./to-flow";

const kinds = new Map<string, StepKindInfo>(
  [
    { id: "extract_synthetic", title: "Synthetic data", category: "EXTRACT", maxInputs: 0, hasOutput: true },
    { id: "filter", title: "Filter rows", category: "TRANSFORM", maxInputs: 1, hasOutput: true },
    { id: "union", title: "Union", category: "TRANSFORM", maxInputs: 3, hasOutput: true },
    { id: "deploy_model", title: "Deploy model", category: "TRAIN", maxInputs: 1, hasOutput: false },
  ].map((k): [string, StepKindInfo] => [k.id, k as StepKindInfo]),
);

const node = (id: string, kind: string) => ({ id, data: { kind, label: id.toUpperCase() } });
const nodes = [
  node("src", "extract_synthetic"),
  node("src2", "extract_synthetic"),
  node("f1", "filter"),
  node("f2", "filter"),
  node("u", "union"),
  node("deploy", "deploy_model"),
  node("mystery", "not_in_catalog"),
];
const edges = [
  { source: "src", target: "f1" },
  { source: "f1", target: "f2" },
];

const reason = (verdict: ReturnType<typeof checkConnection>): string => (verdict.ok ? "" : verdict.reason);

describe("checkConnection", () => {
  it("accepts a step's output into a free input", () => {
    expect(checkConnection(nodes, edges, { source: "f2", target: "u" }, kinds)).toEqual({ ok: true });
  });

  it("refuses an input into an EXTRACT step", () => {
    expect(reason(checkConnection(nodes, edges, { source: "f1", target: "src2" }, kinds))).toMatch(/takes no input/);
  });

  it("refuses more inputs than maxInputs", () => {
    const verdict = checkConnection(nodes, edges, { source: "src2", target: "f1" }, kinds);
    expect(reason(verdict)).toMatch(/takes one input and already has 1/);
    const full = [1, 2, 3].map((i) => ({ source: `s${i}`, target: "u" }));
    expect(reason(checkConnection(nodes, full, { source: "f2", target: "u" }, kinds))).toMatch(/at most 3 inputs/);
  });

  it("refuses a duplicate edge", () => {
    const withUnion = [...edges, { source: "f2", target: "u" }];
    expect(reason(checkConnection(nodes, withUnion, { source: "f2", target: "u" }, kinds))).toMatch(
      /already connected/,
    );
  });

  it("refuses a cycle and a self-loop", () => {
    const toUnion = [...edges, { source: "f2", target: "u" }];
    const loopBack = checkConnection(nodes, toUnion, { source: "u", target: "f1" }, kinds);
    // f1 already has its one input, so the cycle shows up on a kind with room: the union feeding itself back.
    expect(loopBack.ok).toBe(false);
    const cyclic = [
      { source: "u", target: "f2" },
      { source: "f2", target: "mystery" },
    ];
    expect(reason(checkConnection(nodes, cyclic, { source: "mystery", target: "u" }, kinds))).toMatch(/cycle/);
    expect(reason(checkConnection(nodes, edges, { source: "u", target: "u" }, kinds))).toMatch(/cannot feed itself/);
  });

  it("refuses an edge out of a step without output", () => {
    expect(reason(checkConnection(nodes, [], { source: "deploy", target: "f1" }, kinds))).toMatch(/no output/);
  });

  it("lets an unknown kind connect, leaving the verdict to the server", () => {
    expect(checkConnection(nodes, [], { source: "src", target: "mystery" }, kinds)).toEqual({ ok: true });
  });
});
