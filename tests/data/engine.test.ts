import { mkdir, readdir, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DuckDBInstance } from "@duckdb/node-api";
import { DataError } from "../../api/src/data/data-engine.js";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { REPO_DATA, openHarness, stepError, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
});

async function dataError(promise: Promise<unknown>): Promise<DataError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error("expected a DataError");
}

describe("sandbox", () => {
  it("cannot read outside the allowed directories, by path or by ../ traversal", async () => {
    for (const sql of [
      "SELECT * FROM read_text('/etc/passwd')",
      `SELECT * FROM read_text('${h.dataDir}/../../../etc/passwd')`,
      "SELECT * FROM read_csv('/etc/hosts')",
      "SELECT * FROM read_csv('https://example.com/data.csv')",
    ]) {
      const error = await dataError(h.engine.query(sql));
      expect(error.code).toBe("FORBIDDEN");
      expect(error.message).toMatch(/is not allowed: only files inside the data directory/);
    }
  });

  it("can read inside the data and samples directories", async () => {
    await h.file("note.txt", "hello");
    expect(await h.engine.query(`SELECT content FROM read_text('${h.filesDir}/note.txt')`)).toEqual([
      { content: "hello" },
    ]);
    expect(await h.engine.query(`SELECT count(*) AS n FROM read_csv('${REPO_DATA}/hmp/hmp.csv.gz')`)).toEqual([
      { n: 392_080 },
    ]);
  });

  it("has locked the settings: they cannot be changed back, even on a new connection", async () => {
    expect(
      await h.engine.query(
        "SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked",
      ),
    ).toEqual([{ ext: false, locked: true }]);
    // query() only runs SELECTs: go around it, to the engine's own instance, to prove the lock itself holds.
    const connection = await (h.engine as unknown as { instance: DuckDBInstance }).instance.connect();
    try {
      for (const statement of [
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "RESET lock_configuration",
        "SET GLOBAL allowed_directories = ['/']",
      ]) {
        await expect(connection.run(statement)).rejects.toThrow(/the configuration has been locked/);
      }
      await expect(connection.run("LOAD httpfs")).rejects.toThrow(/Permission Error/);
    } finally {
      connection.closeSync();
    }
  });

  it("keeps no copy of the files it reads: outputs read once must not pin native memory", async () => {
    const output = await h.step("extract_synthetic", { rows: 5000, numericColumns: 3, categories: 4, seed: 1 });
    expect(await h.rows(output.output, 3)).toHaveLength(3);
    const cached = await h.engine.query(
      "SELECT coalesce(sum(memory_usage_bytes), 0)::BIGINT AS bytes FROM duckdb_memory() WHERE tag = 'EXTERNAL_FILE_CACHE'",
    );
    expect(cached).toEqual([{ bytes: 0 }]);
  });

  it("opens one engine per process", async () => {
    await expect(openDuckDbEngine({ dataDir: h.dataDir, samplesDir: REPO_DATA })).rejects.toThrow(
      /already open in this process/,
    );
  });
});

describe("queries", () => {
  it("refuses anything but one SELECT", async () => {
    expect((await dataError(h.engine.query("SELECT 1; SELECT 2"))).message).toBe(
      "only one SQL statement is allowed, found 2",
    );
    expect((await dataError(h.engine.query(`COPY (SELECT 1) TO '${h.dataDir}/x.csv'`))).message).toBe(
      "only a SELECT query is allowed here, not COPY",
    );
    expect((await dataError(h.engine.query("PRAGMA version"))).message).toBe(
      "only a SELECT query is allowed here, not PRAGMA",
    );
    await expect(readdir(h.dataDir)).resolves.not.toContain("x.csv");
  });

  it("returns JSON-safe values", async () => {
    const [row] = await h.engine
      .query(`SELECT 42::BIGINT AS small, 9007199254740993::BIGINT AS big, 2.5::DOUBLE AS d, 'inf'::DOUBLE AS inf,
      DATE '2024-02-29' AS day, TIMESTAMP '2024-02-29 13:14:15.123456' AS ts, TIMESTAMPTZ '2024-02-29 13:14:15+02' AS tz,
      12.30::DECIMAL(8,2) AS dec8, [1, 2] AS list, {'k': 3::BIGINT} AS obj, NULL AS nothing, true AS yes`);
    expect(row).toEqual({
      small: 42,
      big: "9007199254740993",
      d: 2.5,
      inf: "Infinity",
      day: "2024-02-29",
      ts: "2024-02-29T13:14:15.123456",
      tz: "2024-02-29T11:14:15Z",
      dec8: 12.3,
      list: [1, 2],
      obj: { k: 3 },
      nothing: null,
      yes: true,
    });
    expect(JSON.parse(JSON.stringify(row))).toEqual(row);
  });

  it("caps the rows a query returns", async () => {
    expect(await h.engine.query("SELECT range AS i FROM range(100000)", {}, { maxRows: 3 })).toEqual([
      { i: 0 },
      { i: 1 },
      { i: 2 },
    ]);
  });

  it("previews an output's columns and first rows", async () => {
    const out = (await h.step("extract_synthetic", { rows: 100, numericColumns: 1, categories: 2, seed: 1 })).output!;
    const preview = await h.engine.preview(out.location, 2);
    expect(preview.columns.map((c) => c.name)).toEqual(["id", "x1", "category", "ts"]);
    expect(preview.rows.map((r) => r["id"])).toEqual([0, 1]);
    await expect(h.engine.preview("../outside.parquet", 1)).rejects.toThrow(/outside the data directory/);
  });
});

