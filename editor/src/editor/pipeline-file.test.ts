import { describe, expect, it } from "vitest";
import { parsePipelineFile, pipelineFile, pipelineFileName } from "./pipeline-file";

const dag = {
  nodes: [
    {
      id: "gen",
      kind: "extract_synthetic",
      label: "Rows",
      config: { rows: 10 },
      position: { x: 0, y: 0 },
      execution: { maxAttempts: 3 },
    },
    { id: "f", kind: "filter", label: "Keep", config: { where: "x1 > 0" }, position: { x: 260, y: 0 } },
  ],
  edges: [{ id: "gen-f", source: "gen", target: "f" }],
};

describe("pipeline files", () => {
  it("round-trips an export through the parser", () => {
    const file = pipelineFile({ name: "Mine", description: "d", tags: ["a"] }, dag);
    expect(parsePipelineFile(JSON.stringify(file))).toEqual({ ok: true, file });
  });

  it("fills what a hand-written file leaves out", () => {
    const parsed = parsePipelineFile(
      JSON.stringify({
        nodes: [{ id: "a", kind: "filter" }],
        edges: [{ source: "a", target: "b", targetHandle: "left" }],
      }),
    );
    expect(parsed).toMatchObject({
      ok: true,
      file: {
        name: "Imported pipeline",
        nodes: [{ id: "a", kind: "filter", label: "filter", config: {}, position: { x: 0, y: 0 } }],
        edges: [{ id: "a-b", source: "a", target: "b", targetHandle: "left" }],
      },
    });
  });

  it("says what is wrong with a file it cannot use", () => {
    expect(parsePipelineFile("{")).toEqual({ ok: false, error: "The file is not JSON." });
    expect(parsePipelineFile("[]")).toMatchObject({ ok: false });
    expect(parsePipelineFile('{"nodes": [{"id": 1}], "edges": []}')).toEqual({
      ok: false,
      error: "Node 1 needs a string `id` and `kind`.",
    });
  });

  it("names the file after the pipeline", () => {
    expect(pipelineFileName("HMP ETL / v2")).toBe("HMP-ETL-v2.millrace.json");
  });
});
