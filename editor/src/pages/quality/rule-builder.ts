/**
 * The rule builder as data: one editable draft per rule (every field as typed text), turned into the rule JSON
 * `createValidation` takes (see api/src/quality/README.md), with each problem named by rule and field before
 * anything is sent. Pure.
 */

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

export const RULE_TITLES: Readonly<Record<RuleType, string>> = {
  not_null: "Not null",
  unique: "Unique",
  range: "Range",
  type_check: "Type check",
  pattern: "Pattern (RE2)",
  allowed_values: "Allowed values",
  row_count: "Row count",
  freshness: "Freshness",
  custom_sql: "Custom SQL",
  referential: "Referential",
};

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const EXPECTED_TYPES = ["int", "float", "bool", "date", "timestamp", "string"] as const;
export type ExpectedType = (typeof EXPECTED_TYPES)[number];

/** One rule being edited: every field the rule types use, as the form holds them. */
export interface RuleDraft {
  key: number;
  type: RuleType;
  severity: Severity;
  /** "" = the validation's mode. */
  mode: "" | "BLOCK" | "WARN";
  name: string;
  columns: string[];
  min: string;
  max: string;
  minInclusive: boolean;
  maxInclusive: boolean;
  expected: ExpectedType;
  pattern: string;
  fullMatch: boolean;
  ignoreCase: boolean;
  /** allowed_values: one per line (or comma-separated). */
  values: string;
  maxAgeHours: string;
  scope: "latest" | "rows";
  expression: string;
  /** referential: the reference dataset's id and its columns, in the order of `columns`. */
  reference: string;
  referenceColumns: string[];
  /** Share of failing rows tolerated, 0..1 ("" = 0). */
  maxFailingRatio: string;
}

export function newRuleDraft(type: RuleType, key: number, column?: string): RuleDraft {
  return {
    key,
    type,
    severity: "MEDIUM",
    mode: "",
    name: "",
    columns: column !== undefined && column !== "" ? [column] : [],
    min: "",
    max: "",
    minInclusive: true,
    maxInclusive: true,
    expected: "int",
    pattern: "",
    fullMatch: false,
    ignoreCase: false,
    values: "",
    maxAgeHours: "24",
    scope: "latest",
    expression: "",
    reference: "",
    referenceColumns: [],
    maxFailingRatio: "",
  };
}

/**
 * A draft turned into another type: the new type's fresh fields, keeping the severity, mode, label and as many
 * of the columns as the new type takes.
 */
export function withType(draft: RuleDraft, type: RuleType): RuleDraft {
  const wanted = usesColumns(type);
  return {
    ...newRuleDraft(type, draft.key),
    columns: wanted === "none" ? [] : draft.columns.slice(0, wanted === "one" ? 1 : undefined),
    severity: draft.severity,
    mode: draft.mode,
    name: draft.name,
  };
}

/** Which fields a rule type uses (the builder shows only those). */
export function usesColumns(type: RuleType): "none" | "one" | "many" {
  if (type === "row_count" || type === "custom_sql") return "none";
  if (type === "freshness") return "one";
  return "many";
}

export interface Column {
  name: string;
  type: string;
}

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)\b/i;
const TEMPORAL = /^(DATE|TIMESTAMP|TIME)\b/i;
const BOOLEAN = /^BOOL/i;

export type ColumnKind = "number" | "temporal" | "boolean" | "text";

export function columnKind(type: string): ColumnKind {
  const t = type.trim();
  if (NUMERIC.test(t)) return "number";
  if (TEMPORAL.test(t)) return "temporal";
  if (BOOLEAN.test(t)) return "boolean";
  return "text";
}

/** A problem with one field of one rule (index = the rule's position). */
export interface DraftProblem {
  rule: number;
  field: string;
  message: string;
}