describe("cancellation", () => {
  const CROSS_JOIN = "SELECT count(*) AS n FROM range(1000000000) a, range(100000) b WHERE a.range + b.range = 7";

  it("interrupts a long query promptly, without blocking the event loop meanwhile", async () => {
    const abort = new AbortController();
    let maxLag = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      maxLag = Math.max(maxLag, now - last - 10);
      last = now;
    }, 10);
    setTimeout(() => abort.abort(new Error("cancelled by user")), 500);
    const started = performance.now();
    const error = await dataError(h.engine.query(CROSS_JOIN, {}, { signal: abort.signal }));
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(error.code).toBe("INTERRUPTED");
    expect(error.message).toBe("interrupted: cancelled by user");
    expect(elapsed).toBeLessThan(2500);
    expect(maxLag).toBeLessThan(200);
    // The engine is still fine afterwards.
    expect(await h.engine.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("interrupts a step's query when the invocation's signal aborts, leaving no file", async () => {
    const input = (
      await h.step("extract_synthetic", { rows: 10, numericColumns: 1, categories: 1, seed: 1 }, [], {
        runId: "cancel",
      })
    ).output!;
    const abort = new AbortController();
    setTimeout(() => abort.abort(new Error("timed out after 300 ms")), 300);
    const started = performance.now();
    const run = h.step(
      "sql",
      { query: `SELECT a.range FROM range(1000000000) a, range(100000) b WHERE a.range * b.range = -1` },
      [input],
      {
        nodeId: "slow",
        runId: "cancel",
        signal: abort.signal,
      },
    );
    await expect(run).rejects.toThrow(/interrupted: timed out after 300 ms/);
    expect(performance.now() - started).toBeLessThan(2500);
    expect((await h.runFiles("cancel")).filter((f) => f.startsWith("slow") || f.includes(".slow."))).toEqual([]);
  });
});

describe("outputs", () => {
  it("writes outputs atomically: a query failing halfway leaves neither the output nor a temp file", async () => {
    const input = (
      await h.step("extract_synthetic", { rows: 300_000, numericColumns: 1, categories: 1, seed: 1 }, [], {
        runId: "atomic",
      })
    ).output!;
    const error = await stepError(
      h.step(
        "sql",
        { query: "SELECT id, CASE WHEN id = 250000 THEN error('bad row ' || id) ELSE x1 END AS v FROM input" },
        [input],
        { nodeId: "boom", runId: "atomic" },
      ),
    );
    expect(error.message).toContain("bad row 250000");
    expect(await h.runFiles("atomic")).toEqual([input.location.split("/").at(-1)]);
  });

  it("collects old run folders, keeping the ones asked for", async () => {
    const runs = path.join(h.dataDir, "runs");
    for (const id of ["old1", "old2", "keep1", "fresh"]) {
      await mkdir(path.join(runs, id), { recursive: true });
      await writeFile(path.join(runs, id, "n.parquet"), "x".repeat(10));
    }
    const past = new Date(Date.now() - 3_600_000);
    for (const id of ["old1", "old2", "keep1"]) {
      await utimes(path.join(runs, id, "n.parquet"), past, past);
      await utimes(path.join(runs, id), past, past);
    }
    const report = await h.engine.collectRunOutputs({
      keepRunIds: ["keep1"],
      olderThan: new Date(Date.now() - 60_000),
    });
    expect(report).toEqual({ removedRunIds: ["old1", "old2"], bytesFreed: 20 });
    const left = await readdir(runs);
    expect(left).toContain("keep1");
    expect(left).toContain("fresh");
    expect(left).not.toContain("old1");
    await expect(stat(path.join(runs, "fresh", "n.parquet"))).resolves.toBeTruthy();
  });
});

describe("scan", () => {
  it("streams every row of an output in file order, in batches", async () => {
    const hmp = await h.step("extract_sample", { sample: "hmp" });
    const sizes: number[] = [];
    let first: unknown = null;
    let last: unknown = null;
    for await (const batch of h.engine.scan(hmp.output!.location, 100_000)) {
      sizes.push(batch.length);
      first ??= batch[0];
      last = batch.at(-1);
    }
    expect(sizes).toEqual([100_000, 100_000, 100_000, 92_080]);
    expect(first).toEqual({
      x: 22,
      y: 49,
      z: 35,
      source: "Accelerometer-2011-04-11-13-28-18-brush_teeth-f1.txt",
      class: "Brush_teeth",
    });
    const tail = await h.engine.query("SELECT * FROM input LIMIT 1 OFFSET 392079", { input: hmp.output!.location });
    expect(last).toEqual(tail[0]);
  });
});
