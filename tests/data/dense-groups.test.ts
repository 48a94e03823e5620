import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DataError } from "../../api/src/data/data-engine.js";
import { DENSE_GROUP_BITS } from "../../api/src/data/duckdb/dense-groups.js";
import { openHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

const SETTINGS =
  "SELECT current_setting('perfect_ht_threshold') AS bits, current_setting('lock_configuration') AS locked, " +
  "(SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) AS views, " +
  "(SELECT count(*) FROM duckdb_tables() WHERE temporary AND NOT internal) AS tables";

describe("queries hinted denseGroups", () => {
  it("run on a connection grouping wider integer ranges as arrays, still locked; others keep DuckDB's default", async () => {
    expect(await h.engine.query(SETTINGS, {}, { denseGroups: true })).toEqual([
      { bits: DENSE_GROUP_BITS, locked: true, views: 0, tables: 0 },
    ]);
    expect(await h.engine.query(SETTINGS)).toEqual([{ bits: 12, locked: true, views: 0, tables: 0 }]);
  });

  it("give the same answers as hashed grouping, on keys spanning 2^20 values, negatives and nulls", async () => {
    const { output } = await h.step("extract_synthetic", { rows: 3000, numericColumns: 1, categories: 3, seed: 4 });
    const sql =
      "SELECT k, count(*) AS n FROM (SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 7919) % 1048576 - 524288 END AS k " +
      "FROM (SELECT CAST(row_number() OVER () AS BIGINT) AS i FROM input)) GROUP BY k ORDER BY n DESC, k NULLS FIRST LIMIT 20";
    const inputs = { input: output!.location };
    const dense = await h.engine.query(sql, inputs, { denseGroups: true });
    expect(dense).toEqual(await h.engine.query(sql, inputs));
    expect(dense[0]).toEqual({ k: null, n: 428 });
  });

  it("do not hand a seed set by one query's SQL to the next query on the same connection", async () => {
    // Sequential dense queries borrow the same pooled connection (the last one given back).
    const randomAfterSeed = async () => {
      await h.engine.query("SELECT setseed(0.25) AS s", {}, { denseGroups: true });
      const [row] = await h.engine.query("SELECT random() AS r", {}, { denseGroups: true });
      return row?.r;
    };
    const first = await randomAfterSeed();
    expect(typeof first).toBe("number");
    expect(await randomAfterSeed()).not.toBe(first);
  });

  it("leave no temporary view or table behind on the connection lent to the next query", async () => {
    const { output } = await h.step("extract_synthetic", { rows: 10, numericColumns: 1, categories: 1, seed: 1 });
    const inputs = { input: output!.location, other: output!.location };
    const [counted] = await h.engine.query(
      "SELECT (SELECT count(*) FROM input) AS n, (SELECT count(*) FROM duckdb_views() WHERE temporary AND NOT internal) AS views",
      inputs,
      { denseGroups: true, rowNumberColumn: "rn" },
    );
    expect(counted).toEqual({ n: 10, views: 2 });
    // Lent connections are reused last-in first-out: this query runs where the two views were.
    expect(await h.engine.query(SETTINGS, {}, { denseGroups: true })).toEqual([
      { bits: DENSE_GROUP_BITS, locked: true, views: 0, tables: 0 },
    ]);
  });

  it("drop the temporary table a view input with row numbers is loaded into", async () => {
    const { output } = await h.step("extract_synthetic", { rows: 10, numericColumns: 1, categories: 1, seed: 2 });
    const filtered = (await h.step("filter", { where: "true" }, [output!])).output!;
    expect(filtered.location).toMatch(/\.view$/);
    const [counted] = await h.engine.query(
      "SELECT max(rn) AS last, (SELECT count(*) FROM duckdb_tables() WHERE temporary AND NOT internal) AS tables FROM input",
      { input: filtered.location },
      { denseGroups: true, rowNumberColumn: "rn" },
    );
    expect(counted).toEqual({ last: 9, tables: 1 });
    expect(await h.engine.query(SETTINGS, {}, { denseGroups: true })).toEqual([
      { bits: DENSE_GROUP_BITS, locked: true, views: 0, tables: 0 },
    ]);
  });

  it("still answer after a failed and an interrupted query, and beyond the pool's size at once", async () => {
    await expect(h.engine.query("SELECT * FROM no_such_table", {}, { denseGroups: true })).rejects.toThrow(DataError);
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error("stop")), 200);
    const cross = "SELECT count(*) AS n FROM range(1000000000) a, range(100000) b WHERE a.range + b.range = 7";
    await expect(h.engine.query(cross, {}, { denseGroups: true, signal: abort.signal })).rejects.toThrow(
      /interrupted: stop/,
    );
    const results = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        h.engine.query(
          `SELECT ${i} AS i, count(DISTINCT range % 1000) AS d FROM range(100000)`,
          {},
          { denseGroups: true },
        ),
      ),
    );
    expect(results).toEqual(Array.from({ length: 9 }, (_, i) => [{ i, d: 1000 }]));
  });
});
