import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepOutput } from "../../api/src/engine/step-runtime.js";
import { openHarness, stepError, type Harness } from "./support/harness.js";

let h: Harness;
let people: StepOutput;
let orders: StepOutput;

beforeAll(async () => {
  h = await openHarness();
  await h.file(
    "people.csv",
    [
      "id,name,city,age,score",
      "1,Ann,Paris,34,1.5",
      "2,Bob,Lyon,,2.5",
      "3,Cid,Paris,51,",
      "4,Dee,Nice,28,4.0",
      "2,Bob,Lyon,,2.5",
      "5,Eve,,34,3.0",
    ].join("\n") + "\n",
  );
  await h.file(
    "orders.csv",
    ["order_id,person,amount", "10,1,9.5", "11,1,20", "12,3,7.25", "13,9,1"].join("\n") + "\n",
  );
  people = (await h.step("extract_file", { path: "people.csv" })).output!;
  orders = (await h.step("extract_file", { path: "orders.csv" })).output!;
});
afterAll(async () => {
  await h.close();
});

describe("select, filter, derive", () => {
  it("selects and renames columns in order", async () => {
    const r = await h.step("select", { columns: [{ name: "name" }, { name: "id", as: "person_id" }] }, [people]);
    expect(r.output!.columns).toEqual([
      { name: "name", type: "VARCHAR" },
      { name: "person_id", type: "BIGINT" },
    ]);
    expect((await h.rows(r.output)).slice(0, 2)).toEqual([
      { name: "Ann", person_id: 1 },
      { name: "Bob", person_id: 2 },
    ]);
    expect([r.rowsIn, r.rowsOut]).toEqual([6, 6]);
  });

  it("filters with a SQL condition, keeping input order", async () => {
    const r = await h.step("filter", { where: "city = 'Paris' OR age < 30 -- a trailing comment" }, [people]);
    expect((await h.rows(r.output)).map((row) => row["name"])).toEqual(["Ann", "Cid", "Dee"]);
    expect([r.rowsIn, r.rowsOut]).toEqual([6, 3]);
    // Kept as a view over its input (see lazy.test.ts): nothing stored, so no bytes.
    expect(r.bytes).toBeNull();
    expect(r.logs.map((l) => l.message)).toContain("kept 3 of 6 rows");
    const written = await h.step("filter", { where: "city = 'Paris' OR age < 30" }, [people], {
      deps: { lazyRowSteps: false },
    });
    expect([written.rowsOut, (await h.rows(written.output)).length]).toEqual([3, 3]);
    expect(written.bytes).toBeGreaterThan(0);
  });

  it("names an unknown column of the condition, and the step", async () => {
    const error = await stepError(h.step("filter", { where: "agee > 3" }, [people], { nodeId: "flt" }));
    expect(error.message).toContain('"agee"');
    expect(error.message).toContain("(flt)");
    expect(error.message).toContain("filter condition");
    expect(error.options).toMatchObject({ retryable: false, location: { column: "agee" } });
    expect(await h.runFiles()).not.toContain("flt.parquet");
  });

  it("refuses a condition that breaks out of its parentheses", async () => {
    const union = await stepError(h.step("filter", { where: "TRUE) UNION ALL SELECT (TRUE" }, [people]));
    expect(union.message).toMatch(/only a single SQL expression is allowed here/);
    const clause = await stepError(
      h.step("filter", { where: "TRUE) OR (SELECT count(*) FROM read_text('/etc/passwd')) > 0 OR (TRUE" }, [people]),
    );
    expect(clause.message).toMatch(/not allowed|Permission/);
  });

  it("derives columns in order, a later one using an earlier one, and replaces existing ones", async () => {
    const r = await h.step(
      "derive",
      {
        columns: [
          { name: "age2", expression: "coalesce(age, 0) * 2" },
          { name: "age4", expression: "age2 * 2" },
          { name: "name", expression: "upper(name)" },
        ],
      },
      [people],
    );
    expect(r.output!.columns.map((c) => c.name)).toEqual(["id", "name", "city", "age", "score", "age2", "age4"]);
    expect((await h.rows(r.output))[0]).toMatchObject({ name: "ANN", age2: 68, age4: 136 });
  });

  it("names the derived column whose expression refers to an unknown column", async () => {
    const error = await stepError(
      h.step(
        "derive",
        {
          columns: [
            { name: "ok", expression: "age + 1" },
            { name: "bad", expression: "nope * 2" },
          ],
        },
        [people],
      ),
    );
    expect(error.message).toContain('column "bad"');
    expect(error.message).toContain('unknown column "nope"');
  });
});

