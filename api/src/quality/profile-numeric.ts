/**
 * Quantiles and equal-width histograms of the numeric columns of a profile. Exact quantiles come from bucket
 * counts: on the column's groups when its GROUP BY gave them (profile-grouped.ts), else two small queries per column
 * (profile-buckets.ts); or from quantile_disc where buckets do not apply;
 * in an approximate profile, quantiles of big columns are those of a row sample (see profile-sampling.ts).
 */
import type { JsonRow } from "../data/data-engine.js";
import { ident, literal } from "../data/sql.js";
import { isNumeric } from "./column-kinds.js";
import { bucketable, bucketStatistics, num, type BucketResult } from "./profile-buckets.js";
import { quantileRankError, sampleRate } from "./profile-sampling.js";
import { PROFILE_QUANTILES, type ColumnProfile, type Quantiles } from "./profile-types.js";

export { num } from "./profile-buckets.js";

/** Runs one query; `rowNumbers` names the row-number column the query reads. */
export type ProfileQuery = (sql: string, rowNumbers?: string) => Promise<JsonRow[]>;

/**
 * Fills in `quantiles` and `histogram` of the numeric columns of `profiles` (counts and bounds already known).
 * `approximate`: columns with many values get sample quantiles, their rank error bound in `estimates`.
 * `grouped`: per column, the histogram and quantile values its GROUP BY already gave (profile-grouped.ts); a
 * null result leaves the column to the bucket route.
 */
export async function numericPass(
  run: ProfileQuery,
  profiles: ColumnProfile[],
  bins: number,
  approximate: boolean,
  rowNumber: string,
  grouped: ReadonlyMap<ColumnProfile, Promise<BucketResult | null>> = new Map(),
): Promise<void> {
  const select: string[] = [];
  const finish: Array<(row: JsonRow) => void> = [];
  const bucketed: ColumnProfile[] = [];
  let sampling = false;
  profiles.forEach((p, i) => {
    if (!isNumeric(p.kind) || p.count === 0) return;
    const sample = approximate ? sampleRate(p.count) : sampleRate(0);
    if (sample.shift > 0) {
      sampling = true;
      sampledQuantiles(p, i, sample.test(`hash(${ident(rowNumber)})`), select, finish);
    } else if (bucketable(p, bins)) {
      bucketed.push(p);
      return;
    } else {
      exactQuantiles(p, i, select, finish);
    }
    histogram(p, i, bins, select, finish);
  });
  // Each bucketed column's two small queries run on their own connections, beside the shared pass.
  await Promise.all([
    ...bucketed.map((p) => bucketedColumn(run, p, bins, grouped.get(p))),
    (async () => {
      if (select.length === 0) return;
      const [row = {}] = await run(`SELECT ${select.join(", ")} FROM input`, sampling ? rowNumber : undefined);
      for (const apply of finish) apply(row);
    })(),
  ]);
}

/**
 * Histogram and exact quantiles from the column's groups when they gave them, else by counting buckets
 * (profile-buckets.ts); quantile_disc if that cannot tell.
 */
async function bucketedColumn(
  run: ProfileQuery,
  p: ColumnProfile,
  bins: number,
  grouped: Promise<BucketResult | null> | undefined,
): Promise<void> {
  const ranks = interpolationRanks(p.count);
  const indexes = quantileIndexes(p.count);
  const { histogram: bucketHistogram, values } =
    (await grouped) ?? (await bucketStatistics((sql) => run(sql), p, bins, indexes));
  p.histogram = bucketHistogram;
  if (values) {
    const at = (k: number) => values.get(k) ?? 0;
    p.quantiles = toQuantiles(ranks.map((r) => at(r.lo) + (at(r.hi) - at(r.lo)) * r.fraction));
    return;
  }
  const select: string[] = [];
  const finish: Array<(row: JsonRow) => void> = [];
  exactQuantiles(p, 0, select, finish);
  const [row = {}] = await run(`SELECT ${select.join(", ")} FROM input`);
  for (const apply of finish) apply(row);
}

/** The 0-based sorted indexes whose values the exact quantiles of `count` values interpolate between. */
export function quantileIndexes(count: number): number[] {
  return [...new Set(interpolationRanks(count).flatMap((r) => [r.lo, r.hi]))];
}

/** For each profile quantile q: the order statistics at floor(h) and floor(h) + 1, h = (n - 1) q, and h's fraction. */
function interpolationRanks(count: number): Array<{ lo: number; hi: number; fraction: number }> {
  return PROFILE_QUANTILES.map((q) => {
    const h = (count - 1) * q;
    const lo = Math.floor(h);
    return { lo, hi: Math.min(lo + 1, count - 1), fraction: h - lo };
  });
}

