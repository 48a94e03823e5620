/**
 * Config validation before anything runs: the structure (rule-parser.ts), then each rule against the table's
 * columns, then what only the engine can judge (regexes compile, custom expressions bind to a boolean). Every
 * problem is collected, each naming the rule (index and type) and the field.
 */
import { DataError, type ColumnSpec, type DataEngine } from "../data/data-engine.js";
import { ident, stringLiteral } from "../data/sql.js";
import { columnKind, isNumeric, isTemporal, type ColumnKind } from "./column-kinds.js";
import { parseRules, problemMessage, type RuleProblem } from "./rule-parser.js";
import { columnsOf, type CustomSqlRule, type PatternRule, type QualityRule } from "./rule-types.js";
import { failingRowsSql, regexOptions } from "./rule-predicates.js";

/** What config checks need from the engine. */
export type RuleCheckEngine = Pick<DataEngine, "query" | "describe" | "checkExpression">;

/** What else config checks may need to know. */
export interface RuleCheckOptions {
  /** Columns of the reference tables referential rules may name (by reference name); unset: not checked. */
  references?: Readonly<Record<string, readonly ColumnSpec[]>>;
}

/**
 * Every problem in `rules` (untrusted config) for a table with `columns`: empty means the rules can run.
 * Problems name the rule (`rule`, `type`) and the `field`, with a readable `message`.
 */
export async function checkRules(
  rules: unknown,
  columns: readonly ColumnSpec[],
  engine: RuleCheckEngine,
  options: RuleCheckOptions = {},
): Promise<RuleProblem[]> {
  return (await readRules(rules, columns, engine, options)).problems;
}

/** As checkRules, also returning the typed rules (usable only when there is no problem). */
export async function readRules(
  raw: unknown,
  columns: readonly ColumnSpec[],
  engine: RuleCheckEngine,
  options: RuleCheckOptions = {},
): Promise<{ rules: QualityRule[]; problems: RuleProblem[] }> {
  const { rules, problems } = parseRules(raw);
  const items = Array.isArray(raw) ? (raw as unknown[]) : [];
  const engineChecks: Array<Promise<RuleProblem | null>> = [];
  for (const rule of rules) {
    const config = (items[rule.index] ?? {}) as Record<string, unknown>;
    const report = (field: string, problem: string) =>
      problems.push({
        rule: rule.index,
        type: rule.type,
        field,
        message: problemMessage(rule.index, rule.type, field, problem),
      });
    const known = checkColumns(rule, columns, config, report);
    if (!known) continue;
    checkKinds(rule, columns, report);
    if (rule.type === "referential") checkReference(rule, config, options, report);
    if (rule.type === "pattern") engineChecks.push(checkPattern(engine, rule));
    if (rule.type === "custom_sql") engineChecks.push(checkCustomSql(engine, rule, columns));
  }
  for (const problem of await Promise.all(engineChecks)) if (problem) problems.push(problem);
  problems.sort((a, b) => a.rule - b.rule);
  return { rules: problems.length === 0 ? rules : [], problems };
}

type Report = (field: string, problem: string) => void;

/** Reports rule columns missing from the table; false when any is missing (later checks need their types). */
function checkColumns(
  rule: QualityRule,
  columns: readonly ColumnSpec[],
  config: Record<string, unknown>,
  report: Report,
): boolean {
  const names = new Set(columns.map((c) => c.name));
  let ok = true;
  columnsOf(rule).forEach((name, i) => {
    if (names.has(name)) return;
    ok = false;
    report(
      config["column"] !== undefined ? "column" : `columns[${i}]`,
      `unknown column "${name}"; the table has ${listNames(columns)}`,
    );
  });
  return ok;
}

function checkKinds(rule: QualityRule, columns: readonly ColumnSpec[], report: Report): void {
  const kindOf = (name: string): { kind: ColumnKind; type: string } => {
    const type = columns.find((c) => c.name === name)?.type ?? "VARCHAR";
    return { kind: columnKind(type), type };
  };
  switch (rule.type) {
    case "range":
      for (const name of rule.columns) {
        const { kind, type } = kindOf(name);
        const bounds = [rule.min, rule.max].filter((b) => b !== null);
        if (isNumeric(kind)) {
          if (bounds.some((b) => typeof b !== "number"))
            report(
              rule.min !== null && typeof rule.min !== "number" ? "min" : "max",
              `column "${name}" is ${type}: bounds must be numbers`,
            );
        } else if (isTemporal(kind)) {
          if (bounds.some((b) => typeof b !== "string"))
            report(
              rule.min !== null && typeof rule.min !== "string" ? "min" : "max",
              `column "${name}" is ${type}: bounds must be ISO dates or timestamps`,
            );
        } else {
          report(
            "columns",
            `a range needs a numeric, date or timestamp column; "${name}" is ${type} (check its type with type_check, or cast it first)`,
          );
        }
      }
      return;
    case "allowed_values":
      for (const name of rule.columns) {
        const { kind, type } = kindOf(name);
        const expected = isNumeric(kind)
          ? "number"
          : kind === "boolean"
            ? "boolean"
            : kind === "string" || isTemporal(kind)
              ? "string"
              : null;
        if (expected === null) {
          report("columns", `allowed_values cannot compare "${name}" (${type}); use a custom_sql rule`);
          continue;
        }
        const wrong = rule.values.findIndex((v) => typeof v !== expected);
        if (wrong >= 0) report(`values[${wrong}]`, `column "${name}" is ${type}: every value must be a ${expected}`);
      }
      return;
    case "freshness": {
      const { kind, type } = kindOf(rule.columns[0]);
      if (!isTemporal(kind))
        report("column", `freshness needs a date or timestamp column; "${rule.columns[0]}" is ${type}`);
      return;
    }
    default:
      return;
  }
}

