/**
 * Builds the ONE aggregate query that evaluates every rule over a table: per rule a failing-row count and the
 * first failing row numbers (`min(row_number, n)`), the non-null count of every column, the newest value of
 * freshness columns, and how many rows fail any rule. unique and referential rules join the table to a small key
 * set (duplicated keys; distinct reference keys), so they fold into the same pass. A second, small query fetches
 * the sampled rows themselves (see sampleRowsQuery): carrying whole rows through every aggregate costs more.
 */
import type { ColumnSpec, JsonRow, JsonValue, NamedInputs } from "../data/data-engine.js";
import { ident } from "../data/sql.js";
import { columnKind, isNumeric } from "./column-kinds.js";
import { failingRowsSql, failingValueSql, instantSql, isPredicateRule } from "./rule-predicates.js";
import type { FreshnessRule, QualityRule, ReferentialRule, UniqueRule } from "./rule-types.js";

/** A stored table (`StepOutput.location`) and its columns. */
export interface QueryTable {
  location: string;
  columns: readonly ColumnSpec[];
  /** Row count when known (a step output's); only used to pick how keys are grouped. */
  rows?: number;
}

/** The table a referential rule looks keys up in. */
export type ReferenceTable = QueryTable;

/** A failing row, whole, with its row number. */
export interface SampleRow {
  /** 0-based position of the row in the table (the engine's row number). */
  rowNumber: number;
  /** The whole row, JSON-safe. */
  values: JsonRow;
}

/** What the query found for one column of a rule over several columns. */
export interface ColumnFigures {
  column: string;
  failingRows: number;
  /** The first failing row numbers. */
  sampleRows: number[];
}

/** What the query found for one rule. */
export interface RuleFigures {
  /** null for rules judging the table as a whole. */
  failingRows: number | null;
  /** The first failing row numbers, ascending. */
  sampleRows: number[];
  /** Per column, for row rules over several columns checked one by one. */
  byColumn: ColumnFigures[];
  /** Facts behind the verdict: newest timestamp, duplicated keys, missing reference keys… */
  observed: Record<string, JsonValue>;
  /** The engine's verdict on a table-level rule computed in SQL (freshness of the newest value); else null. */
  verdict: boolean | null;
}

/** Everything the evaluation query returns, read into numbers. */
export interface TableFigures {
  rows: number;
  /** Rows failing at least one row rule. */
  failingRows: number;
  nonNull: Record<string, number>;
  rules: RuleFigures[];
}

/** The evaluation query, its inputs, and how to read its single result row. */
export interface EvaluationQuery {
  sql: string;
  inputs: NamedInputs;
  rowNumberColumn: string;
  read(row: JsonRow): TableFigures;
}

/** What the query needs besides the rules: sample size, freshness cut-offs, reference tables. */
export interface QueryOptions {
  sampleSize: number;
  /** Freshness cut-off per rule index (ms since epoch): values older than this are stale. */
  cutoffs: ReadonlyMap<number, number>;
  /** Reference tables by rule index (referential rules). */
  references: ReadonlyMap<number, ReferenceTable>;
}