/**
 * Quantiles interpolate linearly between the order statistics at floor(h) and floor(h) + 1, h = (n - 1) q, as
 * pandas does. Those order statistics come from quantile_disc, which returns the value at index ceil(n q') - 1:
 * asking for q' = (i + 0.5) / n lands on index i with half a rank to spare for rounding. (DuckDB's own
 * quantile_cont gives the same figures but runs about twice as slow with a list of quantiles.) On the column's
 * own type: quantiles of integers run several times faster than of their DOUBLE casts.
 */
function exactQuantiles(p: ColumnProfile, i: number, select: string[], finish: Array<(row: JsonRow) => void>): void {
  const ranks = interpolationRanks(p.count);
  const indexes = [...new Set(ranks.flatMap((r) => [r.lo, r.hi]))];
  select.push(
    `quantile_disc(${ident(p.name)}, [${indexes.map((k) => literal((k + 0.5) / p.count)).join(", ")}]) AS q_${i}`,
  );
  finish.push((row) => {
    const values = row[`q_${i}`];
    if (!Array.isArray(values)) return;
    const at = (k: number) => num(values[indexes.indexOf(k)]);
    p.quantiles = toQuantiles(ranks.map((r) => at(r.lo) + (at(r.hi) - at(r.lo)) * r.fraction));
  });
}

/** The same interpolation, in the row sample (quantile_cont: the sample is small, its speed does not matter). */
function sampledQuantiles(
  p: ColumnProfile,
  i: number,
  sampled: string,
  select: string[],
  finish: Array<(row: JsonRow) => void>,
): void {
  const c = ident(p.name);
  select.push(
    `quantile_cont(${c}, [${PROFILE_QUANTILES.join(", ")}]) FILTER (WHERE ${sampled}) AS q_${i}`,
    `count(${c}) FILTER (WHERE ${sampled}) AS qn_${i}`,
  );
  finish.push((row) => {
    const values = row[`q_${i}`];
    if (!Array.isArray(values)) return;
    p.quantiles = toQuantiles(values.map(num));
    const size = num(row[`qn_${i}`]);
    p.estimates = { ...(p.estimates ?? { distinctRelativeError: null }), quantileRankError: quantileRankError(size) };
  });
}

/** Histogram bin = floor((x - min) / width) over finite values, the maximum going to the last bin. */
function histogram(
  p: ColumnProfile,
  i: number,
  bins: number,
  select: string[],
  finish: Array<(row: JsonRow) => void>,
): void {
  if (typeof p.min !== "number" || typeof p.max !== "number" || !Number.isFinite(p.min) || !Number.isFinite(p.max))
    return;
  const x = `CAST(${ident(p.name)} AS DOUBLE)`;
  const min = p.min;
  const max = p.max;
  const width = (max - min) / bins;
  // The maximum lands on bin `bins` (or just below): folded into the last bin here, not by a least() per row.
  // A constant column has one bin; x * 0 keeps nulls out of it.
  const bin =
    width > 0 ? `CAST(floor((${x} - ${literal(min)}) / ${literal(width)}) AS INTEGER)` : `CAST(${x} * 0 AS INTEGER)`;
  // Only floats can be NaN or infinite (whose bin would not cast): the CASE costs, so integers go without.
  select.push(`histogram(${p.kind === "float" ? `CASE WHEN isfinite(${x}) THEN ${bin} END` : bin}) AS h_${i}`);
  finish.push((row) => {
    const counts = new Map<number, number>();
    const entries = row[`h_${i}`];
    if (Array.isArray(entries)) {
      for (const entry of entries) {
        if (!entry || typeof entry !== "object" || Array.isArray(entry)) continue;
        const b = Math.min(num(entry["key"]), bins - 1);
        counts.set(b, (counts.get(b) ?? 0) + num(entry["value"]));
      }
    }
    const n = width > 0 ? bins : 1;
    p.histogram = {
      kind: "bins",
      bins: Array.from({ length: n }, (_, b) => ({
        from: min + width * b,
        to: b === n - 1 ? max : min + width * (b + 1),
        count: counts.get(b) ?? 0,
      })),
    };
  });
}

function toQuantiles(values: number[]): Quantiles | null {
  const [p05, p25, p50, p75, p95] = values;
  if (p05 === undefined || p25 === undefined || p50 === undefined || p75 === undefined || p95 === undefined)
    return null;
  return { p05, p25, p50, p75, p95 };
}
