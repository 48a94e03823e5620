/**
 * Profiles any stored table (a dataset read into Parquet, a step output): per column its type, nulls, distinct
 * values, min/max/mean/std, quantiles, a histogram and the top values. All figures are SQL aggregates run by the
 * engine: one pass for counts and moments, one for every numeric column's quantiles and histogram, and one
 * GROUP BY per column for its distinct count and top values (run concurrently). No row is looped over in JS.
 */
import type { ColumnSpec, DataEngine, JsonRow, JsonValue, NamedInputs } from "../data/data-engine.js";
import { ident, literal } from "../data/sql.js";
import { columnKind, isNumeric, isTemporal, type ColumnKind } from "./column-kinds.js";

/** The quantiles every numeric column gets. */
export const PROFILE_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** p05…p95 of a numeric column. */
export interface Quantiles {
  p05: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
}

/** One equal-width bin of a numeric histogram. */
export interface HistogramBin {
  /** Lower edge (inclusive). */
  from: number;
  /** Upper edge (exclusive, except for the last bin which holds the maximum). */
  to: number;
  count: number;
}

/** A value and how many rows hold it. */
export interface ValueCount {
  value: JsonValue;
  count: number;
}

/** Numeric columns: equal-width bins; text and booleans: the most frequent values. */
export type Histogram = { kind: "bins"; bins: HistogramBin[] } | { kind: "top"; values: ValueCount[] };

/** Everything profiled about one column. */
export interface ColumnProfile {
  name: string;
  type: string;
  kind: ColumnKind;
  /** Non-null values. */
  count: number;
  nulls: number;
  /** nulls / rows; null for an empty table. */
  nullRatio: number | null;
  /** Distinct non-null values (exact). */
  distinct: number;
  /** Smallest and largest value (numbers, strings, dates, booleans); null for other types or no values. */
  min: JsonValue;
  max: JsonValue;
  /** Numeric columns: mean; boolean columns: share of true. */
  mean: number | null;
  /** Sample standard deviation (n - 1), numeric columns with 2 or more values. */
  std: number | null;
  /** Linear-interpolated quantiles (as pandas' default), numeric columns only. */
  quantiles: Quantiles | null;
  /** Numeric: equal-width bins between min and max over finite values; strings and booleans: the top values. */
  histogram: Histogram | null;
  /** Most frequent non-null values, most frequent first, ties by value. */
  topValues: ValueCount[];
}

/** A table's profile: its row count and one profile per column, in table order. */
export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
}

/** Knobs of profileTable. */
export interface ProfileOptions {
  /** Equal-width bins of numeric histograms (default 10, 1 to 100). */
  bins?: number;
  /** Top values kept per column (default 10, 0 to 100). */
  topValues?: number;
  signal?: AbortSignal;
}

type Engine = Pick<DataEngine, "query" | "describe">;

/** Profiles the stored output at `location` (`StepOutput.location`). */
export async function profileTable(
  engine: Engine,
  location: string,
  options: ProfileOptions = {},
): Promise<TableProfile> {
  const bins = clamp(options.bins ?? 10, 1, 100);
  const topK = clamp(options.topValues ?? 10, 0, 100);
  const inputs: NamedInputs = { input: location };
  const run = (sql: string) =>
    engine.query(sql, inputs, { maxRows: 1000, ...(options.signal ? { signal: options.signal } : {}) });
  const columns = await engine.describe("SELECT * FROM input", inputs);

  const [stats = {}] = await run(statisticsSql(columns));
  const rows = num(stats["n"]);
  const profiles = columns.map((column, i) => baseProfile(column, i, stats, rows));

  // Both need the first pass's counts and bounds; they are independent of each other.
  await Promise.all([
    numericPass(run, profiles, bins),
    ...profiles.map(async (profile) => {
      if (profile.count === 0) return;
      const { distinct, top } = await distinctAndTop(run, profile, topK);
      profile.distinct = distinct;
      profile.topValues = top;
      if (profile.kind === "string" || profile.kind === "boolean") profile.histogram = { kind: "top", values: top };
    }),
  ]);
  return { rows, columns: profiles };
}

/** One aggregate pass: counts, min/max, mean and standard deviation of every column. */
function statisticsSql(columns: readonly ColumnSpec[]): string {
  const select = ["count(*) AS n"];
  columns.forEach((column, i) => {
    const c = ident(column.name);
    const kind = columnKind(column.type);
    select.push(`count(${c}) AS nn_${i}`);
    if (isNumeric(kind) || isTemporal(kind) || kind === "string" || kind === "boolean") {
      select.push(`min(${c}) AS min_${i}`, `max(${c}) AS max_${i}`);
    }
    if (isNumeric(kind)) {
      const x = `CAST(${c} AS DOUBLE)`;
      select.push(`avg(${x}) AS avg_${i}`, `stddev_samp(${x}) AS sd_${i}`);
    }
    if (kind === "boolean") select.push(`avg(CAST(${c} AS INTEGER)) AS avg_${i}`);
  });
  return `SELECT ${select.join(", ")} FROM input`;
}

