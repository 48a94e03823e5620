/**
 * Data-quality rules as values: the shapes a validated rule config takes, and the fixed facts about each rule
 * type (which quality dimension it measures, whether it judges rows or the whole table).
 */

/** Every rule type, as configs name them. */
export const RULE_TYPES = [
  "not_null",
  "unique",
  "range",
  "type_check",
  "pattern",
  "allowed_values",
  "row_count",
  "freshness",
  "custom_sql",
  "referential",
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** How much a rule matters: its weight in the score (SEVERITY_WEIGHT). */
export const SEVERITIES = ["LOW", "MEDIUM", "HIGH"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const GATE_MODES = ["BLOCK", "WARN"] as const;
/** What a failing rule does in a pipeline: BLOCK stops downstream steps, WARN records and continues. */
export type GateMode = (typeof GATE_MODES)[number];

/** The types type_check can expect. */
export const EXPECTED_TYPES = ["int", "float", "bool", "date", "timestamp", "string"] as const;
export type ExpectedType = (typeof EXPECTED_TYPES)[number];

/** Whether freshness judges the newest value (the table) or every value (rows). */
export const FRESHNESS_SCOPES = ["latest", "rows"] as const;
export type FreshnessScope = (typeof FRESHNESS_SCOPES)[number];

/** The quality dimension a rule measures. */
export type Dimension = "completeness" | "validity" | "consistency" | "uniqueness";

/** A value a rule compares against: range bounds and allowed values. */
export type RuleValue = string | number | boolean;

interface RuleBase {
  /** Position in the configured list (0-based): how messages and results name the rule. */
  index: number;
  severity: Severity;
  /** Unset: the step's mode decides. */
  mode: GateMode | null;
  /** Optional label chosen by the user. */
  name: string | null;
  /** Row rules pass while failingRows / rows stays at or under this (0 = no failing row allowed). */
  maxFailingRatio: number;
}

/** Every listed column has a value. */
export interface NotNullRule extends RuleBase {
  type: "not_null";
  columns: string[];
}

/** The listed columns together form a key; rows with a null in any of them are not checked. */
export interface UniqueRule extends RuleBase {
  type: "unique";
  columns: string[];
}

/** Values within min/max (nulls are not checked). */
export interface RangeRule extends RuleBase {
  type: "range";
  columns: string[];
  /** Numbers for numeric columns, ISO dates/timestamps (strings) for temporal ones. */
  min: number | string | null;
  max: number | string | null;
  minInclusive: boolean;
  maxInclusive: boolean;
}

/** Values of the expected type: typed columns by type, text by TRY_CAST (nulls are not checked). */
export interface TypeCheckRule extends RuleBase {
  type: "type_check";
  columns: string[];
  expected: ExpectedType;
}

/** Values match a regex (nulls are not checked). */
export interface PatternRule extends RuleBase {
  type: "pattern";
  columns: string[];
  /** RE2 syntax (DuckDB's regexp engine). */
  pattern: string;
  /** Whole value must match (default: a match anywhere, so anchor with ^…$). */
  fullMatch: boolean;
  ignoreCase: boolean;
}

/** Values among the listed ones (nulls are not checked). */
export interface AllowedValuesRule extends RuleBase {
  type: "allowed_values";
  columns: string[];
  values: RuleValue[];
}

/** The table's row count within min/max. */
export interface RowCountRule extends RuleBase {
  type: "row_count";
  min: number | null;
  max: number | null;
}

/** Timestamps no older than maxAgeHours before now. */
export interface FreshnessRule extends RuleBase {
  type: "freshness";
  columns: [string];
  maxAgeHours: number;
  /** latest: the newest value must be recent enough; rows: every value must be. */
  scope: FreshnessScope;
  /** ISO instant the age is measured from; unset: the evaluation's `now`. */
  now: string | null;
}

/** A boolean SQL expression over the row; like a SQL CHECK constraint, a row fails only where it is FALSE. */
export interface CustomSqlRule extends RuleBase {
  type: "custom_sql";
  expression: string;
}

/** Values of `columns` must exist in `referenceColumns` of the `reference` table (rows with a null are not checked). */
export interface ReferentialRule extends RuleBase {
  type: "referential";
  columns: string[];
  reference: string;
  referenceColumns: string[];
}

/** A checked rule config. */
export type QualityRule =
  | NotNullRule
  | UniqueRule
  | RangeRule
  | TypeCheckRule
  | PatternRule
  | AllowedValuesRule
  | RowCountRule
  | FreshnessRule
  | CustomSqlRule
  | ReferentialRule;

/** The dimension each rule type measures. */
export const DIMENSION_OF: Readonly<Record<RuleType, Dimension>> = {
  not_null: "completeness",
  // Missing records are missing data too.
  row_count: "completeness",
  unique: "uniqueness",
  range: "validity",
  type_check: "validity",
  pattern: "validity",
  allowed_values: "validity",
  freshness: "validity",
  custom_sql: "consistency",
  referential: "consistency",
};

/** Weights of the score's weighted mean. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

/** Longest regex accepted: RE2 runs in linear time, but a huge pattern still costs memory and compile time. */
export const MAX_PATTERN_LENGTH = 500;
/** Most values an allowed_values rule may list. */
export const MAX_ALLOWED_VALUES = 10_000;
/** Longest custom_sql expression. */
export const MAX_EXPRESSION_LENGTH = 10_000;

/** Columns a rule reads from the checked table (none for row_count and custom_sql). */
export function columnsOf(rule: QualityRule): readonly string[] {
  return "columns" in rule ? rule.columns : [];
}

/** Whether the rule judges rows (and so has failing rows and samples) or the table as a whole. */
export function judgesRows(rule: QualityRule): boolean {
  if (rule.type === "row_count") return false;
  if (rule.type === "freshness") return rule.scope === "rows";
  return true;
}

/** `range on x, y` or the user's name: how logs and messages call a rule. */
export function ruleLabel(rule: QualityRule): string {
  if (rule.name) return `"${rule.name}"`;
  const columns = columnsOf(rule);
  return `#${rule.index} ${rule.type}${columns.length > 0 ? ` on ${columns.join(", ")}` : ""}`;
}
