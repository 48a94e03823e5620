import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "./format-time";

const now = Date.parse("2026-03-10T12:00:00.000Z");

describe("formatRelativeTime", () => {
  it("picks the largest unit that fits", () => {
    expect(formatRelativeTime("2026-03-10T11:59:30.000Z", now)).toBe("just now");
    expect(formatRelativeTime("2026-03-10T11:55:00.000Z", now)).toBe("5 minutes ago");
    expect(formatRelativeTime("2026-03-10T09:00:00.000Z", now)).toBe("3 hours ago");
    expect(formatRelativeTime("2026-03-09T12:00:00.000Z", now)).toBe("yesterday");
    expect(formatRelativeTime("2026-02-24T12:00:00.000Z", now)).toBe("2 weeks ago");
    expect(formatRelativeTime("2026-02-01T12:00:00.000Z", now)).toBe("last month");
  });

  it("does not pretend to know an unparsable time", () => {
    expect(formatRelativeTime("not a date", now)).toBe("unknown time");
  });
});
