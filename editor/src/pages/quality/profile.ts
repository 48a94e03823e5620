/** A dataset profile on screen: histogram bars, value formatting, which columns have a histogram. Pure. */

const compact = new Intl.NumberFormat("en", { maximumFractionDigits: 4 });

/** A profile value (min, max, a top value: number, text, boolean or date) as text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isFinite(value) ? compact.format(value) : String(value);
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value) ?? "—";
}

/** Histogram bins as chart bars, labelled by their range ("0–6.3"). */
export function histogramSeries(
  bins: ReadonlyArray<{ from: number; to: number; count: number }>,
): Array<{ range: string; count: number }> {
  return bins.map((b) => ({ range: `${compact.format(b.from)}–${compact.format(b.to)}`, count: b.count }));
}

/** Top values as chart bars (text and boolean columns have no numeric bins). */
export function topValueSeries(
  values: ReadonlyArray<{ value: unknown; count: number }>,
): Array<{ range: string; count: number }> {
  return values.map((v) => ({ range: formatValue(v.value), count: v.count }));
}