function checkReference(
  rule: Extract<QualityRule, { type: "referential" }>,
  config: Record<string, unknown>,
  options: RuleCheckOptions,
  report: Report,
): void {
  if (!options.references) return;
  const reference = Object.hasOwn(options.references, rule.reference) ? options.references[rule.reference] : undefined;
  if (!reference) {
    const known = Object.keys(options.references);
    report(
      "reference",
      `unknown reference table "${rule.reference}"${known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`,
    );
    return;
  }
  const names = new Set(reference.map((c) => c.name));
  rule.referenceColumns.forEach((name, i) => {
    if (!names.has(name)) {
      report(
        config["referenceColumn"] !== undefined ? "referenceColumn" : `referenceColumns[${i}]`,
        `unknown column "${name}" in reference table "${rule.reference}", which has ${listNames(reference)}`,
      );
    }
  });
}

async function checkPattern(engine: RuleCheckEngine, rule: PatternRule): Promise<RuleProblem | null> {
  // The regex is a constant, so DuckDB compiles it (with RE2) while binding: a bad one fails without any data.
  try {
    await engine.query(`SELECT regexp_matches('', ${stringLiteral(rule.pattern)}${regexOptions(rule)}) AS ok`);
    return null;
  } catch (error) {
    return engineProblem(
      rule,
      "pattern",
      error,
      "invalid regular expression (RE2 syntax: no look-around, no back-references)",
    );
  }
}

async function checkCustomSql(
  engine: RuleCheckEngine,
  rule: CustomSqlRule,
  columns: readonly ColumnSpec[],
): Promise<RuleProblem | null> {
  try {
    // One expression and nothing else, so it can be spliced into the evaluation query.
    await engine.checkExpression(rule.expression);
    // Bound against an empty table with the real column types: unknown columns and wrong types show here.
    const table = `(SELECT ${columns.map((c) => `NULL::${c.type} AS ${ident(c.name)}`).join(", ") || "NULL AS __none"}) AS input`;
    const [result] = await engine.describe(`SELECT (${rule.expression}) AS ok FROM ${table}`);
    if (result && result.type !== "BOOLEAN") {
      return engineProblem(
        rule,
        "expression",
        null,
        `must be a boolean (true/false) expression; it gives ${result.type}`,
      );
    }
    // The exact shape evaluation uses: refuses aggregates and window functions, which cannot judge one row.
    await engine.describe(`SELECT count(*) FILTER (WHERE ${failingRowsSql(rule, columns)}) AS n FROM ${table}`);
    return null;
  } catch (error) {
    const text = error instanceof Error ? error.message : "";
    if (error instanceof DataError && /aggregate function|window function/i.test(text)) {
      return engineProblem(
        rule,
        "expression",
        null,
        "must judge one row at a time: aggregate and window functions are not allowed",
      );
    }
    return engineProblem(rule, "expression", error, "invalid SQL expression");
  }
}

function engineProblem(rule: QualityRule, field: string, error: unknown, fallback: string): RuleProblem {
  // Only "this SQL is wrong" is a config problem; a closed or failing engine is not the rule's fault.
  if (error !== null && !(error instanceof DataError && (error.code === "BAD_SQL" || error.code === "BAD_DATA"))) {
    throw error instanceof Error ? error : new Error("the engine failed while checking the rule");
  }
  // The engine's first line says what is wrong; its "LINE 1: …" context would show our probe query, not the rule.
  const detail = error instanceof DataError ? (error.message.split("\n")[0] ?? "").trim() : "";
  const problem = !detail ? fallback : detail.startsWith(fallback) ? detail : `${fallback}: ${detail}`;
  return { rule: rule.index, type: rule.type, field, message: problemMessage(rule.index, rule.type, field, problem) };
}

function listNames(columns: readonly ColumnSpec[]): string {
  return columns.length === 0 ? "no columns" : columns.map((c) => c.name).join(", ");
}
