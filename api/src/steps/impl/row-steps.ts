/**
 * Row-by-row transforms: select/rename, filter, derive, cast and fill_nulls. Each is one SELECT over the input,
 * in input order; user expressions are checked as single expressions before they are spliced in.
 */
import { DataError } from "../../data/data-engine.js";
import { ident, literal } from "../../data/sql.js";
import type { StepInvocation, StepResult } from "../../engine/step-runtime.js";
import { ConfigReader } from "./config.js";
import { rowStepOutput } from "./lazy.js";
import { checkExpression, ROW } from "./materialize.js";
import {
  count,
  explain,
  failure,
  nodeName,
  onlyInput,
  requireColumn,
  resultOf,
  typeOf,
  type StepDeps,
} from "./step-context.js";

export async function selectColumns(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const items = config.objects("columns").map((item, i) => {
    const name = config.field(item, "columns", i, "name");
    const as = typeof item["as"] === "string" && item["as"] !== "" ? item["as"] : name;
    requireColumn(input, name, invocation.node, "the column list");
    return { name, as };
  });
  const names = new Set<string>();
  for (const { as } of items) {
    if (names.has(as))
      throw failure(`${nodeName(invocation.node)}: two selected columns would be named "${as}"`, { column: as });
    names.add(as);
  }
  const sql = `SELECT ${items.map(({ name, as }) => `${ident(name)} AS ${ident(as)}`).join(", ")} FROM input`;
  const output = await rowStepOutput(invocation, deps, sql, { keepsRows: true });
  invocation.log("INFO", `kept ${items.length} of ${input.columns.length} columns`);
  return resultOf(output, input.rows);
}

export async function filterRows(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const where = new ConfigReader(invocation.node).string("where");
  await checkExpression(deps, invocation, where, "the filter condition");
  // The expression sits on its own lines so a trailing "-- comment" cannot swallow the closing parenthesis.
  const sql = `SELECT * FROM input WHERE (\n${where}\n)`;
  const output = await rowStepOutput(invocation, deps, sql, { what: "the filter condition", expressions: [where] });
  invocation.log("INFO", `kept ${count(output.rows)} of ${count(input.rows)} rows`);
  return resultOf(output, input.rows);
}

export async function deriveColumns(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const derived = config.objects("columns").map((item, i) => ({
    name: config.field(item, "columns", i, "name"),
    expression: config.field(item, "columns", i, "expression"),
  }));
  for (const { name, expression } of derived)
    await checkExpression(deps, invocation, expression, `the expression of column "${name}"`);
  // One projection per column, in order, so a later expression may use an earlier derived column.
  const known = new Set(input.columns.map((c) => c.name));
  const stages: string[] = [];
  let sql = "SELECT * FROM input";
  for (const { name, expression } of derived) {
    const value = `(\n${expression}\n)`;
    sql = known.has(name)
      ? `SELECT * REPLACE (${value} AS ${ident(name)}) FROM (${sql})`
      : `SELECT *, ${value} AS ${ident(name)} FROM (${sql})`;
    known.add(name);
    stages.push(sql);
  }
  let output;
  try {
    output = await rowStepOutput(invocation, deps, sql, {
      raw: true,
      keepsRows: true,
      expressions: derived.map((d) => d.expression),
      evaluate: derived.map((d) => d.name),
    });
  } catch (error) {
    if (error instanceof DataError && error.code === "BAD_SQL")
      await blameExpression(
        invocation,
        deps,
        input.location,
        stages,
        derived.map((d) => d.name),
      );
    explain(error, invocation.node);
  }
  invocation.log("INFO", `derived ${derived.map((d) => `"${d.name}"`).join(", ")} on ${count(output.rows)} rows`);
  return resultOf(output, input.rows);
}

// Binds the stages one by one to say which column's expression does not bind.
async function blameExpression(
  invocation: StepInvocation,
  deps: StepDeps,
  location: string,
  stages: string[],
  names: string[],
): Promise<void> {
  for (let i = 0; i < stages.length; i++) {
    try {
      await deps.engine.describe(stages[i]!, { input: location });
    } catch (error) {
      explain(error, invocation.node, `the expression of column "${names[i]}"`);
    }
  }
}

