import { describe, expect, it } from "vitest";
import { draftsToRules, draftToRule, newRuleDraft, withType, type RuleDraft } from "./rule-builder";

const columns = [
  { name: "x", type: "BIGINT" },
  { name: "y", type: "DOUBLE" },
  { name: "class", type: "VARCHAR" },
  { name: "at", type: "TIMESTAMP" },
  { name: "ok", type: "BOOLEAN" },
];
const draft = (patch: Partial<RuleDraft> & Pick<RuleDraft, "type">): RuleDraft => ({
  ...newRuleDraft(patch.type, 1),
  ...patch,
});
const rule = (patch: Partial<RuleDraft> & Pick<RuleDraft, "type">) => draftToRule(draft(patch), 0, columns);

describe("rule builder → rule JSON", () => {
  it("writes one column as `column` and several as `columns`, with severity and mode", () => {
    expect(rule({ type: "not_null", columns: ["x"] }).rule).toEqual({
      type: "not_null",
      severity: "MEDIUM",
      column: "x",
    });
    expect(
      rule({ type: "unique", columns: ["x", "class"], severity: "HIGH", mode: "BLOCK", name: " key " }).rule,
    ).toEqual({
      type: "unique",
      severity: "HIGH",
      mode: "BLOCK",
      name: "key",
      columns: ["x", "class"],
    });
  });

  it("builds ranges with numbers for numeric columns and ISO text for temporal ones", () => {
    expect(rule({ type: "range", columns: ["x"], min: "0", max: "50", maxInclusive: false }).rule).toEqual({
      type: "range",
      severity: "MEDIUM",
      column: "x",
      min: 0,
      max: 50,
      maxInclusive: false,
    });
    expect(rule({ type: "range", columns: ["at"], min: "2026-01-01" }).rule).toMatchObject({ min: "2026-01-01" });
    expect(rule({ type: "range", columns: ["x"], min: "5", max: "1" }).problems).toEqual([
      { rule: 0, field: "max", message: "must not be below the minimum" },
    ]);
    expect(rule({ type: "range", columns: ["class"], min: "1" }).problems[0]?.field).toBe("columns");
  });

  it("types allowed values by the column's kind", () => {
    expect(
      rule({ type: "allowed_values", columns: ["class"], values: "Walk\nEat_meat, Drink" }).rule["values"],
    ).toEqual(["Walk", "Eat_meat", "Drink"]);
    expect(rule({ type: "allowed_values", columns: ["x"], values: "1, 2" }).rule["values"]).toEqual([1, 2]);
    expect(rule({ type: "allowed_values", columns: ["ok"], values: "true" }).rule["values"]).toEqual([true]);
    expect(rule({ type: "allowed_values", columns: ["x"], values: "1, two" }).problems[0]?.message).toBe(
      '"two" is not a number',
    );
  });

  it("builds table rules without columns", () => {
    expect(rule({ type: "row_count", min: "1000" }).rule).toEqual({ type: "row_count", severity: "MEDIUM", min: 1000 });
    expect(rule({ type: "row_count", min: "1.5" }).problems[0]?.field).toBe("min");
    expect(rule({ type: "custom_sql", expression: " x <= y " }).rule).toEqual({
      type: "custom_sql",
      severity: "MEDIUM",
      expression: "x <= y",
    });
  });

  it("builds pattern, type check, freshness and referential rules", () => {
    expect(rule({ type: "pattern", columns: ["class"], pattern: "^[A-Z]", fullMatch: true }).rule).toMatchObject({
      pattern: "^[A-Z]",
      fullMatch: true,
    });
    expect(rule({ type: "type_check", columns: ["class"], expected: "date" }).rule).toMatchObject({ expected: "date" });
    expect(rule({ type: "freshness", columns: ["at"], maxAgeHours: "48", scope: "rows" }).rule).toEqual({
      type: "freshness",
      severity: "MEDIUM",
      column: "at",
      maxAgeHours: 48,
      scope: "rows",
    });
    expect(rule({ type: "freshness", columns: ["x"] }).problems[0]?.message).toMatch(/date or timestamp/);
    expect(
      rule({ type: "referential", columns: ["class"], reference: "labels", referenceColumns: ["name"] }).rule,
    ).toMatchObject({ column: "class", reference: "labels", referenceColumn: "name" });
  });

  it("collects every problem of every rule, or the rules in order", () => {
    const result = draftsToRules(
      [
        draft({ type: "not_null" }),
        draft({ type: "pattern", columns: ["class"] }),
        draft({ type: "unique", columns: ["x"] }),
      ],
      columns,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { rule: 0, field: "columns", message: "pick a column" },
        { rule: 1, field: "pattern", message: "give a regular expression" },
      ],
    });
    expect(draftsToRules([], columns).ok).toBe(false);
    expect(draftsToRules([draft({ type: "unique", columns: ["x"] })], columns)).toEqual({
      ok: true,
      rules: [{ type: "unique", severity: "MEDIUM", column: "x" }],
    });
  });
});

describe("withType", () => {
  it("starts the new type afresh but keeps severity, mode, label and the columns it takes", () => {
    const draft: RuleDraft = {
      ...newRuleDraft("not_null", 7),
      columns: ["a", "b"],
      severity: "HIGH",
      mode: "BLOCK",
      name: "keep",
      min: "3",
    };
    expect(withType(draft, "range")).toEqual({
      ...newRuleDraft("range", 7),
      columns: ["a", "b"],
      severity: "HIGH",
      mode: "BLOCK",
      name: "keep",
    });
    expect(withType(draft, "freshness").columns).toEqual(["a"]);
    expect(withType(draft, "row_count").columns).toEqual([]);
  });
});
