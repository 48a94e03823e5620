import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RuleConfigError, runQualityCheck } from "../../api/src/quality/quality-check.js";
import { checkRules } from "../../api/src/quality/rule-check.js";
import { NOW, openFixture, type QualityFixture } from "./support/fixture.js";

let f: QualityFixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f.close();
});

/** The problems of one rule (at index 0), as [field, message without the "rule #0 (type), field …: " prefix]. */
async function problems(rule: unknown): Promise<Array<[string, string]>> {
  const found = await checkRules([rule], f.orders.columns, f.engine, {
    references: { customers: f.customers.columns },
  });
  return found.map((p) => {
    expect(p.rule).toBe(0);
    const prefix = `rule #0${p.type ? ` (${p.type})` : ""}${p.field ? `, field "${p.field}"` : ""}: `;
    expect(p.message.startsWith(prefix)).toBe(true);
    return [p.field, p.message.slice(prefix.length)];
  });
}

const TABLE_COLUMNS = "id, email, amount, qty, status, customer_id, updated_at, discount";

describe("checkRules", () => {
  it("accepts valid rules", async () => {
    const rules = [
      {
        type: "not_null",
        columns: ["email", "amount"],
        severity: "HIGH",
        mode: "WARN",
        name: "required",
        maxFailingRatio: 0.1,
      },
      { type: "unique", columns: ["id", "email"] },
      { type: "range", column: "updated_at", min: "2024-01-01", max: "2024-12-31T23:59:59Z" },
      { type: "type_check", column: "qty", expected: "float" },
      { type: "pattern", column: "email", pattern: "@", ignoreCase: true, fullMatch: false },
      { type: "allowed_values", column: "customer_id", values: [1, 2] },
      { type: "row_count", max: 10 },
      { type: "freshness", column: "updated_at", maxAgeHours: 0.5, scope: "rows", now: "2024-06-02" },
      { type: "custom_sql", expression: "discount <= amount OR status = 'refunded'" },
      { type: "referential", columns: ["customer_id"], reference: "customers", referenceColumns: ["id"] },
    ];
    expect(
      await checkRules(rules, f.orders.columns, f.engine, { references: { customers: f.customers.columns } }),
    ).toEqual([]);
  });

  it("refuses what is not a list of rule objects", async () => {
    expect(await checkRules({ type: "not_null" }, f.orders.columns, f.engine)).toEqual([
      { rule: -1, type: null, field: "", message: "rules: must be a list of rules" },
    ]);
    expect(await problems("not_null")).toEqual([["", 'must be an object with a "type"']]);
    expect(await problems({ type: "not_nul", column: "email" })).toEqual([
      [
        "type",
        'unknown rule type "not_nul" (known: not_null, unique, range, type_check, pattern, allowed_values, row_count, freshness, custom_sql, referential)',
      ],
    ]);
  });

  it("names unknown fields, and the common fields' bad values", async () => {
    expect(await problems({ type: "not_null", colum: "email" })).toEqual([
      ["colum", "unknown field for a not_null rule"],
      ["columns", 'is required (or "column")'],
    ]);
    expect(await problems({ type: "row_count", min: 1, pattern: "x" })).toEqual([
      ["pattern", "unknown field for a row_count rule"],
    ]);
    expect(
      await problems({
        type: "not_null",
        column: "email",
        severity: "CRITICAL",
        mode: "STOP",
        maxFailingRatio: 2,
        name: 5,
      }),
    ).toEqual([
      ["severity", "must be one of LOW, MEDIUM, HIGH"],
      ["mode", "must be one of BLOCK, WARN"],
      ["name", "must be a string"],
      ["maxFailingRatio", "must be a number from 0 to 1"],
    ]);
  });

  it("names a rule on a missing column, by the field that names it", async () => {
    expect(await problems({ type: "not_null", column: "nope" })).toEqual([
      ["column", `unknown column "nope"; the table has ${TABLE_COLUMNS}`],
    ]);
    expect(await problems({ type: "unique", columns: ["id", "nope"] })).toEqual([
      ["columns[1]", `unknown column "nope"; the table has ${TABLE_COLUMNS}`],
    ]);
    expect(await problems({ type: "unique", columns: ["id", "id"] })).toEqual([["columns[1]", '"id" is listed twice']]);
    expect(await problems({ type: "unique", column: "id", columns: ["id"] })).toEqual([
      ["columns", 'give either "column" or "columns", not both'],
    ]);
    expect(await problems({ type: "unique", columns: [] })).toEqual([
      ["columns", "must be a non-empty list of column names"],
    ]);
    expect(await problems({ type: "freshness", column: "nope", maxAgeHours: 1 })).toEqual([
      ["column", `unknown column "nope"; the table has ${TABLE_COLUMNS}`],
    ]);
  });

  it("refuses invalid regexes (RE2 syntax) and overlong patterns", async () => {
    const prefix = "invalid regular expression (RE2 syntax: no look-around, no back-references): ";
    expect(await problems({ type: "pattern", column: "email", pattern: "(a" })).toEqual([
      ["pattern", `${prefix}missing ): (a`],
    ]);
    expect(await problems({ type: "pattern", column: "email", pattern: "(?<=a)b" })).toEqual([
      ["pattern", `${prefix}invalid perl operator: (?<`],
    ]);
    expect(await problems({ type: "pattern", column: "email", pattern: "(a)\\1" })).toEqual([
      ["pattern", `${prefix}invalid escape sequence: \\1`],
    ]);
    expect(await problems({ type: "pattern", column: "email", pattern: "a".repeat(501) })).toEqual([
      ["pattern", "is 501 characters long; at most 500 are allowed"],
    ]);
    expect(await problems({ type: "pattern", column: "email" })).toEqual([
      ["pattern", "is required: a non-empty string"],
    ]);
  });

  it("refuses impossible or mistyped ranges", async () => {
    expect(await problems({ type: "range", column: "amount", min: 10, max: 5 })).toEqual([
      ["min", "min (10) is greater than max (5)"],
    ]);
    expect(await problems({ type: "range", column: "amount", min: 5, max: 5, maxInclusive: false })).toEqual([
      ["min", "min = max (5) with an exclusive bound: no value can pass"],
    ]);
    expect(await problems({ type: "range", column: "amount", min: 5, max: 5 })).toEqual([]);
    // Instants compare as instants, not as text: 00:00+02:00 is 22:00Z the day before.
    expect(
      await problems({
        type: "range",
        column: "updated_at",
        min: "2024-06-01T00:00:00+02:00",
        max: "2024-05-31T23:00:00Z",
      }),
    ).toEqual([]);
    expect(
      await problems({
        type: "range",
        column: "updated_at",
        min: "2024-06-01T01:00:00+01:00",
        max: "2024-05-31T23:00:00Z",
      }),
    ).toEqual([["min", "min (2024-06-01T01:00:00+01:00) is greater than max (2024-05-31T23:00:00Z)"]]);
    expect(await problems({ type: "range", column: "amount" })).toEqual([["min", "a range needs min, max or both"]]);
    expect(await problems({ type: "range", column: "email", min: 1 })).toEqual([
      [
        "columns",
        'a range needs a numeric, date or timestamp column; "email" is VARCHAR (check its type with type_check, or cast it first)',
      ],
    ]);
    expect(await problems({ type: "range", column: "amount", min: "2024-01-01" })).toEqual([
      ["min", 'column "amount" is DOUBLE: bounds must be numbers'],
    ]);
    expect(await problems({ type: "range", column: "updated_at", max: 3 })).toEqual([
      ["max", 'column "updated_at" is TIMESTAMP: bounds must be ISO dates or timestamps'],
    ]);
    expect(await problems({ type: "range", column: "updated_at", min: "2024-02-30" })).toEqual([
      ["min", "must be a finite number, or an ISO date/timestamp for a date or timestamp column"],
    ]);
    expect(await problems({ type: "range", column: "amount", min: 1, max: "x" })).toEqual([
      ["max", "must be a finite number, or an ISO date/timestamp for a date or timestamp column"],
    ]);
  });

  it("checks type_check, allowed_values and row_count fields", async () => {
    expect(await problems({ type: "type_check", column: "qty" })).toEqual([
      ["expected", "is required: one of int, float, bool, date, timestamp, string"],
    ]);
    expect(await problems({ type: "type_check", column: "qty", expected: "integer" })).toEqual([
      ["expected", "must be one of int, float, bool, date, timestamp, string"],
    ]);
    expect(await problems({ type: "allowed_values", column: "status", values: [] })).toEqual([
      ["values", "must be a list of 1 to 10000 values"],
    ]);
    expect(await problems({ type: "allowed_values", column: "status", values: ["new", null] })).toEqual([
      ["values[1]", "must be a string, a finite number or a boolean"],
    ]);
    expect(await problems({ type: "allowed_values", column: "status", values: ["new", 1] })).toEqual([
      ["values[1]", 'column "status" is VARCHAR: every value must be a string'],
    ]);
    expect(await problems({ type: "allowed_values", column: "id", values: [1, "2"] })).toEqual([
      ["values[1]", 'column "id" is BIGINT: every value must be a number'],
    ]);
    expect(await problems({ type: "row_count", min: -1 })).toEqual([["min", "must be a whole number, 0 or more"]]);
    expect(await problems({ type: "row_count", min: 1.5 })).toEqual([["min", "must be a whole number, 0 or more"]]);
    expect(await problems({ type: "row_count", min: 10, max: 5 })).toEqual([
      ["min", "min (10) is greater than max (5)"],
    ]);
    expect(await problems({ type: "row_count" })).toEqual([["min", "a row_count rule needs min, max or both"]]);
  });

  it("checks freshness fields", async () => {
    expect(await problems({ type: "freshness", column: "email", maxAgeHours: 1 })).toEqual([
      ["column", 'freshness needs a date or timestamp column; "email" is VARCHAR'],
    ]);
    expect(
      await problems({ type: "freshness", column: "updated_at", maxAgeHours: 0, now: "yesterday", scope: "all" }),
    ).toEqual([
      ["maxAgeHours", "is required: a number of hours greater than 0"],
      ["now", '"yesterday" is not an ISO date or timestamp'],
      ["scope", "must be one of latest, rows"],
    ]);
    expect(await problems({ type: "freshness", columns: ["updated_at"], maxAgeHours: 1 })).toEqual([
      ["columns", "unknown field for a freshness rule"],
      ["column", "is required: a non-empty string"],
    ]);
  });

  it("refuses bad custom expressions: syntax, unknown columns, non-boolean, aggregates, anything beyond one expression", async () => {
    const expression = (text: string) => problems({ type: "custom_sql", expression: text });
    expect(await expression("amount >")).toEqual([
      ["expression", 'invalid SQL expression: syntax error at or near ")"'],
    ]);
    expect(await expression("nope > 1")).toEqual([
      ["expression", 'invalid SQL expression: unknown column "nope" (did you mean "updated_at", "customer_id"?)'],
    ]);
    expect(await expression("amount + 1")).toEqual([
      ["expression", "must be a boolean (true/false) expression; it gives DOUBLE"],
    ]);
    expect(await expression("sum(amount) > 0")).toEqual([
      ["expression", "must judge one row at a time: aggregate and window functions are not allowed"],
    ]);
    expect(await expression("row_number() OVER () > 1")).toEqual([
      ["expression", "must judge one row at a time: aggregate and window functions are not allowed"],
    ]);
    expect(await expression("1) FROM input; DROP TABLE x; --")).toEqual([
      ["expression", 'invalid SQL expression: syntax error at or near ")"'],
    ]);
    expect(await expression("true UNION SELECT 1")).toEqual([
      ["expression", 'invalid SQL expression: syntax error at or near "UNION"'],
    ]);
    expect(await expression(" ")).toEqual([["expression", "is required: a non-empty string"]]);
  });

  it("checks referential rules against the reference table", async () => {
    expect(
      await problems({ type: "referential", column: "customer_id", reference: "suppliers", referenceColumn: "id" }),
    ).toEqual([["reference", 'unknown reference table "suppliers" (known: customers)']]);
    expect(
      await problems({ type: "referential", column: "customer_id", reference: "customers", referenceColumn: "nope" }),
    ).toEqual([["referenceColumn", 'unknown column "nope" in reference table "customers", which has id, name']]);
    expect(
      await problems({
        type: "referential",
        columns: ["customer_id", "id"],
        reference: "customers",
        referenceColumn: "id",
      }),
    ).toEqual([["referenceColumns", "has 1 column(s) but the rule checks 2"]]);
    expect(await problems({ type: "referential", column: "customer_id", referenceColumn: "id" })).toEqual([
      ["reference", "is required: a non-empty string"],
    ]);
  });

  it("returns every problem of every rule at once, in rule order", async () => {
    const found = await checkRules(
      [
        { type: "not_null", column: "email" },
        { type: "range", column: "amount", min: 9, max: 1 },
        { type: "bogus" },
        { type: "pattern", column: "nope", pattern: "(" },
      ],
      f.orders.columns,
      f.engine,
    );
    expect(found.map((p) => [p.rule, p.type, p.field])).toEqual([
      [1, "range", "min"],
      [2, null, "type"],
      [3, "pattern", "column"],
    ]);
    expect(found[0]?.message).toBe('rule #1 (range), field "min": min (9) is greater than max (1)');
  });
});

describe("runQualityCheck", () => {
  it("throws a RuleConfigError listing every problem before running any rule", async () => {
    const spy = vi.spyOn(f.engine, "query");
    try {
      const error = await runQualityCheck(
        f.engine,
        f.orders,
        [{ type: "not_null", column: "nope" }, { type: "row_count" }],
        { now: NOW },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RuleConfigError);
      expect((error as RuleConfigError).message).toBe(
        `invalid quality rules:\n  - rule #0 (not_null), field "column": unknown column "nope"; the table has ${TABLE_COLUMNS}\n  - rule #1 (row_count), field "min": a row_count rule needs min, max or both`,
      );
      expect((error as RuleConfigError).problems).toHaveLength(2);
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses a referential rule whose reference table was not given", async () => {
    const error = await runQualityCheck(
      f.engine,
      f.orders,
      [{ type: "referential", column: "customer_id", reference: "customers", referenceColumn: "id" }],
      { now: NOW },
    ).catch((e: unknown) => e);
    expect((error as RuleConfigError).problems.map((p) => p.message)).toEqual([
      'rule #0 (referential), field "reference": unknown reference table "customers"',
    ]);
  });
});