describe("cast and fill_nulls", () => {
  it("casts, and names the column, row and value that do not convert", async () => {
    const ok = await h.step(
      "cast",
      {
        columns: [
          { name: "age", type: "DOUBLE" },
          { name: "id", type: "VARCHAR" },
        ],
      },
      [people],
    );
    expect(ok.output!.columns.find((c) => c.name === "age")!.type).toBe("DOUBLE");
    const error = await stepError(h.step("cast", { columns: [{ name: "name", type: "INTEGER" }] }, [people]));
    expect(error.message).toContain('column "name" row 1: value "Ann" does not convert to INTEGER');
    expect(error.options.location?.column).toBe("name");
  });

  it("fills nulls by constant, mean, median and mode", async () => {
    const r = await h.step(
      "fill_nulls",
      {
        columns: [
          { name: "city", strategy: "CONSTANT", value: "Unknown" },
          { name: "age", strategy: "MEAN" },
          { name: "score", strategy: "MEDIAN" },
        ],
      },
      [people],
    );
    const rows = await h.rows(r.output);
    // Mean of 34, 51, 28, 34 is 36.75, rounded into the BIGINT column; median of 1.5, 2.5, 4.0, 2.5, 3.0 is 2.5.
    expect(rows.map((row) => row["age"])).toEqual([34, 37, 51, 28, 37, 34]);
    expect(rows.map((row) => row["score"])).toEqual([1.5, 2.5, 2.5, 4, 2.5, 3]);
    expect(rows[5]!["city"]).toBe("Unknown");
    const mode = await h.step("fill_nulls", { columns: [{ name: "city", strategy: "MODE" }] }, [people]);
    // Lyon and Paris both appear twice: the tie goes to the smallest value.
    expect((await h.rows(mode.output))[5]!["city"]).toBe("Lyon");
  });

  it("refuses a constant that does not fit the column", async () => {
    const error = await stepError(
      h.step("fill_nulls", { columns: [{ name: "age", strategy: "CONSTANT", value: "old" }] }, [people]),
    );
    expect(error.message).toContain(`'old' does not convert to BIGINT, the type of column "age"`);
  });
});

describe("dedupe, sort, limit", () => {
  it("removes duplicate rows, keeping the first", async () => {
    const all = await h.step("dedupe", {}, [people]);
    expect(all.rowsOut).toBe(5);
    const byCity = await h.step("dedupe", { columns: ["city"] }, [people]);
    expect((await h.rows(byCity.output)).map((r) => r["name"])).toEqual(["Ann", "Bob", "Dee", "Eve"]);
  });

  it("sorts stably with nulls last", async () => {
    const r = await h.step("sort", { by: [{ column: "age", descending: true }] }, [people]);
    expect((await h.rows(r.output)).map((row) => row["name"])).toEqual(["Cid", "Ann", "Eve", "Dee", "Bob", "Bob"]);
  });

  it("keeps the first rows, or a seeded sample that is the same on every run", async () => {
    const first = await h.step("limit", { mode: "FIRST", rows: 2 }, [people]);
    expect((await h.rows(first.output)).map((r) => r["name"])).toEqual(["Ann", "Bob"]);
    const synthetic = (await h.step("extract_synthetic", { rows: 10_000, numericColumns: 1, categories: 3, seed: 1 }))
      .output!;
    const a = await h.step("limit", { mode: "SAMPLE_ROWS", rows: 100, seed: 7 }, [synthetic]);
    const b = await h.step("limit", { mode: "SAMPLE_ROWS", rows: 100, seed: 7 }, [synthetic]);
    const c = await h.step("limit", { mode: "SAMPLE_ROWS", rows: 100, seed: 8 }, [synthetic]);
    const ids = async (o: StepOutput | null) => (await h.rows(o)).map((r) => r["id"] as number);
    expect(await ids(a.output)).toHaveLength(100);
    expect(await ids(a.output)).toEqual(await ids(b.output));
    expect(await ids(a.output)).not.toEqual(await ids(c.output));
    const sorted = [...(await ids(a.output))].sort((x, y) => x - y);
    expect(await ids(a.output)).toEqual(sorted);
    const f1 = await h.step("limit", { mode: "SAMPLE_FRACTION", fraction: 0.1, seed: 3 }, [synthetic]);
    const f2 = await h.step("limit", { mode: "SAMPLE_FRACTION", fraction: 0.1, seed: 3 }, [synthetic]);
    expect(f1.rowsOut).toBe(f2.rowsOut);
    expect(f1.rowsOut).toBeGreaterThan(900);
    expect(f1.rowsOut).toBeLessThan(1100);
    expect(await ids(f1.output)).toEqual(await ids(f2.output));
  });
});

