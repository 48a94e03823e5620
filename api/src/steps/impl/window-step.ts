/**
 * Time-series windows: each partition (e.g. one HMP recording, `source`) is cut, in input order unless `orderBy`
 * is set, into windows of `size` rows starting every `step` rows; only full windows are kept. Per window and
 * column: MEAN, STD (sample standard deviation, as pandas' std()), MIN, MAX; MAGNITUDE_MEAN is the mean of
 * sqrt(c1² + c2² + …) over the listed columns. `keep` columns come from the window's first row.
 * All in one SQL query: each row joins the windows it belongs to, then one GROUP BY computes every statistic.
 */
import { ident, identList } from "../../data/sql.js";
import type { StepInvocation, StepResult } from "../../engine/step-runtime.js";
import { ConfigReader } from "./config.js";
import { materializeStep, ROW } from "./materialize.js";
import { count, failure, nodeName, onlyInput, requireColumn, resultOf, typeOf, type StepDeps } from "./step-context.js";

const STATS = ["MEAN", "STD", "MIN", "MAX", "MAGNITUDE_MEAN"] as const;
type Stat = (typeof STATS)[number];

const PER_COLUMN: Record<Exclude<Stat, "MAGNITUDE_MEAN">, { fn: string; suffix: string }> = {
  MEAN: { fn: "avg", suffix: "mean" },
  STD: { fn: "stddev_samp", suffix: "std" },
  MIN: { fn: "min", suffix: "min" },
  MAX: { fn: "max", suffix: "max" },
};

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/;

export interface WindowSpec {
  partitionBy: string[];
  orderBy?: string;
  size: number;
  step: number;
  columns: string[];
  stats: Stat[];
  keep: string[];
}

export async function windowRows(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const { node } = invocation;
  const config = new ConfigReader(node);
  const orderBy = config.optionalString("orderBy");
  const spec: WindowSpec = {
    partitionBy: config.strings("partitionBy"),
    ...(orderBy !== undefined ? { orderBy } : {}),
    size: config.integer("size", 64),
    step: config.integer("step", 32),
    columns: config.strings("columns"),
    stats: config.strings("stats", ["MEAN", "STD", "MIN", "MAX"]).map((s) => {
      if (!(STATS as readonly string[]).includes(s)) throw failure(`${nodeName(node)}: unknown statistic "${s}"`);
      return s as Stat;
    }),
    keep: config.strings("keep"),
  };
  if (spec.size < 1 || spec.step < 1) throw failure(`${nodeName(node)}: size and step must be at least 1`);
  if (spec.partitionBy.length === 0 || spec.columns.length === 0)
    throw failure(`${nodeName(node)}: partitionBy and columns need at least one column`);
  for (const c of spec.partitionBy) requireColumn(input, c, node, "partitionBy");
  if (spec.orderBy !== undefined) requireColumn(input, spec.orderBy, node, "orderBy");
  for (const c of spec.keep) requireColumn(input, c, node, "keep");
  for (const c of spec.columns) {
    requireColumn(input, c, node, "the summarised columns");
    if (!NUMERIC.test(typeOf(input, c)))
      throw failure(`${nodeName(node)}: column "${c}" is ${typeOf(input, c)}; window statistics need numbers`, {
        column: c,
      });
  }
  const output = await materializeStep(invocation, deps, windowSql(spec), { rowNumbers: true, what: "the windows" });
  invocation.log(
    "INFO",
    `cut ${count(input.rows)} rows into ${count(output.rows)} windows of ${spec.size} rows every ${spec.step} (per ${spec.partitionBy.join(", ")})`,
  );
  return resultOf(output, input.rows);
}

/** The SELECT computing the windows; reads the view `input` with row positions in the ROW column. */
export function windowSql(spec: WindowSpec): string {
  const { size, step } = spec;
  const partition = identList(spec.partitionBy);
  const row = ident(ROW);
  const order = spec.orderBy !== undefined ? `${ident(spec.orderBy)}, ${row}` : row;
  const stats: string[] = [];
  for (const column of spec.columns) {
    for (const stat of spec.stats) {
      if (stat === "MAGNITUDE_MEAN") continue;
      const { fn, suffix } = PER_COLUMN[stat];
      stats.push(`${fn}(${ident(column)}) AS ${ident(`${column}_${suffix}`)}`);
    }
  }
  if (spec.stats.includes("MAGNITUDE_MEAN")) {
    stats.push(
      `avg(sqrt(${spec.columns.map((c) => `${ident(c)}::DOUBLE * ${ident(c)}::DOUBLE`).join(" + ")})) AS magnitude_mean`,
    );
  }
  const keep = spec.keep
    .filter((c) => !spec.partitionBy.includes(c))
    .map((c) => `arg_min(${ident(c)}, __millrace_pos) AS ${ident(c)}`);
  // Row at position p (0-based in its partition) is in windows w with w*step <= p < w*step + size.
  const firstWindow = `CASE WHEN __millrace_pos < ${size} THEN 0 ELSE (__millrace_pos - ${size} + ${step}) // ${step} END`;
  return `
WITH numbered AS (
  SELECT *,
    row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) - 1 AS __millrace_pos,
    count(*) OVER (PARTITION BY ${partition}) AS __millrace_n,
    min(${row}) OVER (PARTITION BY ${partition}) AS __millrace_first
  FROM input
),
members AS (
  SELECT *, unnest(generate_series(${firstWindow}, __millrace_pos // ${step})) AS __millrace_window
  FROM numbered
)
SELECT ${partition}, __millrace_window AS window_index${keep.length ? `, ${keep.join(", ")}` : ""}, ${stats.join(", ")}
FROM members
WHERE __millrace_window * ${step} + ${size} <= __millrace_n
GROUP BY ${partition}, __millrace_window, __millrace_first
ORDER BY __millrace_first, __millrace_window`;
}
