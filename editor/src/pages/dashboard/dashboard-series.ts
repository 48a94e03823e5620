/** The dashboard's chart series, shaped from `dashboardStats`. Pure. */

interface Day {
  day: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  avgDurationMs: number | null;
}

/** "2026-03-09" → "Mar 9", in UTC like the API's days. */
export function dayLabel(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : date.toLocaleDateString("en", { month: "short", day: "numeric", timeZone: "UTC" });
}

export function runsPerDaySeries(days: readonly Day[]) {
  return days.map((d) => ({ day: dayLabel(d.day), succeeded: d.succeeded, failed: d.failed, cancelled: d.cancelled }));
}

/** Mean duration per day in ms; days without finished runs are gaps (null), not zeros. */
export function durationSeries(days: readonly Day[]) {
  return days.map((d) => ({
    day: dayLabel(d.day),
    ms: d.avgDurationMs === null ? null : Math.round(d.avgDurationMs),
  }));
}

export function accuracySeries(
  points: ReadonlyArray<{ at: string; accuracy: number; name: string; algorithm: string }>,
) {
  return points.map((p) => ({
    at: new Date(p.at).toLocaleDateString("en", { month: "short", day: "numeric" }),
    accuracy: Math.round(p.accuracy * 1000) / 10,
    model: `${p.name} (${p.algorithm})`,
  }));
}