describe("aggregate, join, union", () => {
  it("groups and aggregates, ordered by the keys", async () => {
    const r = await h.step(
      "aggregate",
      {
        groupBy: ["city"],
        aggregations: [
          { fn: "COUNT", as: "n" },
          { fn: "AVG", column: "age", as: "avg_age" },
          { fn: "COUNT_DISTINCT", column: "name", as: "names" },
          { fn: "MAX", column: "score", as: "best" },
        ],
      },
      [people],
    );
    expect(await h.rows(r.output)).toEqual([
      { city: "Lyon", n: 2, avg_age: null, names: 1, best: 2.5 },
      { city: "Nice", n: 1, avg_age: 28, names: 1, best: 4 },
      { city: "Paris", n: 2, avg_age: 42.5, names: 2, best: 1.5 },
      { city: null, n: 1, avg_age: 34, names: 1, best: 3 },
    ]);
  });

  it("joins INNER and LEFT in left order, renaming clashing right columns", async () => {
    const inner = await h.step("join", { type: "INNER", leftKeys: ["id"], rightKeys: ["person"] }, [people, orders]);
    expect((await h.rows(inner.output)).map((r) => [r["name"], r["order_id"], r["amount"]])).toEqual([
      ["Ann", 10, 9.5],
      ["Ann", 11, 20],
      ["Cid", 12, 7.25],
    ]);
    const left = await h.step("join", { type: "LEFT", leftKeys: ["id"], rightKeys: ["person"] }, [people, orders]);
    expect(left.rowsOut).toBe(7);
    const self = await h.step("join", { leftKeys: ["id"], rightKeys: ["id"] }, [people, people]);
    expect(self.output!.columns.map((c) => c.name)).toEqual([
      "id",
      "name",
      "city",
      "age",
      "score",
      "name_right",
      "city_right",
      "age_right",
      "score_right",
    ]);
  });

  it("names a join key missing on one side, and the side", async () => {
    const error = await stepError(h.step("join", { leftKeys: ["id"], rightKeys: ["person_id"] }, [people, orders]));
    expect(error.message).toContain('unknown column "person_id" in the join keys (right input)');
    expect(error.options.location?.column).toBe("person_id");
    const leftError = await stepError(h.step("join", { leftKeys: ["pid"], rightKeys: ["person"] }, [people, orders]));
    expect(leftError.message).toContain('"pid" in the join keys (left input)');
  });

  it("stacks inputs by column name, optionally without duplicates", async () => {
    const a = (await h.step("select", { columns: [{ name: "id" }, { name: "name" }] }, [people])).output!;
    const b = (await h.step("select", { columns: [{ name: "name" }, { name: "id" }, { name: "city" }] }, [people]))
      .output!;
    const all = await h.step("union", {}, [a, b]);
    expect(all.rowsOut).toBe(12);
    expect(all.output!.columns.map((c) => c.name)).toEqual(["id", "name", "city"]);
    const rows = await h.rows(all.output);
    expect(rows[0]).toEqual({ id: 1, name: "Ann", city: null });
    expect(rows[6]).toEqual({ id: 1, name: "Ann", city: "Paris" });
    const distinct = await h.step("union", { distinct: true }, [a, a]);
    expect(distinct.rowsOut).toBe(5);
  });
});

