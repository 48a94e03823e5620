/**
 * The JSON Schema of one rule config, for the step catalog (`validate` step, `rules.items`) and the editor's
 * forms: one variant per rule type, each listing exactly its fields. It checks shapes only; checkRules also
 * checks rules against the table's columns and the engine (regexes, expressions), and reports every problem.
 */
import type { JsonSchema } from "../steps/step-kind.js";
import {
  EXPECTED_TYPES,
  FRESHNESS_SCOPES,
  GATE_MODES,
  MAX_ALLOWED_VALUES,
  MAX_EXPRESSION_LENGTH,
  MAX_PATTERN_LENGTH,
  RULE_TYPES,
  SEVERITIES,
  type RuleType,
} from "./rule-types.js";

const columnName: JsonSchema = { type: "string", title: "Column", minLength: 1, maxLength: 128 };
const columnList = (title: string): JsonSchema => ({
  type: "array",
  title,
  items: columnName,
  minItems: 1,
  uniqueItems: true,
});
const bound = (title: string): JsonSchema => ({
  type: ["number", "string"],
  title,
  description: "A number, or an ISO date/timestamp for a date or timestamp column (no zone: UTC).",
});

const COMMON: Record<string, JsonSchema> = {
  severity: { type: "string", title: "Severity", enum: [...SEVERITIES], default: "MEDIUM" },
  mode: { type: "string", title: "Mode (default: the step's)", enum: [...GATE_MODES] },
  name: { type: "string", title: "Name", maxLength: 128 },
  maxFailingRatio: { type: "number", title: "Failing rows allowed (ratio)", minimum: 0, maximum: 1, default: 0 },
};

const COLUMNS: Record<string, JsonSchema> = {
  column: columnName,
  columns: columnList("Columns"),
};
// Ajv's strict mode wants every required field declared next to `required`.
const has = (field: string): JsonSchema => ({ type: "object", properties: { [field]: true }, required: [field] });
/** Exactly one of `column` / `columns`. */
const ONE_COLUMN_FIELD: JsonSchema = { oneOf: [has("column"), has("columns")] };

const FIELDS: Record<RuleType, { properties: Record<string, JsonSchema>; required?: string[]; columns?: boolean }> = {
  not_null: { properties: COLUMNS, columns: true },
  unique: { properties: COLUMNS, columns: true },
  range: {
    properties: {
      ...COLUMNS,
      min: bound("Minimum"),
      max: bound("Maximum"),
      minInclusive: { type: "boolean", title: "Minimum included", default: true },
      maxInclusive: { type: "boolean", title: "Maximum included", default: true },
    },
    columns: true,
  },
  type_check: {
    properties: { ...COLUMNS, expected: { type: "string", title: "Expected type", enum: [...EXPECTED_TYPES] } },
    required: ["expected"],
    columns: true,
  },
  pattern: {
    properties: {
      ...COLUMNS,
      pattern: { type: "string", title: "Regular expression (RE2)", minLength: 1, maxLength: MAX_PATTERN_LENGTH },
      fullMatch: { type: "boolean", title: "Whole value must match", default: false },
      ignoreCase: { type: "boolean", title: "Ignore case", default: false },
    },
    required: ["pattern"],
    columns: true,
  },
  allowed_values: {
    properties: {
      ...COLUMNS,
      values: {
        type: "array",
        title: "Allowed values",
        items: { type: ["string", "number", "boolean"] },
        minItems: 1,
        maxItems: MAX_ALLOWED_VALUES,
      },
    },
    required: ["values"],
    columns: true,
  },
  row_count: {
    properties: {
      min: { type: "integer", title: "Minimum rows", minimum: 0 },
      max: { type: "integer", title: "Maximum rows", minimum: 0 },
    },
  },
  freshness: {
    properties: {
      column: columnName,
      maxAgeHours: { type: "number", title: "Maximum age (hours)", exclusiveMinimum: 0 },
      scope: { type: "string", title: "Applies to", enum: [...FRESHNESS_SCOPES], default: "latest" },
      now: { type: "string", title: "Measured from (ISO instant; default: the run's time)", maxLength: 40 },
    },
    required: ["column", "maxAgeHours"],
  },
  custom_sql: {
    properties: {
      expression: {
        type: "string",
        title: "Every row must satisfy (SQL)",
        minLength: 1,
        maxLength: MAX_EXPRESSION_LENGTH,
        format: "sql-expression",
      },
    },
    required: ["expression"],
  },
  referential: {
    properties: {
      ...COLUMNS,
      reference: {
        type: "string",
        title: "Reference table (dataset)",
        minLength: 1,
        maxLength: 256,
        format: "dataset-id",
      },
      referenceColumn: columnName,
      referenceColumns: columnList("Reference columns"),
    },
    required: ["reference"],
    columns: true,
  },
};

function variant(type: RuleType): JsonSchema {
  const { properties, required = [], columns = false } = FIELDS[type];
  const constraints: JsonSchema[] = [];
  if (columns) constraints.push(ONE_COLUMN_FIELD);
  if (type === "referential") constraints.push({ oneOf: [has("referenceColumn"), has("referenceColumns")] });
  if (type === "range" || type === "row_count") constraints.push({ anyOf: [has("min"), has("max")] });
  return {
    type: "object",
    title: type,
    properties: { type: { const: type }, ...COMMON, ...properties },
    required: ["type", ...required],
    additionalProperties: false,
    ...(constraints.length > 0 ? { allOf: constraints } : {}),
  };
}

/** One rule: `{ "type": "...", ...fields }`. Plug into the catalog as `rules: { type: "array", items: RULE_JSON_SCHEMA }`. */
export const RULE_JSON_SCHEMA: JsonSchema = {
  title: "Rule",
  type: "object",
  required: ["type"],
  properties: { type: { type: "string", title: "Rule", enum: [...RULE_TYPES] } },
  oneOf: RULE_TYPES.map(variant),
};

/** The config fields each rule type accepts (beyond the common ones), as the schema lists them. */
export function schemaFields(type: RuleType): string[] {
  return Object.keys(FIELDS[type].properties);
}
