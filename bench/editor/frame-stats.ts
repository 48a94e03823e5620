/** Summary statistics of frame deltas (ms). Pure. */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function frameSummary(deltas: readonly number[]): {
  frames: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
} {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    frames: deltas.length,
    p50Ms: round(percentile(deltas, 50)),
    p95Ms: round(percentile(deltas, 95)),
    maxMs: round(Math.max(...deltas)),
  };
}
