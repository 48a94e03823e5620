/**
 * Reads rule configs (untrusted JSON) into typed rules, collecting every structural problem instead of stopping
 * at the first: unknown type or field, wrong value types, impossible bounds. Checks against the table's columns
 * and the engine live in rule-check.ts.
 */
import { instantMillis } from "./instants.js";
import {
  EXPECTED_TYPES,
  FRESHNESS_SCOPES,
  GATE_MODES,
  MAX_ALLOWED_VALUES,
  MAX_EXPRESSION_LENGTH,
  MAX_PATTERN_LENGTH,
  RULE_TYPES,
  SEVERITIES,
  type QualityRule,
  type RuleType,
  type RuleValue,
} from "./rule-types.js";

/** One thing wrong with one rule's config. */
export interface RuleProblem {
  /** Index of the rule in the list (-1: the list itself). */
  rule: number;
  /** The rule's type when it has a known one. */
  type: RuleType | null;
  /** The config field at fault, e.g. "min", "columns[1]". */
  field: string;
  /** Full sentence: `rule #2 (range), field "min": …`. */
  message: string;
}

const COMMON_FIELDS = ["type", "severity", "mode", "name", "maxFailingRatio"];
const COLUMN_FIELDS = ["column", "columns"];
/** Fields each rule type accepts besides the common ones (type, severity, mode, name, maxFailingRatio). */
export const RULE_FIELDS: Readonly<Record<RuleType, readonly string[]>> = {
  not_null: COLUMN_FIELDS,
  unique: COLUMN_FIELDS,
  range: [...COLUMN_FIELDS, "min", "max", "minInclusive", "maxInclusive"],
  type_check: [...COLUMN_FIELDS, "expected"],
  pattern: [...COLUMN_FIELDS, "pattern", "fullMatch", "ignoreCase"],
  allowed_values: [...COLUMN_FIELDS, "values"],
  row_count: ["min", "max"],
  freshness: ["column", "maxAgeHours", "scope", "now"],
  custom_sql: ["expression"],
  referential: [...COLUMN_FIELDS, "reference", "referenceColumn", "referenceColumns"],
};
const MAX_NAME_LENGTH = 128;

/** `rule #2 (range), field "min": <problem>`: how every config problem reads. */
export function problemMessage(rule: number, type: RuleType | null, field: string, problem: string): string {
  const who = rule < 0 ? "rules" : `rule #${rule}${type ? ` (${type})` : ""}`;
  return `${who}${field ? `, field "${field}"` : ""}: ${problem}`;
}

/** Reads the rule list; `rules` holds the rules that read cleanly (all of them when `problems` is empty). */
export function parseRules(raw: unknown): { rules: QualityRule[]; problems: RuleProblem[] } {
  if (!Array.isArray(raw)) {
    return {
      rules: [],
      problems: [{ rule: -1, type: null, field: "", message: problemMessage(-1, null, "", "must be a list of rules") }],
    };
  }
  const rules: QualityRule[] = [];
  const problems: RuleProblem[] = [];
  raw.forEach((item: unknown, index) => {
    const reader = new RuleReader(item, index, problems);
    const rule = reader.read();
    if (rule && !reader.failed) rules.push(rule);
  });
  return { rules, problems };
}

class RuleReader {
  private readonly config: Record<string, unknown>;
  private type: RuleType | null = null;
  private readonly before: number;
  private readonly isObject: boolean;

  constructor(
    raw: unknown,
    private readonly index: number,
    private readonly problems: RuleProblem[],
  ) {
    this.before = problems.length;
    this.isObject = typeof raw === "object" && raw !== null && !Array.isArray(raw);
    this.config = this.isObject ? (raw as Record<string, unknown>) : {};
  }

  get failed(): boolean {
    return this.problems.length > this.before;
  }

