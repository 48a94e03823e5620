/**
 * Histogram and exact quantiles of a numeric column read off its exact GROUP BY (value, count), which an exact
 * profile runs anyway for the distinct count and top values. The bucket route (profile-buckets.ts) done on the
 * groups instead of the rows, inside the same query: the groups are counted per bucket key floor((v - min) /
 * width * S), the buckets holding the wanted ranks located by their running counts, and only their values ranked.
 * No second pass over the rows: measured on the benchmark's 1M rows, CPU ms of the GROUP BY plus the numeric
 * queries, 2 threads: 732k distinct floats 291 → 201, 999k integers 118 → 92, 109k floats 216 → 75.
 *
 * Same figures as the bucket route: the same keys (floor(key / S) is the histogram bin), and the value at a sorted
 * index i is the smallest value, among those of the buckets holding a wanted index, whose running count (all
 * buckets before its own, plus its bucket's values up to it) exceeds i.
 */
import type { JsonRow } from "../data/data-engine.js";
import { literal } from "../data/sql.js";
import { bucketScale, num, toHistogram, type BucketResult } from "./profile-buckets.js";
import type { ColumnProfile } from "./profile-types.js";

/** Extra CTEs and select items over the CTE `counted (v, n)` of a column's GROUP BY, and how to read them. */
export interface GroupedStatistics {
  ctes: string[];
  select: string[];
  /** The histogram and the values at the wanted indexes; null when the bucket route must decide instead. */
  read(row: JsonRow): BucketResult | null;
}

/**
 * The CTEs and select items for a bucketable column `p` (finite min/max from the first pass, positive width) and
 * the 0-based sorted indexes `wanted`. `counted` names the CTE holding one row (v, n) per value; the CTE names
 * start with `prefix`.
 */
export function groupedStatistics(
  p: ColumnProfile,
  bins: number,
  wanted: readonly number[],
  counted: string,
  prefix: string,
): GroupedStatistics {
  const min = p.min as number;
  const max = p.max as number;
  const width = (max - min) / bins;
  const scale = bucketScale(bins);
  const x = "CAST(v AS DOUBLE)";
  const indexes = [...new Set(wanted)].sort((a, b) => a - b);
  const [keyed, buckets, located, targets, ranked] = ["keyed", "buckets", "located", "targets", "ranked"].map(
    (name) => `${prefix}${name}`,
  );
  // NaN and ±Infinity get no bucket, as in the bucket route; their rows then make the counts fall short of the
  // column's, and the bucket route (then quantile_disc) takes over.
  const ctes = [
    `${keyed} AS (SELECT v, n, CAST(floor((${x} - ${literal(min)}) / ${literal(width)} * ${scale}) AS BIGINT) AS k ` +
      `FROM ${counted}${p.kind === "float" ? ` WHERE isfinite(${x})` : ""})`,
    `${buckets} AS (SELECT k, sum(n) AS s FROM ${keyed} GROUP BY k)`,
    `${located} AS (SELECT k, s, sum(s) OVER (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - s AS before FROM ${buckets})`,
    `${targets} AS (SELECT DISTINCT l.k, l.before FROM ${located} l, (SELECT unnest([${indexes.join(", ")}]) AS i) w ` +
      `WHERE w.i >= l.before AND w.i < l.before + l.s)`,
    `${ranked} AS (SELECT g.v, t.before + sum(g.n) OVER (PARTITION BY g.k ORDER BY g.v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS c ` +
      `FROM ${keyed} g JOIN ${targets} t ON g.k = t.k)`,
  ];
  const picks = indexes.map((i) => `min(v) FILTER (WHERE c > ${i})`);
  const select = [
    `(SELECT list({'k': k, 'n': s} ORDER BY k) FROM ${buckets}) AS grouped_buckets`,
    `(SELECT [${picks.join(", ")}] FROM ${ranked}) AS grouped_values`,
  ];
  return {
    ctes,
    select,
    read(row) {
      const entries = row["grouped_buckets"];
      const picked = row["grouped_values"];
      if (!Array.isArray(entries) || !Array.isArray(picked) || picked.length !== indexes.length) return null;
      const counts = entries.flatMap((entry) =>
        entry && typeof entry === "object" && !Array.isArray(entry) ? [{ k: num(entry["k"]), n: num(entry["n"]) }] : [],
      );
      if (counts.reduce((sum, b) => sum + b.n, 0) !== p.count) return null;
      const values = new Map<number, number>();
      for (const [j, i] of indexes.entries()) {
        const value = picked[j];
        if (value === null || value === undefined) return null;
        values.set(i, num(value));
      }
      return { histogram: toHistogram(counts, scale, bins, min, max, width), values };
    },
  };
}
