import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runQualityCheck } from "../../api/src/quality/quality-check.js";
import type { QualityReport } from "../../api/src/quality/quality-report.js";
import type { RuleResult } from "../../api/src/quality/rule-evaluator.js";
import { NOW, ORDERS, openFixture, type QualityFixture } from "./support/fixture.js";

let f: QualityFixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f.close();
});

/** One rule of each type over the orders fixture (see its defect list). */
const RULES = [
  { type: "not_null", columns: ["email", "amount"], severity: "HIGH" },
  { type: "unique", column: "id", severity: "HIGH" },
  { type: "range", column: "amount", min: 0, max: 100 },
  { type: "type_check", column: "qty", expected: "int" },
  { type: "pattern", column: "email", pattern: "^[^@\\s]+@[^@\\s]+\\.[a-z]+$" },
  { type: "allowed_values", column: "status", values: ["new", "paid", "shipped"], severity: "LOW" },
  { type: "row_count", min: 25 },
  { type: "freshness", column: "updated_at", maxAgeHours: 168, scope: "rows" },
  { type: "freshness", column: "updated_at", maxAgeHours: 24 },
  { type: "custom_sql", expression: "discount <= amount" },
  { type: "referential", column: "customer_id", reference: "customers", referenceColumn: "id", severity: "HIGH" },
];

const check = (rules: unknown, options: { sampleSize?: number; now?: Date } = {}) =>
  runQualityCheck(f.engine, f.orders, rules, {
    now: options.now ?? NOW,
    references: { customers: f.customers.location },
    ...options,
  });

/** The fixture row at `rowNumber`, as the engine returns it (JSON-safe, ISO timestamps). */
function orderRow(rowNumber: number): Record<string, unknown> {
  const row = ORDERS.rows[rowNumber] ?? [];
  return Object.fromEntries(
    ORDERS.columns.map((c, i) => {
      const cell = row[i] ?? null;
      return [c.name, c.type === "TIMESTAMP" && typeof cell === "string" ? cell.replace(" ", "T") : cell];
    }),
  );
}

