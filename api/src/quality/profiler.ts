/**
 * Profiles any stored table (a dataset read into Parquet, a step output): per column its type, nulls, distinct
 * values, min/max/mean/std, quantiles, a histogram and the top values. All figures are SQL aggregates run by the
 * engine: a bounds query and one pass for counts and moments, and one GROUP BY per column for its distinct count
 * and top values, which in an exact profile also gives a numeric column's quantiles and histogram (from its groups,
 * profile-grouped.ts) and a string's min/max; otherwise two small queries per numeric column count buckets
 * (profile-buckets.ts). All run concurrently where they do not depend on each other. No row is looped over in JS.
 *
 * Approximate profiles (ProfileOptions.approximate) skip the two costly parts on big tables: the GROUP BY of
 * columns with very many distinct values (their distinct count is estimated in the first pass) and exact
 * quantiles (those of a row sample); see profile-sampling.ts for the samples and their error bounds.
 */
import type { ColumnSpec, DataEngine, JsonRow, JsonValue, NamedInputs } from "../data/data-engine.js";
import { ident } from "../data/sql.js";
import { columnKind, isNumeric, isTemporal, type ColumnKind } from "./column-kinds.js";
import { bucketable, type BucketResult } from "./profile-buckets.js";
import { groupedStatistics } from "./profile-grouped.js";
import { num, numericPass, quantileIndexes } from "./profile-numeric.js";
import { distinctEstimate, sampleRate, type SampleRate } from "./profile-sampling.js";
import type { ColumnProfile, ProfileOptions, TableProfile, ValueCount } from "./profile-types.js";

export { ESTIMATE_CONFIDENCE } from "./profile-sampling.js";
export * from "./profile-types.js";

/** ProfileOptions.approximate "auto" approximates tables from this many rows on. */
export const APPROXIMATE_FROM_ROWS = 2_000_000;
/** Default ProfileOptions.exactDistinctLimit. */
export const EXACT_DISTINCT_LIMIT = 100_000;

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
  const run = (sql: string, rowNumberColumn?: string, denseGroups = false) =>
    engine.query(sql, inputs, {
      maxRows: 1000,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(rowNumberColumn !== undefined ? { rowNumberColumn } : {}),
      ...(denseGroups ? { denseGroups } : {}),
    });
  const columns = await engine.describe("SELECT * FROM input", inputs);
  const mode = options.approximate ?? false;
  // Parquet keeps the row count in its metadata: this costs next to nothing.
  const tableRows = mode === false ? 0 : num((await run("SELECT count(*) AS n FROM input"))[0]?.["n"]);
  const approximate = mode === true || (mode === "auto" && tableRows >= APPROXIMATE_FROM_ROWS);
  const rowNumber = freshName(
    columns.map((c) => c.name),
    "__mr_row_number",
  );

  const distinctSample = approximate ? sampleRate(tableRows) : null;
  // In an exact profile every column is grouped: strings and booleans take their min/max from their groups (a few
  // groups, mostly) rather than from comparisons over every row in the first pass (~50 ms CPU on 1M rows, 4 strings).
  // The bounds query first, alone: answered from Parquet statistics it takes ~2 ms, but queued behind the GROUP BYs
  // below it waited ~70 ms for DuckDB's threads, and the first pass (on the critical path) waits for it.
  const bounds = await boundsOf(run, columns);
  const statistics = firstPass(run, columns, distinctSample, bounds, !approximate);
  // An exact profile groups every column whatever the first pass finds: those GROUP BYs (the bulk of the work)
  // start beside it rather than after it, so both cores stay busy. Numeric columns wait for it: an integer's range
  // (min and max) says whether it can be grouped in an array (see denseGrouping), several times cheaper, and the
  // bounds let a numeric column's groups give its histogram and quantiles as well (profile-grouped.ts).
  const grouping = approximate
    ? null
    : columns.map((column) =>
        isNumeric(columnKind(column.type))
          ? null
          : distinctAndTop(
              run,
              column.name,
              topK,
              false,
              boundedByGroups(columnKind(column.type)) ? { select: GROUP_BOUNDS } : undefined,
            ),
      );
  // Awaited below; this only keeps a failure while the first pass is still running from going unhandled.
  for (const pending of grouping ?? []) pending?.catch(() => undefined);
  const [stats = {}] = await statistics;
  const rows = num(stats["n"]);
  const profiles = columns.map((column, i) => baseProfile(column, i, stats, rows));
  const limit = Math.max(0, options.exactDistinctLimit ?? EXACT_DISTINCT_LIMIT);
  const counted = profiles.filter((profile, i) => {
    if (profile.count === 0) return false;
    if (!distinctSample || distinctSample.shift === 0) return true;
    const { estimate, relativeError } = distinctEstimate(num(stats[`ds_${i}`]), distinctSample.rate);
    if (estimate <= limit) return true;
    profile.distinct = Math.min(estimate, profile.count);
    profile.estimates = { distinctRelativeError: relativeError, quantileRankError: null };
    return false;
  });
  const setDistinct = (profile: ColumnProfile, { distinct, top, row }: DistinctAndTop) => {
    profile.distinct = distinct;
    profile.topValues = top;
    if (!approximate && boundedByGroups(profile.kind)) {
      profile.min = row["bounds_min"] ?? null;
      profile.max = row["bounds_max"] ?? null;
    }
    if (profile.kind === "string" || profile.kind === "boolean") profile.histogram = { kind: "top", values: top };
  };

  // The remaining groupings and the numeric queries need the first pass's counts and bounds. A numeric column's
  // GROUP BY in an exact profile also counts its groups per bucket and ranks them (profile-grouped.ts): the numeric
  // pass then takes its histogram and quantiles from there instead of counting buckets over every row.
  const fromGroups = new Map<ColumnProfile, Promise<BucketResult | null>>();
  const distincts = (grouping ? profiles : counted).map(async (profile, i) => {
    const started = grouping?.[i];
    if (!counted.includes(profile)) return started;
    let pending = started;
    if (!pending) {
      const statistics =
        !approximate && isNumeric(profile.kind) && bucketable(profile, bins)
          ? groupedStatistics(profile, bins, quantileIndexes(profile.count), "counted", "__mr_")
          : null;
      pending = distinctAndTop(run, profile.name, topK, denseGrouping(profile), statistics ?? undefined);
      if (statistics) {
        const read = pending.then((result) => statistics.read(result.row));
        read.catch(() => undefined); // awaited by the numeric pass; a failure is reported through `pending`
        fromGroups.set(profile, read);
      }
    }
    setDistinct(profile, await pending);
  });
  await Promise.all([numericPass(run, profiles, bins, approximate, rowNumber, fromGroups), ...distincts]);
  return { rows, columns: profiles, approximate: profiles.some((p) => p.estimates !== null) };
}

