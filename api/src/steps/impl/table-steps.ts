/**
 * Transforms over whole tables: dedupe, sort, limit/sample, aggregate, join and union. Every result has a
 * defined row order (input order, or the sort keys then input order), so a rerun gives the same file.
 */
import { ident, identList } from "../../data/sql.js";
import type { StepInvocation, StepOutput, StepResult } from "../../engine/step-runtime.js";
import { ConfigReader } from "./config.js";
import { materializeStep, ROW } from "./materialize.js";
import { count, failure, nodeName, onlyInput, requireColumn, resultOf, type StepDeps } from "./step-context.js";
import { hash32Sql, streamKey } from "./seeded-hash.js";

const row = ident(ROW);

export async function dedupeRows(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const keys = new ConfigReader(invocation.node).strings("columns");
  for (const key of keys) requireColumn(input, key, invocation.node, "the key columns");
  const partition = identList(keys.length > 0 ? keys : input.columns.map((c) => c.name));
  const sql = `SELECT * EXCLUDE (${row}) FROM input QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${row}) = 1 ORDER BY ${row}`;
  const output = await materializeStep(invocation, deps, sql, { rowNumbers: true });
  invocation.log(
    "INFO",
    `removed ${count(input.rows - output.rows)} duplicate rows of ${count(input.rows)}${keys.length ? ` (key ${keys.join(", ")})` : ""}`,
  );
  return resultOf(output, input.rows);
}

export async function sortRows(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const by = config.objects("by").map((item, i) => {
    const column = config.field(item, "by", i, "column");
    requireColumn(input, column, invocation.node, "the sort keys");
    return `${ident(column)} ${item["descending"] === true ? "DESC" : "ASC"} NULLS LAST`;
  });
  // Ties keep their input order: a stable sort.
  const sql = `SELECT * EXCLUDE (${row}) FROM input ORDER BY ${by.join(", ")}, ${row}`;
  const output = await materializeStep(invocation, deps, sql, { rowNumbers: true });
  invocation.log("INFO", `sorted ${count(output.rows)} rows`);
  return resultOf(output, input.rows);
}

export async function limitRows(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const mode = config.oneOf("mode", ["FIRST", "SAMPLE_ROWS", "SAMPLE_FRACTION"] as const, "FIRST");
  const seed = config.integer("seed", 42);
  // A row's draw depends only on the seed and its position, so a sample is the same on every run.
  const draw = hash32Sql(`xor((${row} % 4294967296)::UBIGINT, ${streamKey(seed, 0)}::UBIGINT)`);
  let sql: string;
  let what: string;
  if (mode === "FIRST") {
    const rows = config.integer("rows", 1000);
    // preserve_insertion_order (sandbox.ts) makes a plain LIMIT the first rows, and it stops the scan early.
    sql = `SELECT * FROM input LIMIT ${rows}`;
    what = `the first ${count(rows)} rows`;
  } else if (mode === "SAMPLE_ROWS") {
    const rows = config.integer("rows", 1000);
    sql = `SELECT * EXCLUDE (${row}, __millrace_draw) FROM (SELECT *, ${draw} AS __millrace_draw FROM input ORDER BY __millrace_draw, ${row} LIMIT ${rows}) ORDER BY ${row}`;
    what = `a sample of ${count(rows)} rows (seed ${seed})`;
  } else {
    const fraction = config.number("fraction");
    if (!(fraction > 0 && fraction <= 1))
      throw failure(`${nodeName(invocation.node)}: fraction must be greater than 0 and at most 1`);
    sql = `SELECT * EXCLUDE (${row}) FROM input WHERE ${draw} < ${Math.round(fraction * 4294967296)} ORDER BY ${row}`;
    what = `a ${fraction} sample (seed ${seed})`;
  }
  const output = await materializeStep(invocation, deps, sql, { rowNumbers: mode !== "FIRST" });
  invocation.log("INFO", `kept ${what}: ${count(output.rows)} of ${count(input.rows)} rows`);
  return resultOf(output, input.rows);
}

const AGGREGATES: Record<string, (column: string) => string> = {
  COUNT: (c) => `count(${c})`,
  SUM: (c) => `sum(${c})`,
  AVG: (c) => `avg(${c})`,
  MIN: (c) => `min(${c})`,
  MAX: (c) => `max(${c})`,
  STDDEV: (c) => `stddev_samp(${c})`,
  MEDIAN: (c) => `median(${c})`,
  COUNT_DISTINCT: (c) => `count(DISTINCT ${c})`,
};

