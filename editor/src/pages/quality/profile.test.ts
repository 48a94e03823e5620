import { describe, expect, it } from "vitest";
import { formatValue, histogramSeries, topValueSeries } from "./profile";

describe("profile display", () => {
  it("formats numbers, text, booleans and missing values", () => {
    expect(formatValue(24.838979289)).toBe("24.839");
    expect(formatValue("Walk")).toBe("Walk");
    expect(formatValue(false)).toBe("false");
    expect(formatValue(null)).toBe("—");
  });

  it("labels histogram bars by their range", () => {
    expect(
      histogramSeries([
        { from: 0, to: 6.3, count: 13 },
        { from: 56.699999999999996, to: 63, count: 2 },
      ]),
    ).toEqual([
      { range: "0–6.3", count: 13 },
      { range: "56.7–63", count: 2 },
    ]);
  });

  it("charts top values when there are no bins", () => {
    expect(
      topValueSeries([
        { value: "Walk", count: 5 },
        { value: true, count: 2 },
      ]),
    ).toEqual([
      { range: "Walk", count: 5 },
      { range: "true", count: 2 },
    ]);
  });
});