/** The single aggregate query evaluating `rules` (already checked) over `table`. */
export function buildEvaluationQuery(
  table: QueryTable,
  rules: readonly QualityRule[],
  options: QueryOptions,
): EvaluationQuery {
  const fresh = freshNames(table.columns.map((c) => c.name));
  const rowNumber = fresh("__mr_row_number");
  const groups = fresh("__mr_groups");
  const inputs: Record<string, string> = { input: table.location };
  // Each rule's predicate is computed once per row, as a flag column of an inner projection. Rows are then
  // grouped by their flags (a few dozen combinations, typically): per group a count and its first row numbers.
  // Every rule's figures add up from the groups carrying its flag, so the per-row work is one GROUP BY instead of
  // a filtered count and a filtered min(row number, n) per rule (measured: ~25% less CPU on 1M rows, 10 rules).
  const flags: string[] = [];
  const flagNames: string[] = [];
  const grouped: string[] = ["count(*) AS __mr_c"];
  const select: string[] = ["sum(__mr_c) AS n"];
  const joins: string[] = [];
  const rowFlags: string[] = [];
  const readers: Array<(result: JsonRow) => RuleFigures> = [];
  if (options.sampleSize > 0) grouped.push(`min(${rowNumber}, ${options.sampleSize}) AS __mr_s`);

  table.columns.forEach((c, i) => {
    grouped.push(`count(${ident(c.name)}) AS nn_${i}`);
    select.push(`sum(nn_${i}) AS nn_${i}`);
  });

  const flag = (base: string, predicate: string): string => {
    const name = fresh(base);
    flags.push(`${predicate} AS ${name}`);
    flagNames.push(name);
    return name;
  };
  const sample = (alias: string, flagName: string) => {
    if (options.sampleSize > 0) {
      select.push(`list_sort(flatten(list(__mr_s) FILTER (WHERE ${flagName})))[1:${options.sampleSize}] AS ${alias}`);
    }
  };
  const count = (alias: string, flagName: string) =>
    select.push(`coalesce(sum(__mr_c) FILTER (WHERE ${flagName}), 0) AS ${alias}`);
  const samplesOf = (result: JsonRow, alias: string) => rowNumbers(result[alias]);

  rules.forEach((rule, k) => {
    const cutoff = options.cutoffs.get(rule.index) ?? 0;
    if (rule.type === "row_count") {
      readers.push(() => ({ failingRows: null, sampleRows: [], byColumn: [], observed: {}, verdict: null }));
      return;
    }
    if (rule.type === "freshness") {
      grouped.push(`max(${ident(rule.columns[0])}) AS latest_${k}`);
      select.push(
        `max(latest_${k}) AS latest_${k}`,
        `${freshnessCheckSql(rule, table.columns, cutoff, k)} AS fresh_${k}`,
      );
      if (rule.scope === "latest") {
        readers.push((result) => ({
          failingRows: null,
          sampleRows: [],
          byColumn: [],
          observed: { latest: result[`latest_${k}`] ?? null },
          verdict: result[`fresh_${k}`] === true,
        }));
        return;
      }
    }
    let predicate: string;
    let observed: (result: JsonRow) => Record<string, JsonValue> = (result) =>
      rule.type === "freshness" ? { latest: result[`latest_${k}`] ?? null } : {};
    if (rule.type === "unique") {
      const join = uniqueJoin(rule, k, fresh);
      joins.push(join.sql);
      predicate = join.predicate;
      observed = (result) => ({ duplicatedKeys: numberOf(result[`keys_${k}`]) });
    } else if (rule.type === "referential") {
      const reference = options.references.get(rule.index);
      if (!reference) throw new Error(`no reference table for rule #${rule.index}`);
      const view = `reference_${k}`;
      inputs[view] = reference.location;
      const join = referentialJoin(rule, k, view, table.columns, reference.columns, fresh);
      joins.push(join.sql);
      predicate = join.predicate;
      observed = (result) => ({ missingKeys: numberOf(result[`keys_${k}`]) });
    } else if (isPredicateRule(rule)) {
      predicate = failingRowsSql(rule, table.columns, cutoff);
    } else {
      return;
    }
    const failing = flag(`__mr_f_${k}`, predicate);
    rowFlags.push(failing);
    count(`f_${k}`, failing);
    sample(`s_${k}`, failing);
    if (rule.type === "unique" || rule.type === "referential") {
      // The failing keys of each group, then counted once over all groups (a key may fail in several groups).
      grouped.push(`list(DISTINCT ${keyTuple(rule.columns)}) FILTER (WHERE ${failing}) AS keys_${k}`);
      select.push(`(SELECT count(DISTINCT k) FROM (SELECT unnest(keys_${k}) AS k FROM ${groups})) AS keys_${k}`);
    }
    // A rule over several columns also says which column fails how often (unique/referential keys fail together).
    const split = isPredicateRule(rule) && rule.type !== "custom_sql" && rule.columns.length > 1 ? rule : null;
    const perColumn = split?.columns ?? [];
    perColumn.forEach((name, j) => {
      const columnFlag = flag(
        `__mr_f_${k}_${j}`,
        split ? failingValueSql(split, name, table.columns, cutoff) : "false",
      );
      count(`f_${k}_${j}`, columnFlag);
      sample(`s_${k}_${j}`, columnFlag);
    });
    readers.push((result) => ({
      failingRows: numberOf(result[`f_${k}`]),
      sampleRows: samplesOf(result, `s_${k}`),
      byColumn: perColumn.map((column, j) => ({
        column,
        failingRows: numberOf(result[`f_${k}_${j}`]),
        sampleRows: samplesOf(result, `s_${k}_${j}`),
      })),
      observed: observed(result),
      verdict: null,
    }));
  });
  select.push(
    `coalesce(sum(__mr_c) FILTER (WHERE ${rowFlags.length > 0 ? rowFlags.join(" OR ") : "false"}), 0) AS any_failing`,
  );

  const from = `input${joins.map((j) => `\n  ${j}`).join("")}`;
  const flagged = flags.length > 0 ? `(SELECT *,\n    ${flags.join(",\n    ")}\n  FROM ${from}) AS flagged` : from;
  const groupBy = flagNames.length > 0 ? `\n  GROUP BY ${flagNames.join(", ")}` : "";
  const sql =
    `WITH ${groups} AS (SELECT${flagNames.map((f) => ` ${f},`).join("")}\n  ${grouped.join(",\n  ")}\n  FROM ${flagged}${groupBy})\n` +
    `SELECT\n  ${select.join(",\n  ")}\nFROM ${groups}`;
  return {
    sql,
    inputs,
    rowNumberColumn: rowNumber,
    read(result) {
      const nonNull: Record<string, number> = {};
      table.columns.forEach((c, i) => (nonNull[c.name] = numberOf(result[`nn_${i}`])));
      return {
        rows: numberOf(result["n"]),
        failingRows: numberOf(result["any_failing"]),
        nonNull,
        rules: readers.map((read) => read(result)),
      };
    },
  };
}