/**
 * Min and max of the numeric and temporal columns, alone in their query: DuckDB answers it from the Parquet
 * statistics without decoding the values (1M rows, 6 columns: ~2 ms against ~55 ms CPU inside the first pass).
 */
async function boundsOf(run: (sql: string) => Promise<JsonRow[]>, columns: readonly ColumnSpec[]): Promise<JsonRow> {
  const bounded = columns.flatMap((column, i) => {
    const kind = columnKind(column.type);
    const c = ident(column.name);
    return isNumeric(kind) || isTemporal(kind) ? [`min(${c}) AS min_${i}`, `max(${c}) AS max_${i}`] : [];
  });
  const [bounds = {}] = bounded.length > 0 ? await run(`SELECT ${bounded.join(", ")} FROM input`) : [];
  return bounds;
}

/**
 * The first pass, given `bounds` (boundsOf): counts, min/max, mean and standard deviation of every column; in an
 * approximate profile, also each column's distinct values in the sampled share of the hash range (see
 * profile-sampling.ts).
 */
async function firstPass(
  run: (sql: string) => Promise<JsonRow[]>,
  columns: readonly ColumnSpec[],
  distinctSample: SampleRate | null,
  bounds: JsonRow,
  boundsFromGroups: boolean,
): Promise<JsonRow[]> {
  // A float column whose bounds are finite (or null: no values) holds no NaN and no ±Infinity: its figures need no
  // guard. The others get the finite-values projection, and their bounds over finite values from the pass.
  const nonFinite = new Set(
    columns.flatMap((column, i) =>
      columnKind(column.type) === "float" && !(finiteOrNull(bounds[`min_${i}`]) && finiteOrNull(bounds[`max_${i}`]))
        ? [i]
        : [],
    ),
  );
  const [stats = {}] = await run(statisticsSql(columns, distinctSample, nonFinite, boundsFromGroups));
  return [{ ...bounds, ...stats }];
}

function finiteOrNull(value: JsonValue | undefined): boolean {
  return value === null || value === undefined || (typeof value === "number" && Number.isFinite(value));
}

/**
 * The aggregate pass: counts of every column; min/max of the float columns in `nonFinite` (over finite values), and
 * of strings and booleans unless `boundsFromGroups` (numeric and temporal ones come from the bounds query); mean
 * and standard deviation of numeric columns.
 */