function baseProfile(column: ColumnSpec, i: number, stats: JsonRow, rows: number): ColumnProfile {
  const count = num(stats[`nn_${i}`]);
  return {
    name: column.name,
    type: column.type,
    kind: columnKind(column.type),
    count,
    nulls: rows - count,
    nullRatio: rows === 0 ? null : (rows - count) / rows,
    distinct: 0,
    min: stats[`min_${i}`] ?? null,
    max: stats[`max_${i}`] ?? null,
    mean: numOrNull(stats[`avg_${i}`]),
    std: numOrNull(stats[`sd_${i}`]),
    quantiles: null,
    histogram: null,
    topValues: [],
  };
}

/**
 * Quantiles and equal-width histograms of every numeric column, in one pass.
 *
 * Quantiles interpolate linearly between the order statistics at floor(h) and floor(h) + 1, h = (n - 1) q, as
 * pandas does. Those order statistics come from quantile_disc, which returns the value at index ceil(n q') - 1:
 * asking for q' = (i + 0.5) / n lands on index i with half a rank to spare for rounding. (DuckDB's own
 * quantile_cont gives the same figures but runs about twice as slow with a list of quantiles.)
 *
 * Histogram bin = floor((x - min) / width), the maximum going to the last bin, over finite values.
 */
async function numericPass(
  run: (sql: string) => Promise<JsonRow[]>,
  profiles: ColumnProfile[],
  bins: number,
): Promise<void> {
  const select: string[] = [];
  const finish: Array<(row: JsonRow) => void> = [];
  profiles.forEach((p, i) => {
    if (!isNumeric(p.kind) || p.count === 0) return;
    const x = `CAST(${ident(p.name)} AS DOUBLE)`;
    // On the column's own type: quantiles of integers run several times faster than of their DOUBLE casts.
    const ranks = PROFILE_QUANTILES.map((q) => {
      const h = (p.count - 1) * q;
      const lo = Math.floor(h);
      return { lo, hi: Math.min(lo + 1, p.count - 1), fraction: h - lo };
    });
    const indexes = [...new Set(ranks.flatMap((r) => [r.lo, r.hi]))];
    select.push(
      `quantile_disc(${ident(p.name)}, [${indexes.map((k) => literal((k + 0.5) / p.count)).join(", ")}]) AS q_${i}`,
    );
    finish.push((row) => {
      const values = row[`q_${i}`];
      if (!Array.isArray(values)) return;
      const at = (k: number) => num(values[indexes.indexOf(k)]);
      const [p05, p25, p50, p75, p95] = ranks.map((r) => at(r.lo) + (at(r.hi) - at(r.lo)) * r.fraction);
      if (p95 !== undefined && p05 !== undefined && p25 !== undefined && p50 !== undefined && p75 !== undefined) {
        p.quantiles = { p05, p25, p50, p75, p95 };
      }
    });

    if (typeof p.min !== "number" || typeof p.max !== "number" || !Number.isFinite(p.min) || !Number.isFinite(p.max))
      return;
    const min = p.min;
    const max = p.max;
    const width = (max - min) / bins;
    const bin =
      width > 0 ? `least(CAST(floor((${x} - ${literal(min)}) / ${literal(width)}) AS INTEGER), ${bins - 1})` : "0";
    select.push(`histogram(CASE WHEN isfinite(${x}) THEN ${bin} END) AS h_${i}`);
    finish.push((row) => {
      const counts = new Map<number, number>();
      const entries = row[`h_${i}`];
      if (Array.isArray(entries)) {
        for (const entry of entries) {
          if (entry && typeof entry === "object" && !Array.isArray(entry))
            counts.set(num(entry["key"]), num(entry["value"]));
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
  });
  if (select.length === 0) return;
  const [row = {}] = await run(`SELECT ${select.join(", ")} FROM input`);
  for (const apply of finish) apply(row);
}

/**
 * Exact distinct count and most frequent values of one column from a single GROUP BY (materialized, so the
 * grouping runs once for both). Ties are broken by value, so the answer is deterministic.
 */
async function distinctAndTop(
  run: (sql: string) => Promise<JsonRow[]>,
  profile: ColumnProfile,
  k: number,
): Promise<{ distinct: number; top: ValueCount[] }> {
  const c = ident(profile.name);
  const sql =
    `WITH counted AS MATERIALIZED (SELECT ${c} AS v, count(*) AS n FROM input WHERE ${c} IS NOT NULL GROUP BY 1) ` +
    `SELECT (SELECT count(*) FROM counted) AS d, ` +
    `(SELECT list({'value': v, 'count': n} ORDER BY n DESC, v) FROM (SELECT v, n FROM counted ORDER BY n DESC, v LIMIT ${k})) AS top`;
  const [row = {}] = await run(sql);
  const top = Array.isArray(row["top"]) ? row["top"] : [];
  return {
    distinct: num(row["d"]),
    top: top.map((entry) => {
      const item = entry && typeof entry === "object" && !Array.isArray(entry) ? entry : {};
      return { value: item["value"] ?? null, count: num(item["count"]) };
    }),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(value)));
}

function num(value: JsonValue | undefined): number {
  return typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0;
}

function numOrNull(value: JsonValue | undefined): number | null {
  return typeof value === "number" ? value : null;
}