/** The whole rows at `rowNumbers` (with their row number under `rowNumberColumn`), for the samples. */
export function sampleRowsQuery(rowNumbers: readonly number[], rowNumberColumn: string): string {
  const list = rowNumbers.map((n) => String(Math.trunc(n))).join(", ");
  return `SELECT * FROM input WHERE ${ident(rowNumberColumn)} IN (SELECT unnest([${list}]))`;
}

/** Rows whose key appears more than once: joined to the duplicated keys (rows with a null key are skipped). */
function uniqueJoin(rule: UniqueRule, k: number, fresh: (base: string) => string): { sql: string; predicate: string } {
  const alias = fresh(`__mr_dup_${k}`);
  const keys = rule.columns.map((name, j) => ({ name, as: fresh(`__mr_dup_${k}_${j}`) }));
  const hit = fresh(`__mr_dup_${k}_hit`);
  const sql =
    `LEFT JOIN (SELECT ${keys.map((key) => `${ident(key.name)} AS ${key.as}`).join(", ")}, true AS ${hit} FROM input` +
    ` WHERE ${rule.columns.map((c) => `${ident(c)} IS NOT NULL`).join(" AND ")}` +
    ` GROUP BY ${keys.map((key) => ident(key.name)).join(", ")} HAVING count(*) > 1) AS ${alias}` +
    ` ON ${keys.map((key) => `${ident(key.name)} = ${alias}.${key.as}`).join(" AND ")}`;
  return { sql, predicate: `(${alias}.${hit} IS NOT NULL)` };
}

/** Rows whose key is missing from the reference table: joined to its distinct keys (null keys are not checked). */
function referentialJoin(
  rule: ReferentialRule,
  k: number,
  view: string,
  columns: readonly ColumnSpec[],
  referenceColumns: readonly ColumnSpec[],
  fresh: (base: string) => string,
): { sql: string; predicate: string } {
  const alias = fresh(`__mr_ref_${k}`);
  const pairs = rule.columns.map((name, j) => {
    const target = rule.referenceColumns[j] ?? name;
    // Same type, or both numbers, compare as they are; anything else compares as text rather than fail to cast.
    const left = columns.find((c) => c.name === name)?.type ?? "VARCHAR";
    const right = referenceColumns.find((c) => c.name === target)?.type ?? "VARCHAR";
    const direct = left === right || (isNumeric(columnKind(left)) && isNumeric(columnKind(right)));
    const cast = (sql: string) => (direct ? sql : `CAST(${sql} AS VARCHAR)`);
    return { name, target, as: fresh(`__mr_ref_${k}_${j}`), cast };
  });
  const sql =
    `LEFT JOIN (SELECT DISTINCT ${pairs.map((p) => `${p.cast(ident(p.target))} AS ${p.as}`).join(", ")} FROM ${ident(view)}) AS ${alias}` +
    ` ON ${pairs.map((p) => `${p.cast(ident(p.name))} = ${alias}.${p.as}`).join(" AND ")}`;
  const first = pairs[0];
  const predicate = `(${rule.columns.map((c) => `${ident(c)} IS NOT NULL`).join(" AND ")} AND ${alias}.${first?.as ?? "x"} IS NULL)`;
  return { sql, predicate };
}

/** Freshness verdicts need the cut-off in the column's own type; the query compares, not JS. */
function freshnessCheckSql(rule: FreshnessRule, columns: readonly ColumnSpec[], cutoff: number, k: number): string {
  const kind = columnKind(columns.find((c) => c.name === rule.columns[0])?.type ?? "TIMESTAMP");
  return `coalesce(max(latest_${k}) >= ${instantSql(cutoff, kind)}, false)`;
}

function keyTuple(columns: readonly string[]): string {
  return columns.length === 1 ? ident(columns[0] ?? "") : `(${columns.map(ident).join(", ")})`;
}

function rowNumbers(value: JsonValue | undefined): number[] {
  return Array.isArray(value) ? value.map((v) => numberOf(v)).sort((a, b) => a - b) : [];
}

function numberOf(value: JsonValue | undefined): number {
  return typeof value === "number" ? value : typeof value === "string" ? Number(value) : 0;
}

/** Names for the query's own columns and aliases that cannot collide with the table's columns. */
function freshNames(taken: readonly string[]): (base: string) => string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  return (base) => {
    let name = base;
    for (let i = 1; used.has(name.toLowerCase()); i++) name = `${base}_${i}`;
    used.add(name.toLowerCase());
    return name;
  };
}
