import { describe, expect, it } from "vitest";
import { RULE_FIELDS } from "../../api/src/quality/rule-parser.js";
import { RULE_JSON_SCHEMA, schemaFields } from "../../api/src/quality/rule-schema.js";
import { RULE_TYPES } from "../../api/src/quality/rule-types.js";
import { STEP_KINDS } from "../../api/src/steps/catalog.js";
import { StepRegistry } from "../../api/src/steps/step-registry.js";

// The catalog's validate kind with the proposed rule schema, compiled by the registry's own (strict) Ajv.
const current = STEP_KINDS.find((k) => k.id === "validate");
if (!current) throw new Error("no validate step kind in the catalog");
const registry = new StepRegistry([
  {
    ...current,
    configSchema: {
      type: "object",
      properties: {
        mode: { type: "string", title: "Mode", enum: ["BLOCK", "WARN"], default: "BLOCK" },
        rules: { type: "array", title: "Rules", items: RULE_JSON_SCHEMA },
      },
      required: ["rules"],
      additionalProperties: false,
    },
  },
]);
const check = (rules: unknown[]) =>
  registry.lookup("validate")?.checkConfig({ mode: "WARN", rules }) ?? ["no validator"];

describe("RULE_JSON_SCHEMA", () => {
  it("lists the same fields per rule type as the config reader accepts", () => {
    for (const type of RULE_TYPES) expect(schemaFields(type).sort()).toEqual([...RULE_FIELDS[type]].sort());
  });

  it("compiles in the registry's strict Ajv and accepts every valid rule shape", () => {
    expect(
      check([
        {
          type: "not_null",
          columns: ["email", "amount"],
          severity: "HIGH",
          mode: "BLOCK",
          name: "required",
          maxFailingRatio: 0.01,
        },
        { type: "unique", column: "id" },
        { type: "range", column: "amount", min: 0, max: 100, minInclusive: false },
        { type: "range", column: "at", max: "2024-06-01T00:00:00Z" },
        { type: "type_check", column: "qty", expected: "int" },
        { type: "pattern", column: "email", pattern: "^[^@]+@[^@]+$", fullMatch: true, ignoreCase: true },
        { type: "allowed_values", column: "status", values: ["new", 1, true] },
        { type: "row_count", min: 1, max: 10 },
        { type: "freshness", column: "updated_at", maxAgeHours: 24, scope: "rows", now: "2024-06-02" },
        { type: "custom_sql", expression: "discount <= amount" },
        { type: "referential", column: "customer_id", reference: "customers", referenceColumn: "id" },
        { type: "referential", columns: ["a", "b"], reference: "pairs", referenceColumns: ["x", "y"] },
      ]),
    ).toEqual([]);
  });

  it("refuses wrong shapes", () => {
    const refused = (rule: unknown) => check([rule]).length > 0;
    expect(refused({ type: "nope", column: "x" })).toBe(true);
    expect(refused({ type: "not_null" })).toBe(true);
    expect(refused({ type: "not_null", column: "x", columns: ["x"] })).toBe(true);
    expect(refused({ type: "not_null", colum: "x" })).toBe(true);
    expect(refused({ type: "range", column: "x" })).toBe(true);
    expect(refused({ type: "range", column: "x", min: true })).toBe(true);
    expect(refused({ type: "type_check", column: "x", expected: "integer" })).toBe(true);
    expect(refused({ type: "pattern", column: "x", pattern: "a".repeat(501) })).toBe(true);
    expect(refused({ type: "allowed_values", column: "x", values: [] })).toBe(true);
    expect(refused({ type: "row_count" })).toBe(true);
    expect(refused({ type: "row_count", min: -1 })).toBe(true);
    expect(refused({ type: "freshness", column: "t", maxAgeHours: 0 })).toBe(true);
    expect(refused({ type: "custom_sql" })).toBe(true);
    expect(refused({ type: "referential", column: "c", reference: "r" })).toBe(true);
    expect(refused({ type: "not_null", column: "x", severity: "CRITICAL" })).toBe(true);
  });
});
