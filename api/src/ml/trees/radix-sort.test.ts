import { describe, expect, it } from "vitest";
import { Rng } from "../rng.js";
import { radixSortFloat64 } from "./radix-sort.js";

function sortedBoth(values: Float64Array): [Float64Array, Float64Array] {
  const expected = values.slice().sort();
  const actual = values.slice();
  radixSortFloat64(actual, new Float64Array(values.length));
  return [actual, expected];
}

describe("radixSortFloat64", () => {
  it("sorts like Float64Array#sort: negatives, both zeros, duplicates, subnormals and extremes", () => {
    const rng = new Rng(7);
    const special = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Infinity, -Infinity, 1, -1];
    const values = new Float64Array(10_000);
    for (let i = 0; i < values.length; i++) {
      const r = rng.next();
      values[i] =
        i % 10 === 0 ? special[(i / 10) % special.length]! : i % 3 === 0 ? Math.round(r * 20) - 10 : (r - 0.5) * 1e6;
    }
    const [actual, expected] = sortedBoth(values);
    expect(Array.from(actual, Object.is.bind(null, -0))).toEqual(Array.from(expected, Object.is.bind(null, -0)));
    expect(actual).toEqual(expected);
  });

  it("sorts a column of one repeated value and short arrays", () => {
    for (const values of [new Float64Array(5000).fill(3.25), new Float64Array([3, -1, 2])]) {
      const [actual, expected] = sortedBoth(values);
      expect(actual).toEqual(expected);
    }
  });
});
