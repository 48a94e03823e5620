import { describe, expect, it } from "vitest";
import { Preprocessor } from "./preprocessing.js";

describe("Preprocessor with the data set's classes", () => {
  it("encodes a training part with every class of the whole set, in the same order", () => {
    const part = { x: [1, 2, 3], label: ["b", "c", "b"] };
    const { pre, y } = Preprocessor.fit(part, { target: "label", classes: ["c", "a", "b"] });
    expect(pre.classes).toEqual(["a", "b", "c"]);
    expect(Array.from(y)).toEqual([1, 2, 1]);
  });

  it("refuses a label that is not among the classes", () => {
    expect(() => Preprocessor.fit({ x: [1, 2], label: ["a", "z"] }, { target: "label", classes: ["a", "b"] })).toThrow(
      /target: label "z" is not a known class/,
    );
  });
});