describe("sql step", () => {
  it("runs a SELECT over input1, input2…", async () => {
    const r = await h.step(
      "sql",
      {
        query:
          "SELECT p.name, sum(o.amount) AS total FROM input1 p JOIN input2 o ON o.person = p.id GROUP BY ALL ORDER BY total DESC;",
      },
      [people, orders],
    );
    expect(await h.rows(r.output)).toEqual([
      { name: "Ann", total: 29.5 },
      { name: "Cid", total: 7.25 },
    ]);
  });

  it.each([
    ["two statements", "SELECT 1; SELECT 2", /only one SQL statement is allowed, found 2/],
    ["COPY", "COPY input TO 'out.csv'", /only a SELECT query is allowed here, not COPY/],
    ["ATTACH", "ATTACH 'other.db' AS other", /not ATTACH/],
    ["INSTALL", "INSTALL httpfs", /not INSTALL/],
    ["SET", "SET enable_external_access = true", /not SET/],
    [
      "a file outside the data directory",
      "SELECT * FROM read_text('/etc/passwd')",
      /access to "\/etc\/passwd" is not allowed/,
    ],
  ])("refuses %s", async (_name, query, message) => {
    const error = await stepError(h.step("sql", { query }, [people], { nodeId: "q1" }));
    expect(error.message).toMatch(message);
    expect(error.message).toContain("(q1)");
    expect(error.options.retryable).toBe(false);
    expect(await h.runFiles()).not.toContain("q1.parquet");
  });

  it("points at the unknown column in the user's query", async () => {
    const error = await stepError(h.step("sql", { query: "SELECT nme FROM input" }, [people]));
    expect(error.message).toContain('unknown column "nme"');
    expect(error.message).toContain("LINE 1: SELECT nme FROM input");
  });
});

describe("convert and load_file", () => {
  it("writes a converted copy in the run folder and passes the data on", async () => {
    const r = await h.step("convert", { to: "CSV" }, [people], { nodeId: "conv" });
    expect(r.output).toEqual(people);
    expect(r.bytes).toBeGreaterThan(50);
    expect(r.details).toEqual({ file: "runs/run1/conv.csv" });
    expect(await h.runFiles()).toContain("conv.csv");
  });

  it("writes a file in the data directory, atomically, and refuses paths outside it", async () => {
    const r = await h.step("load_file", { path: "out/people.parquet", format: "PARQUET" }, [people]);
    expect(r.rowsOut).toBe(6);
    const back = await h.step("extract_file", { path: "out/people.parquet", format: "PARQUET" });
    expect(await h.rows(back.output)).toEqual(await h.rows(people));
    const json = await h.step("load_file", { path: "out/people.json", format: "JSON" }, [people]);
    expect(json.bytes).toBeGreaterThan(0);
    const fs = await import("node:fs/promises");
    expect((await fs.readdir(`${h.filesDir}/out`)).sort()).toEqual(["people.json", "people.parquet"]);
    const escape = await stepError(h.step("load_file", { path: "../evil.parquet" }, [people]));
    expect(escape.message).toContain('"../evil.parquet" is outside the files directory');
    const store = await stepError(h.step("load_file", { path: "millrace.sqlite", format: "PARQUET" }, [people]));
    expect(store.message).toContain("must end with .parquet");
    // User files are confined to DATA_DIR/files: "runs/…" there is an ordinary folder, not the run outputs.
    await h.step("load_file", { path: "runs/run1/x.parquet" }, [people]);
    expect(await h.runFiles("run1")).not.toContain("x.parquet");
  });
});