export async function castColumns(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const casts = config.objects("columns").map((item, i) => {
    const name = config.field(item, "columns", i, "name");
    const type = config.field(item, "columns", i, "type");
    if (!/^[A-Z]+$/.test(type)) throw failure(`${nodeName(invocation.node)}: unsupported type "${type}"`);
    requireColumn(input, name, invocation.node, "the cast list");
    return { name, type };
  });
  const sql = `SELECT * REPLACE (${casts.map(({ name, type }) => `CAST(${ident(name)} AS ${type}) AS ${ident(name)}`).join(", ")}) FROM input`;
  try {
    const output = await rowStepOutput(invocation, deps, sql, {
      raw: true,
      keepsRows: true,
      evaluate: casts.map((c) => c.name),
    });
    invocation.log(
      "INFO",
      `cast ${casts.map((c) => `${c.name} → ${c.type}`).join(", ")} on ${count(output.rows)} rows`,
    );
    return resultOf(output, input.rows);
  } catch (error) {
    if (error instanceof DataError && error.code === "BAD_DATA")
      await findUnconvertible(invocation, deps, input.location, casts);
    explain(error, invocation.node);
  }
}

// The conversion error says which value failed but not where: one more scan finds the first such row.
async function findUnconvertible(
  invocation: StepInvocation,
  deps: StepDeps,
  location: string,
  casts: Array<{ name: string; type: string }>,
): Promise<void> {
  for (const { name, type } of casts) {
    const rows = await deps.engine.query(
      `SELECT ${ident(ROW)} AS row, CAST(${ident(name)} AS VARCHAR) AS value FROM input
       WHERE ${ident(name)} IS NOT NULL AND TRY_CAST(${ident(name)} AS ${type}) IS NULL ORDER BY ${ident(ROW)} LIMIT 1`,
      { input: location },
      { signal: invocation.signal, rowNumberColumn: ROW },
    );
    const bad = rows[0];
    if (bad) {
      const row = Number(bad["row"]) + 1;
      throw failure(
        `${nodeName(invocation.node)}: column "${name}" row ${count(row)}: value ${JSON.stringify(bad["value"])} does not convert to ${type}`,
        { column: name },
      );
    }
  }
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/;

export async function fillNulls(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const fills = config.objects("columns").map((item, i) => {
    const name = config.field(item, "columns", i, "name");
    requireColumn(input, name, invocation.node, "the fill list");
    const strategy = typeof item["strategy"] === "string" ? item["strategy"] : "CONSTANT";
    const type = typeOf(input, name);
    const c = ident(name);
    switch (strategy) {
      case "CONSTANT": {
        const value = item["value"];
        if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
          throw failure(`${nodeName(invocation.node)}: column "${name}" needs a constant value to fill nulls with`, {
            column: name,
          });
        }
        return { name, strategy, type, fill: `CAST(${literal(value)} AS ${type})`, constant: literal(value) };
      }
      case "MEAN":
      case "MEDIAN":
        if (!NUMERIC.test(type))
          throw failure(
            `${nodeName(invocation.node)}: column "${name}" is ${type}; ${strategy} needs a numeric column`,
            { column: name },
          );
        // Integer columns stay integers: the statistic is rounded by the cast.
        return {
          name,
          strategy,
          type,
          fill: `(SELECT CAST(${strategy === "MEAN" ? "avg" : "median"}(${c}) AS ${type}) FROM input)`,
        };
      case "MODE":
        // Ties go to the smallest value, so the fill is the same on every run.
        return {
          name,
          strategy,
          type,
          fill: `(SELECT ${c} FROM input WHERE ${c} IS NOT NULL GROUP BY ${c} ORDER BY count(*) DESC, ${c} LIMIT 1)`,
        };
      default:
        throw failure(`${nodeName(invocation.node)}: unknown fill strategy "${strategy}"`);
    }
  });
  const constants = fills.filter((f) => f.constant !== undefined);
  if (constants.length > 0) {
    const probe = constants
      .map((f, i) => `TRY_CAST(${f.constant} AS ${f.type}) IS NULL AS ${ident(`bad${i}`)}`)
      .join(", ");
    const [row] = await deps.engine
      .query(`SELECT ${probe}`, {}, { signal: invocation.signal })
      .catch((error: unknown) => explain(error, invocation.node));
    constants.forEach((f, i) => {
      if (row?.[`bad${i}`] === true)
        throw failure(
          `${nodeName(invocation.node)}: the fill value ${f.constant} does not convert to ${f.type}, the type of column "${f.name}"`,
          { column: f.name },
        );
    });
  }
  const sql = `SELECT * REPLACE (${fills.map((f) => `coalesce(${ident(f.name)}, ${f.fill}) AS ${ident(f.name)}`).join(", ")}) FROM input`;
  const output = await rowStepOutput(invocation, deps, sql, { keepsRows: true });
  invocation.log(
    "INFO",
    `filled nulls in ${fills.map((f) => `${f.name} (${f.strategy})`).join(", ")} on ${count(output.rows)} rows`,
  );
  return resultOf(output, input.rows);
}
