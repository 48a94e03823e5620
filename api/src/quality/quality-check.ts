/**
 * Data quality on one table, end to end: check the rule config against the table (every problem at once),
 * evaluate all rules in one query, and report metrics, score and issues.
 */
import type { ColumnSpec, DataEngine } from "../data/data-engine.js";
import { buildReport, type QualityReport } from "./quality-report.js";
import { readRules } from "./rule-check.js";
import { evaluateRules, type EvaluateOptions } from "./rule-evaluator.js";
import type { RuleProblem } from "./rule-parser.js";
import type { QueryTable, ReferenceTable } from "./rule-query.js";

/** Options of runQualityCheck: those of the evaluation, with reference tables given by location. */
export interface QualityCheckOptions extends Omit<EvaluateOptions, "references"> {
  /** Stored outputs (`StepOutput.location`) referential rules may name, by reference name. */
  references?: Readonly<Record<string, string>>;
}

/** The rule config cannot run on this table; `problems` lists everything wrong, each naming rule and field. */
export class RuleConfigError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(`invalid quality rules:\n${problems.map((p) => `  - ${p.message}`).join("\n")}`);
    this.name = "RuleConfigError";
  }
}

/**
 * Checks `rules` (untrusted config) against `table` and evaluates them. Throws RuleConfigError before running
 * anything when the config has problems; engine failures come through as DataError.
 */
export async function runQualityCheck(
  engine: Pick<DataEngine, "query" | "describe" | "checkExpression">,
  table: QueryTable,
  rules: unknown,
  options: QualityCheckOptions,
): Promise<QualityReport> {
  const references = await describeReferences(engine, options.references ?? {});
  const referenceColumns: Record<string, readonly ColumnSpec[]> = {};
  for (const [name, reference] of Object.entries(references)) referenceColumns[name] = reference.columns;
  const checked = await readRules(rules, table.columns, engine, { references: referenceColumns });
  if (checked.problems.length > 0) throw new RuleConfigError(checked.problems);
  const evaluation = await evaluateRules(engine, table, checked.rules, { ...options, references });
  return buildReport(evaluation, table.columns);
}

async function describeReferences(
  engine: Pick<DataEngine, "describe">,
  locations: Readonly<Record<string, string>>,
): Promise<Record<string, ReferenceTable>> {
  const entries = await Promise.all(
    Object.entries(locations).map(async ([name, location]) => {
      const columns = await engine.describe("SELECT * FROM reference", { reference: location });
      return [name, { location, columns }] as const;
    }),
  );
  return Object.fromEntries(entries);
}
