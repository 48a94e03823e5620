import { describe, expect, it } from "vitest";
import { safeNextPath, signInPath } from "./safe-redirect";

describe("safeNextPath", () => {
  it("keeps paths of the editor, with their query", () => {
    expect(safeNextPath("/pipelines/abc?run=r1")).toBe("/pipelines/abc?run=r1");
    expect(safeNextPath("/settings")).toBe("/settings");
  });

  it("refuses other origins, schemes, and the sign-in page itself", () => {
    for (const next of [
      null,
      "",
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example",
      "javascript:alert(1)",
    ]) {
      expect(safeNextPath(next)).toBe("/dashboard");
    }
    expect(safeNextPath("/sign-in?next=%2Fx")).toBe("/dashboard");
  });

  it("builds the sign-in link back to a page", () => {
    expect(signInPath("/pipelines/p 1")).toBe("/sign-in?next=%2Fpipelines%2Fp%201");
    expect(signInPath("/dashboard")).toBe("/sign-in");
  });
});