/** A bound of a range: a number for numeric columns, an ISO date/time (kept as text) for temporal ones; null if neither. */
function bound(text: string, kind: ColumnKind): number | string | null {
  if (kind === "temporal") return Number.isNaN(Date.parse(text)) ? null : text;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** allowed_values' text as values of the column's kind. */
function parseValues(text: string, kind: ColumnKind): Array<string | number | boolean> | string {
  const items = text
    .split(/\n|,/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) return "list at least one value";
  if (kind === "number") {
    const numbers = items.map(Number);
    const bad = items.find((_, i) => !Number.isFinite(numbers[i]));
    return bad !== undefined ? `"${bad}" is not a number` : numbers;
  }
  if (kind === "boolean") {
    const bad = items.find((s) => s !== "true" && s !== "false");
    return bad !== undefined ? `"${bad}" is not true or false` : items.map((s) => s === "true");
  }
  return items;
}

/** One draft as rule JSON, or the problems with it. */
export function draftToRule(
  draft: RuleDraft,
  index: number,
  columns: readonly Column[],
): { rule: Record<string, unknown>; problems: DraftProblem[] } {
  const problems: DraftProblem[] = [];
  const problem = (field: string, message: string): void => {
    problems.push({ rule: index, field, message });
  };
  const rule: Record<string, unknown> = { type: draft.type, severity: draft.severity };
  if (draft.mode !== "") rule["mode"] = draft.mode;
  if (draft.name.trim() !== "") rule["name"] = draft.name.trim();
  if (draft.maxFailingRatio.trim() !== "") {
    const ratio = Number(draft.maxFailingRatio);
    if (!(ratio >= 0 && ratio <= 1)) problem("maxFailingRatio", "must be between 0 and 1");
    else rule["maxFailingRatio"] = ratio;
  }

  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const wanted = usesColumns(draft.type);
  const picked = draft.columns.filter((c) => c !== "");
  if (wanted !== "none") {
    if (picked.length === 0) problem("columns", "pick a column");
    else if (wanted === "one" || picked.length === 1) rule["column"] = picked[0];
    else rule["columns"] = picked;
  }
  const kinds = picked.map((c) => columnKind(typeOf.get(c) ?? "VARCHAR"));
  const kind: ColumnKind = kinds[0] ?? "text";

  switch (draft.type) {
    case "not_null":
    case "unique":
      break;
    case "range":
    case "row_count": {
      const k: ColumnKind = draft.type === "row_count" ? "number" : kind;
      if (draft.type === "range" && picked.length > 0 && (k === "text" || k === "boolean"))
        problem("columns", "a range needs numeric or date/time columns");
      if (draft.min.trim() === "" && draft.max.trim() === "") problem("min", "give a minimum, a maximum or both");
      for (const side of ["min", "max"] as const) {
        const text = draft[side].trim();
        if (text === "") continue;
        const value = bound(text, k);
        if (value === null) problem(side, k === "temporal" ? "must be an ISO date or timestamp" : "must be a number");
        else if (draft.type === "row_count" && (!Number.isInteger(value) || (value as number) < 0))
          problem(side, "must be a whole number ≥ 0");
        else rule[side] = value;
      }
      if (typeof rule["min"] === "number" && typeof rule["max"] === "number" && rule["min"] > rule["max"])
        problem("max", "must not be below the minimum");
      if (draft.type === "range") {
        if (!draft.minInclusive) rule["minInclusive"] = false;
        if (!draft.maxInclusive) rule["maxInclusive"] = false;
      }
      break;
    }
    case "type_check":
      rule["expected"] = draft.expected;
      break;
    case "pattern":
      if (draft.pattern === "") problem("pattern", "give a regular expression");
      else if (draft.pattern.length > 500) problem("pattern", "at most 500 characters");
      else rule["pattern"] = draft.pattern;
      if (draft.fullMatch) rule["fullMatch"] = true;
      if (draft.ignoreCase) rule["ignoreCase"] = true;
      break;
    case "allowed_values": {
      const values = parseValues(draft.values, kind);
      if (typeof values === "string") problem("values", values);
      else rule["values"] = values;
      break;
    }
    case "freshness": {
      if (picked.length > 0 && kind !== "temporal") problem("columns", "freshness needs a date or timestamp column");
      const hours = Number(draft.maxAgeHours);
      if (draft.maxAgeHours.trim() === "" || !(hours > 0)) problem("maxAgeHours", "must be a number of hours > 0");
      else rule["maxAgeHours"] = hours;
      if (draft.scope === "rows") rule["scope"] = "rows";
      break;
    }
    case "custom_sql":
      if (draft.expression.trim() === "") problem("expression", "give a boolean SQL expression over the row");
      else rule["expression"] = draft.expression.trim();
      break;
    case "referential": {
      if (draft.reference === "") problem("reference", "choose the reference dataset");
      else rule["reference"] = draft.reference;
      const refs = draft.referenceColumns.slice(0, picked.length);
      if (picked.length > 0 && (refs.length !== picked.length || refs.some((c) => c === "")))
        problem("referenceColumns", "pick a reference column for each column");
      else if (refs.length === 1) rule["referenceColumn"] = refs[0];
      else if (refs.length > 1) rule["referenceColumns"] = refs;
      break;
    }
  }
  return { rule, problems };
}

/** Every draft as rule JSON, or every problem with them. */
export function draftsToRules(
  drafts: readonly RuleDraft[],
  columns: readonly Column[],
): { ok: true; rules: Array<Record<string, unknown>> } | { ok: false; problems: DraftProblem[] } {
  if (drafts.length === 0)
    return { ok: false, problems: [{ rule: -1, field: "rules", message: "add at least one rule" }] };
  const built = drafts.map((d, i) => draftToRule(d, i, columns));
  const problems = built.flatMap((b) => b.problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rules: built.map((b) => b.rule) };
}