function statisticsSql(
  columns: readonly ColumnSpec[],
  distinctSample: SampleRate | null,
  nonFinite: ReadonlySet<number>,
  boundsFromGroups: boolean,
): string {
  const select = ["count(*) AS n"];
  // Floats: NaN and ±Infinity count as values but stay out of min/max/mean/std (as out of the histogram): DuckDB
  // sorts NaN above everything, and stddev_samp fails outright on a column holding one. Each float column holding
  // any is projected once with its non-finite values as NULL (which these aggregates skip): a FILTER on each of
  // the four aggregates evaluated isfinite four times per row (first pass 313 → 195 ms CPU on the benchmark's
  // table), and the projection itself costs ~15 ms per column, hence only where needed.
  const finiteColumns: string[] = [];
  const taken = columns.map((column) => column.name);
  columns.forEach((column, i) => {
    const c = ident(column.name);
    const kind = columnKind(column.type);
    select.push(`count(${c}) AS nn_${i}`);
    let v = c;
    if (nonFinite.has(i)) {
      v = ident(freshName(taken, `__mr_finite_${i}`));
      finiteColumns.push(`CASE WHEN isfinite(${c}) THEN ${c} END AS ${v}`);
    }
    if (nonFinite.has(i) || (!boundsFromGroups && boundedByGroups(kind))) {
      select.push(`min(${v}) AS min_${i}`, `max(${v}) AS max_${i}`);
    }
    if (isNumeric(kind)) {
      const x = `CAST(${v} AS DOUBLE)`;
      select.push(`avg(${x}) AS avg_${i}`, `stddev_samp(${x}) AS sd_${i}`);
    }
    if (kind === "boolean") select.push(`avg(CAST(${c} AS INTEGER)) AS avg_${i}`);
    if (distinctSample && distinctSample.shift > 0) {
      const h = `hash(${c})`;
      select.push(`count(DISTINCT ${h}) FILTER (WHERE ${c} IS NOT NULL AND ${distinctSample.test(h)}) AS ds_${i}`);
    }
  });
  const from = finiteColumns.length > 0 ? `(SELECT *, ${finiteColumns.join(", ")} FROM input)` : "input";
  return `SELECT ${select.join(", ")} FROM ${from}`;
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
    estimates: null,
  };
}

/**
 * Whether to hint the engine that an integer column's GROUP BY can use an array indexed by the value
 * (QueryOptions.denseGroups): when its values span at most 2^20 and the column has at least a quarter as many values
 * as its range (the array is allocated and scanned whole; on 1M rows spanning 1M values: 190 → 55 ms CPU).
 */
export function denseGrouping(profile: Pick<ColumnProfile, "kind" | "count" | "min" | "max">): boolean {
  const { kind, count, min, max } = profile;
  if (kind !== "integer" || typeof min !== "number" || typeof max !== "number") return false;
  const span = max - min + 1;
  return span <= DENSE_SPAN_LIMIT && count * 4 >= span;
}

/** Integer ranges up to this many values can be grouped in an array (the engine's DENSE_GROUP_BITS). */
const DENSE_SPAN_LIMIT = 2 ** 20;

interface DistinctAndTop {
  distinct: number;
  top: ValueCount[];
  /** The whole result row (with the `extra` items asked for). */
  row: JsonRow;
}

/**
 * Exact distinct count and most frequent values of one column from a single GROUP BY (materialized as `counted`
 * (v, n), so the grouping runs once for both and for `extra`). Ties are broken by value, so the answer is
 * deterministic.
 */
async function distinctAndTop(
  run: (sql: string, rowNumberColumn?: string, denseGroups?: boolean) => Promise<JsonRow[]>,
  column: string,
  k: number,
  dense: boolean,
  extra: { ctes?: readonly string[]; select: readonly string[] } = { select: [] },
): Promise<DistinctAndTop> {
  const c = ident(column);
  const sql =
    `WITH counted AS MATERIALIZED (SELECT ${c} AS v, count(*) AS n FROM input WHERE ${c} IS NOT NULL GROUP BY 1)` +
    (extra.ctes ?? []).map((cte) => `, ${cte}`).join("") +
    " " +
    `SELECT (SELECT count(*) FROM counted) AS d, ` +
    `(SELECT list({'value': v, 'count': n} ORDER BY n DESC, v) FROM (SELECT v, n FROM counted ORDER BY n DESC, v LIMIT ${k})) AS top` +
    extra.select.map((item) => `, ${item}`).join("");
  const [row = {}] = await run(sql, undefined, dense);
  const top = Array.isArray(row["top"]) ? row["top"] : [];
  return {
    row,
    distinct: num(row["d"]),
    top: top.map((entry) => {
      const item = entry && typeof entry === "object" && !Array.isArray(entry) ? entry : {};
      return { value: item["value"] ?? null, count: num(item["count"]) };
    }),
  };
}

/** Kinds whose min/max an exact profile reads off the column's groups (select items GROUP_BOUNDS). */
function boundedByGroups(kind: ColumnKind): boolean {
  return kind === "string" || kind === "boolean";
}

const GROUP_BOUNDS = ["(SELECT min(v) FROM counted) AS bounds_min", "(SELECT max(v) FROM counted) AS bounds_max"];

/** A name for the query's row-number column that no table column has. */
function freshName(names: readonly string[], base: string): string {
  const taken = new Set(names.map((name) => name.toLowerCase()));
  let name = base;
  for (let i = 1; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  return name;
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.floor(value)));
}

function numOrNull(value: JsonValue | undefined): number | null {
  return typeof value === "number" ? value : null;
}