export async function aggregateRows(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const groupBy = config.strings("groupBy");
  for (const key of groupBy) requireColumn(input, key, invocation.node, "the group-by columns");
  const names = new Set(groupBy);
  const aggregates = config.objects("aggregations").map((item, i) => {
    const fn = config.field(item, "aggregations", i, "fn");
    const as = config.field(item, "aggregations", i, "as");
    const column = typeof item["column"] === "string" && item["column"] !== "" ? item["column"] : null;
    const build = AGGREGATES[fn];
    if (!build) throw failure(`${nodeName(invocation.node)}: unknown aggregate function "${fn}"`);
    if (column === null && fn !== "COUNT")
      throw failure(`${nodeName(invocation.node)}: ${fn} needs a column (aggregation "${as}")`);
    if (column !== null) requireColumn(input, column, invocation.node, `aggregation "${as}"`);
    if (names.has(as))
      throw failure(`${nodeName(invocation.node)}: two result columns would be named "${as}"`, { column: as });
    names.add(as);
    return `${column === null ? "count(*)" : build(ident(column))} AS ${ident(as)}`;
  });
  const keys = identList(groupBy);
  const sql = groupBy.length
    ? `SELECT ${keys}, ${aggregates.join(", ")} FROM input GROUP BY ${keys} ORDER BY ${groupBy.map((k) => `${ident(k)} NULLS LAST`).join(", ")}`
    : `SELECT ${aggregates.join(", ")} FROM input`;
  const output = await materializeStep(invocation, deps, sql, { what: "the aggregations" });
  invocation.log(
    "INFO",
    `aggregated ${count(input.rows)} rows into ${count(output.rows)} ${groupBy.length ? `groups of ${groupBy.join(", ")}` : "row"}`,
  );
  return resultOf(output, input.rows);
}

export async function joinTables(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const [left, right] = invocation.inputs;
  if (!left || !right)
    throw failure(`${nodeName(invocation.node)} needs two inputs (left = first connected, right = second)`);
  const config = new ConfigReader(invocation.node);
  const type = config.oneOf("type", ["INNER", "LEFT"] as const, "INNER");
  const leftKeys = config.strings("leftKeys");
  const rightKeys = config.strings("rightKeys");
  if (leftKeys.length === 0 || leftKeys.length !== rightKeys.length) {
    throw failure(
      `${nodeName(invocation.node)}: leftKeys and rightKeys must list the same number of columns (${leftKeys.length} and ${rightKeys.length})`,
    );
  }
  leftKeys.forEach((key) => requireColumn(left, key, invocation.node, "the join keys", "left"));
  rightKeys.forEach((key) => requireColumn(right, key, invocation.node, "the join keys", "right"));
  // The right keys equal the left ones on every match, so they are dropped; other clashing names get "_right".
  const taken = new Set(left.columns.map((c) => c.name));
  const rightColumns = right.columns
    .filter((c) => !rightKeys.includes(c.name))
    .map((c) => {
      let as = c.name;
      while (taken.has(as)) as = `${as}_right`;
      taken.add(as);
      return `r.${ident(c.name)} AS ${ident(as)}`;
    });
  const on = leftKeys.map((key, i) => `l.${ident(key)} = r.${ident(rightKeys[i]!)}`).join(" AND ");
  const sql = `SELECT l.* EXCLUDE (${row})${rightColumns.length ? `, ${rightColumns.join(", ")}` : ""}
    FROM left_input l ${type} JOIN right_input r ON ${on}
    ORDER BY l.${row}, r.${row}`;
  const output = await materializeStep(invocation, deps, sql, {
    inputs: { left_input: left.location, right_input: right.location },
    rowNumbers: true,
    what: "the join",
  });
  invocation.log(
    "INFO",
    `${type.toLowerCase()} join of ${count(left.rows)} × ${count(right.rows)} rows gave ${count(output.rows)} rows`,
  );
  return resultOf(output, left.rows + right.rows);
}

export async function unionTables(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const inputs = invocation.inputs;
  if (inputs.length < 2) throw failure(`${nodeName(invocation.node)} needs at least two inputs`);
  const distinct = new ConfigReader(invocation.node).boolean("distinct", false);
  const views = Object.fromEntries(inputs.map((input, i) => [`input${i + 1}`, input.location]));
  const parts = inputs
    .map((_, i) => `SELECT *, ${i} AS __millrace_source FROM input${i + 1}`)
    .join("\nUNION ALL BY NAME\n");
  const columns = unionColumns(inputs);
  // Rows come input by input, each in its own order; "distinct" keeps each row's first occurrence.
  const dedupe = distinct
    ? `QUALIFY row_number() OVER (PARTITION BY ${identList(columns)} ORDER BY __millrace_source, ${row}) = 1`
    : "";
  const sql = `SELECT * EXCLUDE (__millrace_source, ${row}) FROM (\n${parts}\n) ${dedupe} ORDER BY __millrace_source, ${row}`;
  const output = await materializeStep(invocation, deps, sql, { inputs: views, rowNumbers: true, what: "the union" });
  const rowsIn = inputs.reduce((sum, input) => sum + input.rows, 0);
  invocation.log(
    "INFO",
    `stacked ${inputs.length} inputs (${count(rowsIn)} rows) into ${count(output.rows)} rows${distinct ? " without duplicates" : ""}`,
  );
  return resultOf(output, rowsIn);
}

function unionColumns(inputs: StepOutput[]): string[] {
  const names: string[] = [];
  for (const input of inputs) for (const { name } of input.columns) if (!names.includes(name)) names.push(name);
  return names;
}
