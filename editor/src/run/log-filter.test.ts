import { describe, expect, it } from "vitest";
import { filterRunLogs } from "./log-filter";

const line = (seq: number, level: "DEBUG" | "INFO" | "WARN" | "ERROR", nodeId: string | null) => ({
  seq,
  at: "",
  level,
  message: `${seq}`,
  nodeId,
});

describe("filterRunLogs", () => {
  const lines = [line(1, "DEBUG", "a"), line(2, "INFO", "a"), line(3, "WARN", "b"), line(4, "ERROR", null)];

  it("keeps lines at or above the level", () => {
    expect(filterRunLogs(lines, { nodeId: null, minLevel: "WARN" }).map((l) => l.seq)).toEqual([3, 4]);
  });

  it("keeps one node's lines", () => {
    expect(filterRunLogs(lines, { nodeId: "a", minLevel: "DEBUG" }).map((l) => l.seq)).toEqual([1, 2]);
  });
});
