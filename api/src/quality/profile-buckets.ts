/**
 * Exact quantiles and the histogram of one numeric column without sorting it. DuckDB's quantile aggregates
 * collect every value and select ranks in them (about 200 ms per near-unique DOUBLE column of 1M rows, mostly on
 * one thread); counting the values per fine bucket costs a fifth of that, after which only the few buckets that
 * hold a wanted rank need their values sorted:
 *
 * 1. One GROUP BY over the bucket key floor((x - min) / width * S), S a power of two: the key is monotone in x,
 *    and floor(key / S) is exactly the histogram bin floor((x - min) / width) (multiplying by a power of two
 *    rounds nothing), so the same counts give the histogram.
 * 2. For each wanted order statistic, the bucket holding it and its rank inside follow from the cumulative
 *    counts; one query collects the values of those buckets only (the same key expression, so the same
 *    buckets) and picks the ranks from their sorted list.
 *
 * The second query also counts what it collected: anything but the first pass's counts makes the caller fall
 * back to quantile_disc, so a figure is never taken from the wrong values.
 */
import type { JsonRow, JsonValue } from "../data/data-engine.js";
import { ident, literal } from "../data/sql.js";
import type { ColumnProfile, Histogram } from "./profile-types.js";

/** Runs one query returning one row. */
export type RowQuery = (sql: string) => Promise<JsonRow[]>;

/** Buckets per column are about this many (times bins / bins rounded to a power of two). */
const TARGET_BUCKETS = 1024;

/** The order statistics (0-based indexes into the sorted values) a column's quantiles need. */
export interface WantedRanks {
  indexes: readonly number[];
}

/** What bucketStatistics found: the histogram, and the values at the wanted indexes (null: fall back). */
export interface BucketResult {
  histogram: Histogram;
  values: Map<number, number> | null;
}

/**
 * True when the bucket route applies: finite bounds (so no NaN or infinity in the column) and a positive width.
 * Constant columns keep the quantile_disc route, and so do the quantiles of columns with non-finite values.
 */
export function bucketable(p: ColumnProfile, bins: number): boolean {
  if (typeof p.min !== "number" || typeof p.max !== "number" || p.count === 0) return false;
  const width = (p.max - p.min) / bins;
  return Number.isFinite(p.min) && Number.isFinite(p.max) && Number.isFinite(width) && width > 0;
}

/** Histogram and the values at `wanted` of a bucketable column (see the file comment). */
export async function bucketStatistics(
  run: RowQuery,
  p: ColumnProfile,
  bins: number,
  wanted: readonly number[],
): Promise<BucketResult> {
  const min = p.min as number;
  const max = p.max as number;
  const width = (max - min) / bins;
  const scale = bucketScale(bins);
  const x = `CAST(${ident(p.name)} AS DOUBLE)`;
  const raw = `CAST(floor((${x} - ${literal(min)}) / ${literal(width)} * ${scale}) AS BIGINT)`;
  // NaN and ±Infinity get no bucket (min/max are over finite values): the counts then fall short of the column's
  // and its quantiles come from quantile_disc, as before buckets; the histogram leaves them out, as it always did.
  const key = p.kind === "float" ? `CASE WHEN isfinite(${x}) THEN ${raw} END` : raw;

  const [counted = {}] = await run(
    `SELECT list({'k': k, 'n': n} ORDER BY k) AS b FROM (SELECT ${key} AS k, count(*) AS n FROM input GROUP BY 1) WHERE k IS NOT NULL`,
  );
  const buckets = readBuckets(counted["b"]);
  const histogram = toHistogram(buckets, scale, bins, min, max, width);
  const total = buckets.reduce((sum, b) => sum + b.n, 0);
  if (total !== p.count || wanted.length === 0) return { histogram, values: null };

  // The bucket of each wanted index, and its position among the collected values (sorted, buckets in order).
  const targets = new Map<number, { before: number; n: number }>();
  let cumulative = 0;
  let w = 0;
  const sortedWanted = [...new Set(wanted)].sort((a, b) => a - b);
  const located: Array<{ index: number; key: number; rank: number }> = [];
  for (const b of buckets) {
    while (w < sortedWanted.length && (sortedWanted[w] ?? 0) < cumulative + b.n) {
      const index = sortedWanted[w] ?? 0;
      located.push({ index, key: b.k, rank: index - cumulative });
      targets.set(b.k, { before: 0, n: b.n });
      w++;
    }
    cumulative += b.n;
  }
  let collected = 0;
  for (const k of [...targets.keys()].sort((a, b) => a - b)) {
    const target = targets.get(k);
    if (!target) continue;
    target.before = collected;
    collected += target.n;
  }
  const positions = located.map((l) => (targets.get(l.key)?.before ?? 0) + l.rank + 1);
  const keys = [...targets.keys()].sort((a, b) => a - b);
  // Filtering on the key itself: a range filter on x pushed into the Parquet reader would skip computing most
  // keys, but DuckDB evaluates an OR of ranges there at over twice the cost of the key (measured).
  const [picked = {}] = await run(
    `SELECT count(*) AS n, list_select(list_sort(list(v)), [${positions.join(", ")}]) AS v FROM ` +
      `(SELECT ${ident(p.name)} AS v, ${key} AS k FROM input) WHERE k IN (${keys.join(", ")})`,
  );
  const chosen = picked["v"];
  if (num(picked["n"]) !== collected || !Array.isArray(chosen) || chosen.length !== located.length)
    return { histogram, values: null };
  const values = new Map<number, number>();
  located.forEach((l, i) => values.set(l.index, num(chosen[i])));
  return { histogram, values };
}

/** S, the power of two the bucket keys scale by: about TARGET_BUCKETS buckets over the column's range. */
export function bucketScale(bins: number): number {
  return 2 ** Math.max(0, Math.ceil(Math.log2(TARGET_BUCKETS / bins)));
}

function readBuckets(value: JsonValue | undefined): Array<{ k: number; n: number }> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) =>
    entry && typeof entry === "object" && !Array.isArray(entry) ? [{ k: num(entry["k"]), n: num(entry["n"]) }] : [],
  );
}

/** Equal-width bins from the bucket counts; the maximum (bin `bins`, or just below) goes to the last bin. */
export function toHistogram(
  buckets: ReadonlyArray<{ k: number; n: number }>,
  scale: number,
  bins: number,
  min: number,
  max: number,
  width: number,
): Histogram {
  const counts = new Array<number>(bins).fill(0);
  for (const b of buckets) {
    const bin = Math.min(Math.floor(b.k / scale), bins - 1);
    counts[bin] = (counts[bin] ?? 0) + b.n;
  }
  return {
    kind: "bins",
    bins: counts.map((count, b) => ({
      from: min + width * b,
      to: b === bins - 1 ? max : min + width * (b + 1),
      count,
    })),
  };
}

/** A number from a JSON value (DuckDB returns HUGEINT and the like as strings). */
export function num(value: JsonValue | undefined): number {
  return typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0;
}
