import { describe, expect, it } from "vitest";
import { mergeLogLines } from "./merge-log-lines";

describe("mergeLogLines", () => {
  it("puts live lines first and drops a line the history also has", () => {
    const live = [{ id: "5" }, { id: "4" }];
    const history = [{ id: "4" }, { id: "3" }];
    expect(mergeLogLines(live, history, 10).map((l) => l.id)).toEqual(["5", "4", "3"]);
    expect(mergeLogLines(live, history, 2).map((l) => l.id)).toEqual(["5", "4"]);
  });
});
