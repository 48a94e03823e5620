import { describe, expect, it } from "vitest";
import { loadDigits } from "../datasets/index.js";
import { Svm } from "../estimators/svm.js";
import { ClassBlocks } from "./class-blocks.js";

describe("ClassBlocks (kernel values shared by one-vs-one pairs)", () => {
  it("gives the model a fit without sharing gives, bit for bit", () => {
    const { X, y } = loadDigits();
    // 1 MB cannot hold the 1,797² kernel values, so that fit computes each pair's columns itself.
    expect(ClassBlocks.bytes(X.rows)).toBeGreaterThan(1024 * 1024);
    const shared = new Svm({ cache_size: 200 }).fit(X, y);
    const own = new Svm({ cache_size: 1 }).fit(X, y);
    expect(shared.supportCount).toBe(own.supportCount);
    expect(Array.from(shared.decisionFunction(X).data)).toEqual(Array.from(own.decisionFunction(X).data));
  });
});