  read(): QualityRule | null {
    if (!this.isObject) {
      this.problem("", 'must be an object with a "type"');
      return null;
    }
    const type = this.config["type"];
    if (typeof type !== "string" || !(RULE_TYPES as readonly string[]).includes(type)) {
      this.problem("type", `unknown rule type ${JSON.stringify(type ?? null)} (known: ${RULE_TYPES.join(", ")})`);
      return null;
    }
    this.type = type as RuleType;
    const allowed = new Set([...COMMON_FIELDS, ...RULE_FIELDS[this.type]]);
    for (const key of Object.keys(this.config))
      if (!allowed.has(key)) this.problem(key, `unknown field for a ${type} rule`);
    const base = {
      index: this.index,
      severity: this.oneOf("severity", SEVERITIES) ?? "MEDIUM",
      mode: this.oneOf("mode", GATE_MODES) ?? null,
      name: this.optionalString("name", MAX_NAME_LENGTH),
      maxFailingRatio: this.ratio("maxFailingRatio") ?? 0,
    };
    switch (this.type) {
      case "not_null":
      case "unique":
        return { ...base, type: this.type, columns: this.columns("column", "columns") };
      case "range":
        return this.range(base);
      case "type_check": {
        const expected = this.oneOf("expected", EXPECTED_TYPES);
        if (!this.has("expected")) this.problem("expected", `is required: one of ${EXPECTED_TYPES.join(", ")}`);
        return {
          ...base,
          type: "type_check",
          columns: this.columns("column", "columns"),
          expected: expected ?? "string",
        };
      }
      case "pattern":
        return {
          ...base,
          type: "pattern",
          columns: this.columns("column", "columns"),
          pattern: this.requiredString("pattern", MAX_PATTERN_LENGTH),
          fullMatch: this.boolean("fullMatch", false),
          ignoreCase: this.boolean("ignoreCase", false),
        };
      case "allowed_values":
        return { ...base, type: "allowed_values", columns: this.columns("column", "columns"), values: this.values() };
      case "row_count":
        return this.rowCount(base);
      case "freshness":
        return this.freshness(base);
      case "custom_sql":
        return { ...base, type: "custom_sql", expression: this.requiredString("expression", MAX_EXPRESSION_LENGTH) };
      case "referential": {
        const columns = this.columns("column", "columns");
        const referenceColumns = this.columns("referenceColumn", "referenceColumns");
        if (columns.length > 0 && referenceColumns.length > 0 && columns.length !== referenceColumns.length) {
          this.problem(
            "referenceColumns",
            `has ${referenceColumns.length} column(s) but the rule checks ${columns.length}`,
          );
        }
        return {
          ...base,
          type: "referential",
          columns,
          reference: this.requiredString("reference", 256),
          referenceColumns,
        };
      }
    }
  }

  private range(base: Base): QualityRule {
    const min = this.bound("min");
    const max = this.bound("max");
    const minInclusive = this.boolean("minInclusive", true);
    const maxInclusive = this.boolean("maxInclusive", true);
    if (min === null && max === null && !this.has("min") && !this.has("max"))
      this.problem("min", "a range needs min, max or both");
    if (min !== null && max !== null) {
      const order = (v: number | string) => (typeof v === "number" ? v : (instantMillis(v) ?? 0));
      if (typeof min !== typeof max) this.problem("max", "min and max must both be numbers or both be dates");
      else if (order(min) > order(max))
        this.problem("min", `min (${String(min)}) is greater than max (${String(max)})`);
      else if (order(min) === order(max) && (!minInclusive || !maxInclusive))
        this.problem("min", `min = max (${String(min)}) with an exclusive bound: no value can pass`);
    }
    return { ...base, type: "range", columns: this.columns("column", "columns"), min, max, minInclusive, maxInclusive };
  }

