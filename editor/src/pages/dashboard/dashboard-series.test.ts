import { describe, expect, it } from "vitest";
import { accuracySeries, dayLabel, durationSeries, runsPerDaySeries } from "./dashboard-series";

const days = [
  { day: "2026-03-09", total: 3, succeeded: 2, failed: 1, cancelled: 0, avgDurationMs: 1_520 },
  { day: "2026-03-10", total: 0, succeeded: 0, failed: 0, cancelled: 0, avgDurationMs: null },
];

describe("dashboard series", () => {
  it("labels UTC days", () => {
    expect(dayLabel("2026-03-09")).toBe("Mar 9");
  });

  it("stacks runs per day by outcome", () => {
    expect(runsPerDaySeries(days)[0]).toEqual({ day: "Mar 9", succeeded: 2, failed: 1, cancelled: 0 });
  });

  it("shows durations with gaps for days without runs", () => {
    expect(durationSeries(days).map((d) => d.ms)).toEqual([1_520, null]);
  });

  it("shows accuracy in percent", () => {
    expect(
      accuracySeries([{ at: "2026-03-09T10:00:00Z", accuracy: 0.9234, name: "HMP", algorithm: "RandomForest" }])[0],
    ).toMatchObject({ accuracy: 92.3, model: "HMP (RandomForest)" });
  });
});
