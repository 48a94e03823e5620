/**
 * Quality metrics from rule results and column counts: completeness, validity, consistency and uniqueness per
 * column and overall, the overall score, and the issues list. Pure arithmetic on figures the engine computed;
 * the formulas are documented in README.md (and must stay in step with it).
 */
import type { ColumnSpec } from "../data/data-engine.js";
import { percent, type RuleEvaluation, type RuleResult, type SampleRow } from "./rule-evaluator.js";
import type { Dimension, RuleType, Severity } from "./rule-types.js";

/** Quality metrics of one column (ratios 0..1; null when nothing measures them). */
export interface ColumnQuality {
  column: string;
  type: string;
  nulls: number;
  /** Non-null values / rows (null for an empty table). */
  completeness: number | null;
  /** Severity-weighted mean pass ratio of the validity rules naming the column (null: no such rule). */
  validity: number | null;
  /** Same, for consistency rules (referential). */
  consistency: number | null;
  /** Same, for unique rules (a column of a composite key carries the key's figure). */
  uniqueness: number | null;
}

/** One defect found: a failing rule, or one failing column of a rule over several columns. */
export interface QualityIssue {
  type: RuleType;
  rule: number;
  label: string;
  /** The one column at fault; null when the issue is about several columns together or the whole table. */
  column: string | null;
  columns: string[];
  severity: Severity;
  /** Whether the rule failed (an issue may be within the rule's maxFailingRatio). */
  ruleFailed: boolean;
  /** Failing rows (null for table-level rules). */
  count: number | null;
  ratio: number | null;
  /** First failing rows, with their row numbers. */
  examples: SampleRow[];
  message: string;
}

/** Everything a validation found. JSON-serialisable: the lead stores it as a Validation record. */
export interface QualityReport {
  rows: number;
  /** Rows failing at least one row rule. */
  failingRows: number;
  now: string;
  /** Every rule passed. */
  passed: boolean;
  rulesFailed: number;
  /** 0..100, two decimals; null when nothing was measured (an empty table without rules). */
  score: number | null;
  /** How the score was obtained, in one line. */
  scoreFormula: string;
  dimensions: Record<Dimension, number | null>;
  columns: ColumnQuality[];
  rules: RuleResult[];
  issues: QualityIssue[];
}

/** Metrics, score and issues from an evaluation (see README.md for the formulas). */
export function buildReport(evaluation: RuleEvaluation, columns: readonly ColumnSpec[]): QualityReport {
  const { rows, results } = evaluation;
  const cells = rows * columns.length;
  const nonNullCells = columns.reduce((sum, c) => sum + (evaluation.nonNull[c.name] ?? 0), 0);
  const cellCompleteness = cells === 0 ? null : nonNullCells / cells;

  const dimensions: Record<Dimension, number | null> = {
    completeness: weightedMean(results.filter((r) => r.dimension === "completeness")) ?? cellCompleteness,
    validity: weightedMean(results.filter((r) => r.dimension === "validity")),
    consistency: weightedMean(results.filter((r) => r.dimension === "consistency")),
    uniqueness: weightedMean(results.filter((r) => r.dimension === "uniqueness")),
  };
  const ruleScore = weightedMean(results);
  const overall = ruleScore ?? cellCompleteness;
  const score = overall === null ? null : Math.round(overall * 10_000) / 100;
  const scoreFormula =
    ruleScore !== null
      ? `100 × Σ(weight × passRatio) / Σ weight over ${results.length} rule(s) = 100 × ${round(sum(results.map((r) => r.weight * r.passRatio)))} / ${sum(results.map((r) => r.weight))}`
      : cellCompleteness !== null
        ? `no rules: 100 × non-null cells / cells = 100 × ${nonNullCells} / ${cells}`
        : "no rules and no rows: nothing to score";

  return {
    rows,
    failingRows: evaluation.failingRows,
    now: evaluation.now,
    passed: results.every((r) => r.passed),
    rulesFailed: results.filter((r) => !r.passed).length,
    score,
    scoreFormula,
    dimensions,
    columns: columns.map((c) => columnQuality(c, evaluation)),
    rules: results,
    issues: results.flatMap(issuesOf),
  };
}

function columnQuality(column: ColumnSpec, evaluation: RuleEvaluation): ColumnQuality {
  const { rows, results } = evaluation;
  const nonNull = evaluation.nonNull[column.name] ?? 0;
  // A rule over several columns contributes this column's own failures when it has them, else its key's.
  const contributions = (dimension: Dimension) =>
    results
      .filter((r) => r.dimension === dimension && r.columns.includes(column.name))
      .map((r) => {
        const own = r.byColumn.find((c) => c.column === column.name);
        return { weight: r.weight, passRatio: own ? (rows === 0 ? 1 : (rows - own.failingRows) / rows) : r.passRatio };
      });
  return {
    column: column.name,
    type: column.type,
    nulls: rows - nonNull,
    completeness: rows === 0 ? null : nonNull / rows,
    validity: weightedMean(contributions("validity")),
    consistency: weightedMean(contributions("consistency")),
    uniqueness: weightedMean(contributions("uniqueness")),
  };
}

function issuesOf(result: RuleResult): QualityIssue[] {
  const base = {
    type: result.type,
    rule: result.rule,
    label: result.label,
    severity: result.severity,
    ruleFailed: !result.passed,
  };
  if (result.byColumn.length > 0) {
    return result.byColumn
      .filter((c) => c.failingRows > 0)
      .map((c) => ({
        ...base,
        column: c.column,
        columns: [c.column],
        count: c.failingRows,
        ratio: c.failingRatio,
        examples: c.samples,
        message: `${c.column}: ${c.failingRows.toLocaleString("en-US")} of ${result.rows.toLocaleString("en-US")} rows (${percent(c.failingRatio)}) fail ${result.label}`,
      }));
  }
  const failed = result.failingRows === null ? !result.passed : result.failingRows > 0;
  if (!failed) return [];
  return [
    {
      ...base,
      column: result.columns.length === 1 ? (result.columns[0] ?? null) : null,
      columns: result.columns,
      count: result.failingRows,
      ratio: result.failingRatio,
      examples: result.samples,
      message: result.message,
    },
  ];
}

/** Σ(weight × passRatio) / Σ weight, or null without entries. */
function weightedMean(entries: ReadonlyArray<{ weight: number; passRatio: number }>): number | null {
  const total = sum(entries.map((e) => e.weight));
  return total === 0 ? null : sum(entries.map((e) => e.weight * e.passRatio)) / total;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
