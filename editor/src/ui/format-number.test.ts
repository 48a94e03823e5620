import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration, formatPercent } from "./format-number";

describe("number formats", () => {
  it("formats counts, compact when large", () => {
    expect(formatCount(999)).toBe("999");
    expect(formatCount(9_999)).toBe("9,999");
    expect(formatCount(392_080)).toBe("392.1K");
  });

  it("formats durations in the largest sensible unit", () => {
    expect(formatDuration(72)).toBe("72 ms");
    expect(formatDuration(1_450)).toBe("1.4 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(123_000)).toBe("2 min 3 s");
    expect(formatDuration(3_900_000)).toBe("1 h 5 min");
  });

  it("formats bytes and percentages", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(37_345)).toBe("36.5 KB");
    expect(formatPercent(0.934)).toBe("93.4%");
  });
});
