/**
 * Each row rule as a SQL predicate that is TRUE exactly for the rows it fails (never NULL, so counts and
 * ORs stay exact). Column rules other than not_null leave nulls alone: missing values are not_null's business.
 * Identifiers and config values are quoted here; the only user SQL is custom_sql's expression, checked by the
 * engine before it gets here.
 */
import type { ColumnSpec } from "../data/data-engine.js";
import { ident, literal, stringLiteral } from "../data/sql.js";
import { columnKind, type ColumnKind } from "./column-kinds.js";
import { instantMillis, utcText } from "./instants.js";
import type { AllowedValuesRule, ExpectedType, PatternRule, QualityRule, RangeRule, RuleValue } from "./rule-types.js";

/** Row rules judged by a predicate in the single aggregate pass (unique and referential need their own queries). */
export type PredicateRule = Exclude<QualityRule, { type: "unique" | "referential" | "row_count" }>;

/** Whether the rule is judged by a per-row predicate (see PredicateRule). */
export function isPredicateRule(rule: QualityRule): rule is PredicateRule {
  return rule.type !== "unique" && rule.type !== "referential" && rule.type !== "row_count";
}

/** TRUE for rows failing `rule`: a row fails when any of the rule's columns fails. */
export function failingRowsSql(rule: PredicateRule, columns: readonly ColumnSpec[], cutoffMillis = 0): string {
  if (rule.type === "custom_sql") return `coalesce(NOT (${rule.expression}), false)`;
  const parts = rule.columns.map((name) => failingValueSql(rule, name, columns, cutoffMillis));
  return parts.length === 1 ? (parts[0] ?? "false") : `(${parts.join(" OR ")})`;
}

/** TRUE for rows where column `name` fails `rule`. */
export function failingValueSql(
  rule: PredicateRule,
  name: string,
  columns: readonly ColumnSpec[],
  cutoffMillis = 0,
): string {
  const column = ident(name);
  const type = columns.find((c) => c.name === name)?.type ?? "VARCHAR";
  const kind = columnKind(type);
  switch (rule.type) {
    case "not_null":
      return `(${column} IS NULL)`;
    case "range":
      return nonNull(column, rangeFails(rule, column, type, kind));
    case "type_check":
      return nonNull(column, typeFails(rule.expected, column, kind));
    case "pattern": {
      const text = kind === "string" ? column : `CAST(${column} AS VARCHAR)`;
      const match = rule.fullMatch ? "regexp_full_match" : "regexp_matches";
      return nonNull(column, `NOT ${match}(${text}, ${stringLiteral(rule.pattern)}${regexOptions(rule)})`);
    }
    case "allowed_values":
      return nonNull(column, `${column} NOT IN (${rule.values.map((v) => valueSql(v, type, kind)).join(", ")})`);
    case "freshness":
      return nonNull(column, `${column} < ${instantSql(cutoffMillis, kind)}`);
    case "custom_sql":
      return failingRowsSql(rule, columns, cutoffMillis);
  }
}

/** `, 'i'` when the pattern ignores case. */
export function regexOptions(rule: Pick<PatternRule, "ignoreCase">): string {
  return rule.ignoreCase ? ", 'i'" : "";
}

/** A UTC instant as a literal comparable with a column of this kind. */
export function instantSql(millis: number, kind: ColumnKind): string {
  return kind === "timestamptz" ? `TIMESTAMPTZ '${utcText(millis)}+00'` : `TIMESTAMP '${utcText(millis)}'`;
}

function nonNull(column: string, fails: string): string {
  return `(${column} IS NOT NULL AND coalesce(${fails}, false))`;
}

function rangeFails(rule: RangeRule, column: string, type: string, kind: ColumnKind): string {
  const checks: string[] = [];
  if (rule.min !== null) checks.push(`${column} ${rule.minInclusive ? "<" : "<="} ${boundSql(rule.min, type, kind)}`);
  if (rule.max !== null) checks.push(`${column} ${rule.maxInclusive ? ">" : ">="} ${boundSql(rule.max, type, kind)}`);
  return checks.join(" OR ") || "false";
}

function boundSql(bound: number | string, type: string, kind: ColumnKind): string {
  if (typeof bound === "number") return literal(bound);
  return valueSql(bound, type, kind);
}

function valueSql(value: RuleValue, type: string, kind: ColumnKind): string {
  if (typeof value === "string" && (kind === "date" || kind === "timestamp" || kind === "timestamptz")) {
    const millis = instantMillis(value);
    // Dates stay dates (a DATE column against a midnight timestamp would still compare, but reads worse).
    if (kind === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return `DATE ${stringLiteral(value)}`;
    if (millis !== null) return instantSql(millis, kind);
    return `CAST(${stringLiteral(value)} AS ${type})`;
  }
  return literal(value);
}

/**
 * Whether a value of a column of `kind` fails to be of the `expected` type. Typed columns are judged by their
 * type (and, for int, by the value being whole); text columns by whether DuckDB's TRY_CAST parses the value.
 */
function typeFails(expected: ExpectedType, column: string, kind: ColumnKind): string {
  const always = "true";
  const never = "false";
  const parses = (target: string) => `TRY_CAST(${column} AS ${target}) IS NULL`;
  switch (expected) {
    case "string":
      return kind === "string" ? never : always;
    case "int":
      if (kind === "integer") return never;
      if (kind === "decimal") return `${column} <> trunc(${column})`;
      if (kind === "float") return `NOT isfinite(${column}) OR ${column} <> trunc(${column})`;
      // TRY_CAST('2.5' AS BIGINT) rounds to 3: the DOUBLE reading must agree for the text to be a whole number.
      if (kind === "string")
        return `${parses("BIGINT")} OR TRY_CAST(${column} AS DOUBLE) IS DISTINCT FROM TRY_CAST(${column} AS BIGINT)`;
      return always;
    case "float":
      if (kind === "integer" || kind === "decimal" || kind === "float") return never;
      return kind === "string" ? parses("DOUBLE") : always;
    case "bool":
      if (kind === "boolean") return never;
      return kind === "string" ? parses("BOOLEAN") : always;
    case "date":
      if (kind === "date") return never;
      // A timestamp is a date when it has no time of day.
      if (kind === "timestamp" || kind === "timestamptz") return `date_trunc('day', ${column}) <> ${column}`;
      return kind === "string" ? parses("DATE") : always;
    case "timestamp":
      if (kind === "date" || kind === "timestamp" || kind === "timestamptz") return never;
      return kind === "string" ? parses("TIMESTAMP") : always;
  }
}

/** The rule's allowed values, for messages. */
export function describeValues(rule: AllowedValuesRule, limit = 10): string {
  const shown = rule.values.slice(0, limit).map((v) => JSON.stringify(v));
  return `${shown.join(", ")}${rule.values.length > limit ? `, … (${rule.values.length} in all)` : ""}`;
}