  private rowCount(base: Base): QualityRule {
    const count = (key: string): number | null => {
      const value = this.config[key];
      if (value === undefined || value === null) return null;
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
        this.problem(key, "must be a whole number, 0 or more");
        return null;
      }
      return value;
    };
    const min = count("min");
    const max = count("max");
    if (!this.has("min") && !this.has("max")) this.problem("min", "a row_count rule needs min, max or both");
    if (min !== null && max !== null && min > max) this.problem("min", `min (${min}) is greater than max (${max})`);
    return { ...base, type: "row_count", min, max };
  }

  private freshness(base: Base): QualityRule {
    const column = this.requiredString("column", 128);
    const hours = this.config["maxAgeHours"];
    if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0)
      this.problem("maxAgeHours", "is required: a number of hours greater than 0");
    const now = this.optionalString("now", 40);
    if (now !== null && instantMillis(now) === null) this.problem("now", `"${now}" is not an ISO date or timestamp`);
    return {
      ...base,
      type: "freshness",
      columns: [column],
      maxAgeHours: typeof hours === "number" ? hours : 0,
      scope: this.oneOf("scope", FRESHNESS_SCOPES) ?? "latest",
      now,
    };
  }

  /** A list of column names from either a single-name field or a list field (exactly one of them). */
  private columns(single: string, list: string): string[] {
    const one = this.config[single];
    const many = this.config[list];
    if (one !== undefined && many !== undefined) {
      this.problem(list, `give either "${single}" or "${list}", not both`);
      return [];
    }
    if (one === undefined && many === undefined) {
      this.problem(list, `is required (or "${single}")`);
      return [];
    }
    if (one !== undefined) {
      if (typeof one !== "string" || one === "") {
        this.problem(single, "must be a column name");
        return [];
      }
      return [one];
    }
    if (!Array.isArray(many) || many.length === 0) {
      this.problem(list, "must be a non-empty list of column names");
      return [];
    }
    const names: string[] = [];
    many.forEach((name: unknown, i) => {
      if (typeof name !== "string" || name === "") this.problem(`${list}[${i}]`, "must be a column name");
      else if (names.includes(name)) this.problem(`${list}[${i}]`, `"${name}" is listed twice`);
      else names.push(name);
    });
    return names;
  }

  private bound(key: string): number | string | null {
    const value = this.config[key];
    if (value === undefined || value === null) return null;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (typeof value === "string" && instantMillis(value) !== null) return value;
    this.problem(key, "must be a finite number, or an ISO date/timestamp for a date or timestamp column");
    return null;
  }

  private values(): RuleValue[] {
    const value = this.config["values"];
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ALLOWED_VALUES) {
      this.problem("values", `must be a list of 1 to ${MAX_ALLOWED_VALUES} values`);
      return [];
    }
    const values: RuleValue[] = [];
    value.forEach((v: unknown, i) => {
      if (typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v)))
        values.push(v);
      else this.problem(`values[${i}]`, "must be a string, a finite number or a boolean");
    });
    return values;
  }

  private ratio(key: string): number | null {
    const value = this.config[key];
    if (value === undefined || value === null) return null;
    if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
      this.problem(key, "must be a number from 0 to 1");
      return null;
    }
    return value;
  }

  private oneOf<T extends string>(key: string, allowed: readonly T[]): T | null {
    const value = this.config[key];
    if (value === undefined || value === null) return null;
    if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
    this.problem(key, `must be one of ${allowed.join(", ")}`);
    return null;
  }

  private boolean(key: string, fallback: boolean): boolean {
    const value = this.config[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value === "boolean") return value;
    this.problem(key, "must be true or false");
    return fallback;
  }

  private requiredString(key: string, maxLength: number): string {
    const value = this.config[key];
    if (typeof value !== "string" || value.trim() === "") {
      this.problem(key, "is required: a non-empty string");
      return "";
    }
    if (value.length > maxLength)
      this.problem(key, `is ${value.length} characters long; at most ${maxLength} are allowed`);
    return value;
  }

  private optionalString(key: string, maxLength: number): string | null {
    const value = this.config[key];
    if (value === undefined || value === null || value === "") return null;
    if (typeof value !== "string") {
      this.problem(key, "must be a string");
      return null;
    }
    if (value.length > maxLength)
      this.problem(key, `is ${value.length} characters long; at most ${maxLength} are allowed`);
    return value;
  }

  private has(key: string): boolean {
    return this.config[key] !== undefined && this.config[key] !== null;
  }

  private problem(field: string, problem: string): void {
    this.problems.push({
      rule: this.index,
      type: this.type,
      field,
      message: problemMessage(this.index, this.type, field, problem),
    });
  }
}

type Base = Pick<QualityRule, "index" | "severity" | "mode" | "name" | "maxFailingRatio">;