describe("evaluation over a table with known defects", () => {
  let report: QualityReport;
  beforeAll(async () => {
    report = await check(RULES);
  });
  const rule = (index: number): RuleResult => report.rules[index] as RuleResult;

  it("counts failing rows, ratios and the first failing row numbers of every rule exactly", () => {
    const figures = report.rules.map((r) => ({
      rule: r.rule,
      passed: r.passed,
      failingRows: r.failingRows,
      failingRatio: r.failingRatio,
      sampleRows: r.samples.map((s) => s.rowNumber),
    }));
    expect(figures).toEqual([
      { rule: 0, passed: false, failingRows: 3, failingRatio: 0.15, sampleRows: [2, 6, 8] },
      { rule: 1, passed: false, failingRows: 4, failingRatio: 0.2, sampleRows: [0, 2, 5, 12] },
      { rule: 2, passed: false, failingRows: 2, failingRatio: 0.1, sampleRows: [3, 7] },
      { rule: 3, passed: false, failingRows: 3, failingRatio: 0.15, sampleRows: [3, 6, 12] },
      { rule: 4, passed: false, failingRows: 2, failingRatio: 0.1, sampleRows: [3, 7] },
      { rule: 5, passed: false, failingRows: 2, failingRatio: 0.1, sampleRows: [5, 10] },
      { rule: 6, passed: false, failingRows: null, failingRatio: null, sampleRows: [] },
      { rule: 7, passed: false, failingRows: 2, failingRatio: 0.1, sampleRows: [3, 10] },
      { rule: 8, passed: true, failingRows: null, failingRatio: null, sampleRows: [] },
      { rule: 9, passed: false, failingRows: 2, failingRatio: 0.1, sampleRows: [3, 4] },
      { rule: 10, passed: false, failingRows: 3, failingRatio: 0.15, sampleRows: [3, 9, 10] },
    ]);
    expect(report.rows).toBe(20);
    // Rows failing any row rule: {2,6,8} ∪ {0,2,5,12} ∪ {3,7} ∪ {3,6,12} ∪ {5,10} ∪ {3,10} ∪ {3,4} ∪ {3,9,10}.
    expect(report.failingRows).toBe(11);
    expect(report.passed).toBe(false);
    expect(report.rulesFailed).toBe(10);
  });

  it("gives each sample the whole row, exactly as stored", () => {
    for (const r of report.rules)
      for (const sample of r.samples) expect(sample.values).toEqual(orderRow(sample.rowNumber));
    expect(rule(9).samples[1]).toEqual({
      rowNumber: 4,
      values: {
        id: 5,
        email: "e@x.com",
        amount: 50,
        qty: "5",
        status: "shipped",
        customer_id: 1,
        updated_at: "2024-06-01T13:00:00",
        discount: 60,
      },
    });
  });

  it("splits rules over several columns by column", () => {
    expect(
      rule(0).byColumn.map(({ column, failingRows, failingRatio, samples }) => ({
        column,
        failingRows,
        failingRatio,
        rows: samples.map((s) => s.rowNumber),
      })),
    ).toEqual([
      { column: "email", failingRows: 2, failingRatio: 0.1, rows: [2, 6] },
      { column: "amount", failingRows: 1, failingRatio: 0.05, rows: [8] },
    ]);
  });

  it("records the facts behind each verdict", () => {
    expect(rule(1).observed).toEqual({ duplicatedKeys: 2 });
    expect(rule(6).observed).toEqual({ rows: 20 });
    expect(rule(7).observed).toEqual({ latest: "2024-06-01T20:00:00", cutoff: "2024-05-26T00:00:00.000Z" });
    expect(rule(8).observed).toEqual({ latest: "2024-06-01T20:00:00", cutoff: "2024-06-01T00:00:00.000Z" });
    expect(rule(10).observed).toEqual({ missingKeys: 2 });
  });

  it("explains each verdict in a sentence", () => {
    expect(report.rules.map((r) => r.message)).toEqual([
      "failed: 3 of 20 rows (15%) have no value in email, amount",
      "failed: 4 of 20 rows (20%) share a value of id with another row (2 duplicated key(s))",
      "failed: 2 of 20 rows (10%) have amount outside [0, 100]",
      "failed: 3 of 20 rows (15%) have a value of qty (VARCHAR) that is not an int",
      "failed: 2 of 20 rows (10%) have email not matching /^[^@\\s]+@[^@\\s]+\\.[a-z]+$/",
      'failed: 2 of 20 rows (10%) have status outside the allowed values "new", "paid", "shipped"',
      "failed: the table has 20 rows, expected at least 25",
      "failed: 2 of 20 rows (10%) have updated_at older than 168 h (cut-off 2024-05-26T00:00:00.000Z)",
      "passed: the newest updated_at is 2024-06-01T20:00:00; it must be no older than 24 h (cut-off 2024-06-01T00:00:00.000Z)",
      "failed: 2 of 20 rows (10%) make `discount <= amount` false",
      "failed: 3 of 20 rows (15%) have a value of customer_id missing from customers.id (2 distinct missing key(s))",
    ]);
    expect(report.rules.map((r) => r.label)).toContain("#3 type_check on qty");
  });

  it("computes the dimensions and the score from the rules' pass ratios and severity weights", () => {
    // [weight, rows passing] per rule; table rules pass 20/20 or 0/20.
    const w = [3, 3, 2, 2, 2, 1, 2, 2, 2, 2, 3];
    const passing = [17, 16, 18, 17, 18, 18, 0, 18, 20, 18, 17];
    const mean = (indexes: number[]) =>
      indexes.reduce((s, i) => s + w[i]! * (passing[i]! / 20), 0) / indexes.reduce((s, i) => s + w[i]!, 0);
    expect(report.dimensions.completeness).toBeCloseTo(mean([0, 6]), 12); // not_null, row_count
    expect(report.dimensions.uniqueness).toBeCloseTo(mean([1]), 12);
    expect(report.dimensions.validity).toBeCloseTo(mean([2, 3, 4, 5, 7, 8]), 12);
    expect(report.dimensions.consistency).toBeCloseTo(mean([9, 10]), 12);
    expect(report.dimensions).toEqual({
      completeness: expect.closeTo(0.51, 12),
      uniqueness: expect.closeTo(0.8, 12),
      validity: expect.closeTo(10 / 11, 12),
      consistency: expect.closeTo(0.87, 12),
    });
    const all = mean(w.map((_, i) => i));
    expect(all).toBeCloseTo(19.3 / 24, 12);
    expect(report.score).toBe(Math.round(all * 10_000) / 100);
    expect(report.score).toBe(80.42);
    expect(report.scoreFormula).toBe("100 × Σ(weight × passRatio) / Σ weight over 11 rule(s) = 100 × 19.3 / 24");
  });

  it("computes per-column metrics", () => {
    const byName = Object.fromEntries(report.columns.map((c) => [c.column, c]));
    expect(byName["id"]).toEqual({
      column: "id",
      type: "BIGINT",
      nulls: 0,
      completeness: 1,
      validity: null,
      consistency: null,
      uniqueness: expect.closeTo(0.8, 12),
    });
    expect(byName["email"]).toEqual({
      column: "email",
      type: "VARCHAR",
      nulls: 2,
      completeness: 0.9,
      validity: 0.9,
      consistency: null,
      uniqueness: null,
    });
    expect(byName["amount"]).toEqual({
      column: "amount",
      type: "DOUBLE",
      nulls: 1,
      completeness: 0.95,
      validity: 0.9,
      consistency: null,
      uniqueness: null,
    });
    expect(byName["qty"]).toMatchObject({ nulls: 1, completeness: 0.95, validity: 0.85 });
    expect(byName["status"]).toMatchObject({ nulls: 0, completeness: 1, validity: 0.9 });
    expect(byName["customer_id"]).toMatchObject({ nulls: 1, completeness: 0.95, validity: null, consistency: 0.85 });
    // Freshness of rows (weight 2, 18/20) and of the newest value (weight 2, passed).
    expect(byName["updated_at"]).toMatchObject({ nulls: 1, completeness: 0.95, validity: 0.95 });
    expect(byName["discount"]).toEqual({
      column: "discount",
      type: "DOUBLE",
      nulls: 1,
      completeness: 0.95,
      validity: null,
      consistency: null,
      uniqueness: null,
    });
  });

  it("lists the issues with type, column, severity, count and examples", () => {
    expect(
      report.issues.map((i) => [
        i.rule,
        i.type,
        i.column,
        i.severity,
        i.count,
        i.ratio,
        i.examples.map((e) => e.rowNumber),
      ]),
    ).toEqual([
      [0, "not_null", "email", "HIGH", 2, 0.1, [2, 6]],
      [0, "not_null", "amount", "HIGH", 1, 0.05, [8]],
      [1, "unique", "id", "HIGH", 4, 0.2, [0, 2, 5, 12]],
      [2, "range", "amount", "MEDIUM", 2, 0.1, [3, 7]],
      [3, "type_check", "qty", "MEDIUM", 3, 0.15, [3, 6, 12]],
      [4, "pattern", "email", "MEDIUM", 2, 0.1, [3, 7]],
      [5, "allowed_values", "status", "LOW", 2, 0.1, [5, 10]],
      [6, "row_count", null, "MEDIUM", null, null, []],
      [7, "freshness", "updated_at", "MEDIUM", 2, 0.1, [3, 10]],
      [9, "custom_sql", null, "MEDIUM", 2, 0.1, [3, 4]],
      [10, "referential", "customer_id", "HIGH", 3, 0.15, [3, 9, 10]],
    ]);
    expect(report.issues[0]?.message).toBe("email: 2 of 20 rows (10%) fail #0 not_null on email, amount");
    expect(report.issues.every((i) => i.ruleFailed)).toBe(true);
  });

  it("is JSON-serialisable as is", () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("evaluation details", () => {
  it("runs every rule, unique and referential included, in one aggregate pass, then fetches the samples", async () => {
    const spy = vi.spyOn(f.engine, "query");
    try {
      await check(RULES);
      const sqls = spy.mock.calls.map(([sql]) => sql);
      // Config checks: one probe per regex; the aggregate pass; one query for every sampled row at once.
      expect(sqls).toHaveLength(3);
      expect(sqls[0]).toMatch(/^SELECT regexp_matches\('', /);
      // Rows grouped by which rules they fail, the figures summed over the groups.
      expect(sqls[1]).toMatch(/^WITH __mr_groups AS \(SELECT __mr_f_0,/);
      expect(sqls[1]).toMatch(/GROUP BY __mr_f_0, /);
      expect(sqls[1]).toContain("LEFT JOIN");
      expect(sqls[2]).toMatch(/^SELECT \* FROM input WHERE "__mr_row_number" IN \(SELECT unnest\(\[/);
      spy.mockClear();
      await check(RULES, { sampleSize: 0 });
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it("keeps the first failing rows by row number, up to the sample size", async () => {
    const report = await check(RULES, { sampleSize: 2 });
    expect(report.rules.map((r) => r.samples.map((s) => s.rowNumber))).toEqual([
      [2, 6],
      [0, 2],
      [3, 7],
      [3, 6],
      [3, 7],
      [5, 10],
      [],
      [3, 10],
      [],
      [3, 4],
      [3, 9],
    ]);
    expect(report.rules[3]?.failingRows).toBe(3);
    const none = await check(RULES, { sampleSize: 0 });
    expect(none.rules.every((r) => r.samples.length === 0)).toBe(true);
    expect(none.rules.map((r) => r.failingRows)).toEqual([3, 4, 2, 3, 2, 2, null, 2, null, 2, 3]);
  });

  it("lets a rule pass within its maxFailingRatio, still listing the issue", async () => {
    const report = await check([
      { type: "not_null", column: "email", maxFailingRatio: 0.1 },
      { type: "not_null", column: "email", maxFailingRatio: 0.09 },
    ]);
    expect(report.rules.map((r) => [r.passed, r.failingRows])).toEqual([
      [true, 2],
      [false, 2],
    ]);
    expect(report.issues.map((i) => [i.rule, i.ruleFailed])).toEqual([
      [0, false],
      [1, true],
    ]);
  });

  it("checks row counts against min and max", async () => {
    const report = await check([
      { type: "row_count", min: 20, max: 20 },
      { type: "row_count", max: 19 },
      { type: "row_count", min: 21 },
      { type: "row_count", min: 0 },
    ]);
    expect(report.rules.map((r) => r.passed)).toEqual([true, false, false, true]);
    expect(report.rules[1]?.message).toBe("failed: the table has 20 rows, expected at most 19");
    expect(report.rules[0]?.message).toBe("passed: the table has 20 rows, expected between 20 and 20");
  });

  it("measures freshness from the given now, or from the rule's own now", async () => {
    const report = await check(
      [
        { type: "freshness", column: "updated_at", maxAgeHours: 4 }, // newest 2024-06-01 20:00 ≥ 20:00
        { type: "freshness", column: "updated_at", maxAgeHours: 3.99 },
        { type: "freshness", column: "updated_at", maxAgeHours: 1, now: "2024-06-01T21:00:00+01:00" },
        { type: "freshness", column: "updated_at", maxAgeHours: 24 * 62, scope: "rows" }, // cut-off 2024-04-01 00:00: nothing older
      ],
      { now: new Date("2024-06-02T00:00:00Z") },
    );
    expect(report.rules.map((r) => [r.passed, r.failingRows])).toEqual([
      [true, null],
      [false, null],
      [true, null],
      [true, 0],
    ]);
    expect(report.rules[2]?.observed["cutoff"]).toBe("2024-06-01T19:00:00.000Z");
  });

  it("fails freshness when the column has no value at all", async () => {
    const empty = await f.write("SELECT CAST(NULL AS TIMESTAMP) AS at FROM range(3)", "no_times");
    const report = await runQualityCheck(f.engine, empty, [{ type: "freshness", column: "at", maxAgeHours: 1 }], {
      now: NOW,
    });
    expect(report.rules[0]?.passed).toBe(false);
    expect(report.rules[0]?.message).toBe("failed: at has no value, so the table's freshness is unknown");
  });

  it("scores an empty table: row rules pass, row_count fails", async () => {
    const empty = await f.write("SELECT * FROM (SELECT 1::BIGINT AS id, 'a' AS name) WHERE false", "empty");
    const report = await runQualityCheck(
      f.engine,
      empty,
      [
        { type: "not_null", column: "id" },
        { type: "unique", column: "id" },
        { type: "row_count", min: 1 },
      ],
      { now: NOW },
    );
    expect(report.rules.map((r) => [r.passed, r.failingRows, r.failingRatio, r.passRatio])).toEqual([
      [true, 0, 0, 1],
      [true, 0, 0, 1],
      [false, null, null, 0],
    ]);
    expect(report.score).toBe(Math.round(((2 + 2 + 0) / 6) * 10_000) / 100);
    expect(report.columns[0]?.completeness).toBeNull();
  });

  it("scores a table without rules by the share of non-null cells", async () => {
    const report = await check([]);
    // 160 cells; nulls: email 2, amount 1, qty 1, customer_id 1, updated_at 1, discount 1.
    expect(report.score).toBe(Math.round((153 / 160) * 10_000) / 100);
    expect(report.dimensions).toEqual({ completeness: 153 / 160, validity: null, consistency: null, uniqueness: null });
    expect(report.scoreFormula).toBe("no rules: 100 × non-null cells / cells = 100 × 153 / 160");
  });
});

describe("rule semantics", () => {
  it("unique over several columns together, skipping rows with a null key", async () => {
    const t = await f.write(
      "SELECT * FROM (VALUES (1, 'a'), (1, 'b'), (1, 'a'), (2, NULL), (2, NULL), (3, 'c')) t(k, s)",
      "composite",
    );
    const report = await runQualityCheck(
      f.engine,
      t,
      [
        { type: "unique", columns: ["k", "s"] },
        { type: "unique", column: "k" },
      ],
      { now: NOW },
    );
    expect(report.rules.map((r) => [r.failingRows, r.samples.map((s) => s.rowNumber), r.observed])).toEqual([
      [2, [0, 2], { duplicatedKeys: 1 }],
      [5, [0, 1, 2, 3, 4], { duplicatedKeys: 2 }],
    ]);
    // k is in both rules (weights 2 and 2): (2 × 4/6 + 2 × 1/6) / 4; s only in the composite one.
    expect(report.columns.map((c) => c.uniqueness)).toEqual([expect.closeTo(5 / 12, 12), 4 / 6]);
  });

  it("referential over several columns, comparing as text when the types differ", async () => {
    const data = await f.write(
      "SELECT * FROM (VALUES (1, 'x', '10'), (2, 'y', '20'), (1, 'y', '30'), (NULL, 'x', '40')) t(a, b, code)",
      "ref_data",
    );
    const reference = await f.write("SELECT * FROM (VALUES (1, 'x', 10), (2, 'y', 30)) t(ra, rb, code)", "ref_table");
    const report = await runQualityCheck(
      f.engine,
      data,
      [
        { type: "referential", columns: ["a", "b"], reference: "pairs", referenceColumns: ["ra", "rb"] },
        { type: "referential", column: "code", reference: "pairs", referenceColumn: "code" },
      ],
      { now: NOW, references: { pairs: reference.location } },
    );
    expect(report.rules.map((r) => [r.failingRows, r.samples.map((s) => s.rowNumber), r.observed])).toEqual([
      [1, [2], { missingKeys: 1 }],
      [2, [1, 3], { missingKeys: 2 }],
    ]);
  });

  it("type_check judges typed columns by type and text columns by TRY_CAST", async () => {
    const t = await f.write(
      `SELECT * FROM (VALUES
        ('12', 1::BIGINT, 1.0::DOUBLE, 2.50::DECIMAL(6,2), true, DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00'),
        (' 7 ', 2::BIGINT, 1.5::DOUBLE, 3.00::DECIMAL(6,2), false, DATE '2024-01-02', TIMESTAMP '2024-01-02 10:30:00'),
        ('2.5', NULL, 'nan'::DOUBLE, NULL, NULL, NULL, NULL),
        ('1e3', 4::BIGINT, 'inf'::DOUBLE, NULL, NULL, NULL, NULL),
        ('abc', 5::BIGINT, NULL, NULL, NULL, NULL, NULL),
        ('99999999999999999999', NULL, NULL, NULL, NULL, NULL, NULL),
        ('true', NULL, NULL, NULL, NULL, NULL, NULL),
        ('2024-02-30', NULL, NULL, NULL, NULL, NULL, NULL),
        ('2024-02-29', NULL, NULL, NULL, NULL, NULL, NULL),
        (NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      ) t(s, i, d, dec, b, day, ts)`,
      "types",
    );
    const rules = [
      ["s", "int"],
      ["s", "float"],
      ["s", "bool"],
      ["s", "date"],
      ["s", "timestamp"],
      ["s", "string"],
      ["i", "int"],
      ["i", "float"],
      ["i", "string"],
      ["d", "int"],
      ["d", "float"],
      ["dec", "int"],
      ["b", "bool"],
      ["b", "int"],
      ["day", "date"],
      ["day", "timestamp"],
      ["ts", "date"],
      ["ts", "timestamp"],
    ].map(([column, expected]) => ({ type: "type_check", column, expected }));
    const report = await runQualityCheck(f.engine, t, rules, { now: NOW, sampleSize: 20 });
    const failing = report.rules.map(
      (r) => `${r.columns[0]}:${rules[r.rule]?.expected} ${r.samples.map((s) => s.rowNumber).join(",")}`,
    );
    expect(failing).toEqual([
      // '2.5' would round to 3 as a BIGINT; '1e3' is 1000; 20 digits overflow BIGINT.
      "s:int 2,4,5,6,7,8",
      "s:float 4,6,7,8",
      // Only 'true' reads as a boolean here ('12' is not '1').
      "s:bool 0,1,2,3,4,5,7,8",
      "s:date 0,1,2,3,4,5,6,7",
      "s:timestamp 0,1,2,3,4,5,6,7",
      "s:string ",
      "i:int ",
      "i:float ",
      "i:string 0,1,3,4",
      "d:int 1,2,3",
      "d:float ",
      "dec:int 0",
      "b:bool ",
      "b:int 0,1",
      "day:date ",
      "day:timestamp ",
      "ts:date 1",
      "ts:timestamp ",
    ]);
  });

  it("range: exclusive bounds, one-sided bounds, dates and timestamps", async () => {
    const t = await f.write(
      "SELECT * FROM (VALUES (0, DATE '2024-01-01', TIMESTAMPTZ '2024-01-01 00:00:00+00'), (5, DATE '2024-01-15', TIMESTAMPTZ '2024-01-31 23:00:00+00'), (10, DATE '2024-02-01', TIMESTAMPTZ '2024-02-01 01:00:00+01')) t(n, day, ts)",
      "ranges",
    );
    const report = await runQualityCheck(
      f.engine,
      t,
      [
        { type: "range", column: "n", min: 0, max: 10, minInclusive: false },
        { type: "range", column: "n", min: 0, max: 10, maxInclusive: false },
        { type: "range", column: "n", max: 4.5 },
        { type: "range", column: "n", min: 0.5 },
        { type: "range", column: "day", min: "2024-01-01", max: "2024-01-31" },
        { type: "range", column: "ts", max: "2024-02-01T00:00:00Z", maxInclusive: false },
        { type: "range", column: "ts", max: "2024-01-31T23:00:00-01:00" },
      ],
      { now: NOW },
    );
    // Row 2's 01:00+01 is midnight UTC: on the exclusive bound of rule 5, on the inclusive one of rule 6.
    expect(report.rules.map((r) => r.samples.map((s) => s.rowNumber))).toEqual([[0], [2], [1, 2], [0], [2], [2], []]);
    expect(report.rules.map((r) => r.message.replace(/^.*outside /, ""))).toEqual([
      "(0, 10]",
      "[0, 10)",
      "<= 4.5",
      ">= 0.5",
      "[2024-01-01, 2024-01-31]",
      "< 2024-02-01T00:00:00Z",
      "<= 2024-01-31T23:00:00-01:00",
    ]);
  });

  it("pattern: anywhere by default, whole value on request, case-insensitive on request, any column type", async () => {
    const t = await f.write("SELECT * FROM (VALUES ('ab-12', 123), ('AB-12x', 45), ('zz', 7)) t(code, n)", "patterns");
    const report = await runQualityCheck(
      f.engine,
      t,
      [
        { type: "pattern", column: "code", pattern: "[a-z]{2}-[0-9]+" },
        { type: "pattern", column: "code", pattern: "[a-z]{2}-[0-9]+", ignoreCase: true },
        { type: "pattern", column: "code", pattern: "[a-z]{2}-[0-9]+", ignoreCase: true, fullMatch: true },
        { type: "pattern", column: "n", pattern: "^[0-9]{2,3}$" },
      ],
      { now: NOW },
    );
    expect(report.rules.map((r) => r.samples.map((s) => s.rowNumber))).toEqual([[1, 2], [2], [1, 2], [2]]);
  });

  it("pattern runs in linear time: DuckDB's regexps are RE2, with no backtracking", async () => {
    // (a+)+$ on 'aaaa…b' is the classic catastrophic case for backtracking engines: 2^n steps.
    const t = await f.write("SELECT repeat('a', 50000) || 'b' AS s FROM range(100)", "redos");
    const started = performance.now();
    const report = await runQualityCheck(
      f.engine,
      t,
      [
        { type: "pattern", column: "s", pattern: "^(a+)+$" },
        { type: "pattern", column: "s", pattern: "^(a|aa)+$" },
      ],
      { now: NOW, sampleSize: 0 },
    );
    expect(report.rules.map((r) => r.failingRows)).toEqual([100, 100]);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("allowed_values on numbers, booleans and dates", async () => {
    const t = await f.write(
      "SELECT * FROM (VALUES (1, true, DATE '2024-01-01'), (2, false, DATE '2024-01-02'), (3, NULL, NULL)) t(n, b, day)",
      "allowed",
    );
    const report = await runQualityCheck(
      f.engine,
      t,
      [
        { type: "allowed_values", column: "n", values: [1, 3] },
        { type: "allowed_values", column: "b", values: [true] },
        { type: "allowed_values", column: "day", values: ["2024-01-02"] },
      ],
      { now: NOW },
    );
    expect(report.rules.map((r) => r.samples.map((s) => s.rowNumber))).toEqual([[1], [1], [0]]);
  });

  it("custom_sql fails a row only where the expression is false, as a SQL CHECK does", async () => {
    const report = await check([
      { type: "custom_sql", expression: "coalesce(discount, 0) <= coalesce(amount, 0) AND status <> 'refunded'" },
    ]);
    // Row 3: 0 > -5; row 4: 60 > 50; row 10: refunded; row 7 (no discount) and 8 (no amount) now compare 0s.
    expect(report.rules[0]?.samples.map((s) => s.rowNumber)).toEqual([3, 4, 10]);
  });

  it("never collides with the table's own column names", async () => {
    const t = await f.write(
      "SELECT * FROM (VALUES (1, 2, 3), (1, NULL, 3)) t(__mr_row_number, __mr_row, __mr_dup_0)",
      "collide",
    );
    const report = await runQualityCheck(
      f.engine,
      t,
      [
        { type: "unique", column: "__mr_row_number" },
        { type: "not_null", column: "__mr_row" },
        { type: "custom_sql", expression: "__mr_dup_0 = 3" },
      ],
      { now: NOW },
    );
    expect(report.rules.map((r) => [r.failingRows, r.samples.map((s) => [s.rowNumber, s.values])])).toEqual([
      [
        2,
        [
          [0, { __mr_row_number: 1, __mr_row: 2, __mr_dup_0: 3 }],
          [1, { __mr_row_number: 1, __mr_row: null, __mr_dup_0: 3 }],
        ],
      ],
      [1, [[1, { __mr_row_number: 1, __mr_row: null, __mr_dup_0: 3 }]]],
      [0, []],
    ]);
  });
});

describe("rules failing in many combinations", () => {
  // Six independent columns, each failing its range rule on about half the rows, and a unique rule: rows fall
  // into dozens of groups of failed rules, and every figure must still add up exactly.
  const ROWS = 3000;
  const COLUMNS = ["a", "b", "c", "d", "e", "g"];
  const table = Array.from({ length: ROWS }, (_, i) => [
    i % 1500,
    ...COLUMNS.map((_, j) => (i % (7 + j) === 0 ? null : (i * (31 + 2 * j) + j * j) % 100)),
  ]);

  it("counts, samples and keys agree with a row-by-row count", async () => {
    const input = await f.write(
      {
        columns: [{ name: "k", type: "BIGINT" }, ...COLUMNS.map((name) => ({ name, type: "BIGINT" }))],
        rows: table,
      },
      "combinations",
    );
    const rules = [
      ...COLUMNS.map((column) => ({ type: "range", column, min: 0, max: 49 })),
      { type: "not_null", columns: ["a", "b"] },
      { type: "unique", column: "k" },
    ];
    const report = await runQualityCheck(f.engine, input, rules, { now: NOW, sampleSize: 3 });

    const fails = (row: Array<number | null>, r: number): boolean => {
      if (r < COLUMNS.length) {
        const v = row[r + 1] ?? null;
        return v !== null && v > 49;
      }
      if (r === COLUMNS.length) return row[1] === null || row[2] === null;
      return true; // every k appears twice
    };
    const expected = rules.map((_, r) => {
      const failing = table.flatMap((row, i) => (fails(row, r) ? [i] : []));
      return [failing.length, failing.slice(0, 3)];
    });
    expect(report.rules.map((r) => [r.failingRows, r.samples.map((s) => s.rowNumber)])).toEqual(expected);
    expect(report.rules[COLUMNS.length]?.byColumn.map((c) => c.failingRows)).toEqual([
      table.filter((row) => row[1] === null).length,
      table.filter((row) => row[2] === null).length,
    ]);
    expect(report.rules.at(-1)?.observed["duplicatedKeys"]).toBe(1500);
    expect(report.failingRows).toBe(table.filter((row) => rules.some((_, r) => fails(row, r))).length);
    const first = report.rules[0]?.samples[0];
    const row = table[first?.rowNumber ?? -1] ?? [];
    expect(first?.values).toEqual(Object.fromEntries(["k", ...COLUMNS].map((name, i) => [name, row[i]])));
  });
});
