import { symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lowbias32, streamKey } from "../../api/src/steps/impl/seeded-hash.js";
import type { DatasetLocation } from "../../api/src/steps/step-executor.js";
import { openHarness, stepError, type Harness } from "./support/harness.js";

let h: Harness;
const DATASETS: Record<string, DatasetLocation> = {
  ds1: { path: "uploads/ds1.csv.gz", format: "CSV_GZ" },
  hmp: { path: "hmp/hmp.csv.gz", format: "CSV_GZ", root: "SAMPLES" },
};

beforeAll(async () => {
  h = await openHarness({
    datasets: (id) => Promise.resolve(DATASETS[id] ?? null),
  });
});
afterAll(async () => {
  await h.close();
});

describe("extract_file", () => {
  it("reads CSV with a header, a delimiter and sniffed types", async () => {
    await h.file("in/semi.csv", "a;b;c\n1;x;2.5\n2;y;\n");
    const r = await h.step("extract_file", { path: "in/semi.csv", delimiter: ";" });
    expect(r.output!.columns).toEqual([
      { name: "a", type: "BIGINT" },
      { name: "b", type: "VARCHAR" },
      { name: "c", type: "DOUBLE" },
    ]);
    expect(await h.rows(r.output)).toEqual([
      { a: 1, b: "x", c: 2.5 },
      { a: 2, b: "y", c: null },
    ]);
    expect([r.rowsIn, r.rowsOut]).toEqual([2, 2]);
    expect(r.logs[0]!.message).toBe("read 2 rows, 3 columns from in/semi.csv (CSV)");
  });

  it("reads gzip CSV, Parquet and JSON", async () => {
    await h.file("in/g.csv.gz", gzipSync("k,v\na,1\nb,2\nc,3\n"));
    const gz = await h.step("extract_file", { path: "in/g.csv.gz" });
    expect(gz.rowsOut).toBe(3);
    await h.step("load_file", { path: "in/g.parquet", format: "PARQUET" }, [gz.output!]);
    const parquet = await h.step("extract_file", { path: "in/g.parquet", format: "PARQUET" });
    expect(await h.rows(parquet.output)).toEqual(await h.rows(gz.output));
    await h.file("in/j.json", '[{"k":"a","v":1},{"k":"b","v":2}]');
    const json = await h.step("extract_file", { path: "in/j.json", format: "JSON" });
    expect(await h.rows(json.output)).toEqual([
      { k: "a", v: 1 },
      { k: "b", v: 2 },
    ]);
  });

  it("names the file and line of a ragged row, and leaves no file behind", async () => {
    await h.file("bad/ragged.csv", "a,b,c\n1,2,3\n4,5,6\n7,8\n9,10,11\n");
    const error = await stepError(
      h.step("extract_file", { path: "bad/ragged.csv" }, [], { nodeId: "rag", runId: "bad1" }),
    );
    expect(error.message).toContain('ragged CSV "bad/ragged.csv" line 4: expected 3 fields, found 2');
    expect(error.message).toContain("(rag)");
    expect(error.options).toEqual({ retryable: false, location: { file: "bad/ragged.csv", line: 4 } });
    expect(await h.runFiles("bad1")).toEqual([]);
  });

  it("names the line of a ragged row far into the file (past the sniffer's sample)", async () => {
    const lines = ["a,b,c", ...Array.from({ length: 30_000 }, (_, i) => `${i},${i * 2},x${i}`)];
    lines.splice(25_001, 0, "7,8,9,10");
    await h.file("bad/ragged-late.csv", lines.join("\n") + "\n");
    const error = await stepError(h.step("extract_file", { path: "bad/ragged-late.csv" }, [], { runId: "bad2" }));
    expect(error.message).toContain("line 25002: expected 3 fields, found 4");
    expect(error.options.location).toEqual({ file: "bad/ragged-late.csv", line: 25002 });
    expect(await h.runFiles("bad2")).toEqual([]);
  });

  it("names the file and line of invalid UTF-8", async () => {
    await h.file(
      "bad/latin1.csv",
      Buffer.concat([Buffer.from("name,city\nAnn,Paris\nZoe,Z"), Buffer.from([0xfc]), Buffer.from("rich\n")]),
    );
    const error = await stepError(h.step("extract_file", { path: "bad/latin1.csv" }, [], { runId: "bad3" }));
    expect(error.message).toContain('CSV "bad/latin1.csv" line 3 is not valid UTF-8');
    expect(error.options.location).toEqual({ file: "bad/latin1.csv", line: 3 });
    expect(await h.runFiles("bad3")).toEqual([]);
  });

  it("refuses a field over the 1 MiB line cap, naming the line", async () => {
    await h.file("bad/huge.csv", `a,b\n1,x\n2,${"y".repeat(1_500_000)}\n3,z\n`);
    const error = await stepError(h.step("extract_file", { path: "bad/huge.csv" }, [], { runId: "bad4" }));
    expect(error.message).toContain('CSV "bad/huge.csv" line 3 is longer than the 1 MiB limit');
    expect(error.options.location).toEqual({ file: "bad/huge.csv", line: 3 });
    expect(await h.runFiles("bad4")).toEqual([]);
  });

  it("refuses paths that escape the data directory, by .. or by a symlink", async () => {
    const dotdot = await stepError(h.step("extract_file", { path: "../../etc/passwd" }));
    expect(dotdot.message).toContain('path "../../etc/passwd" is outside the files directory (DATA_DIR/files)');
    expect(dotdot.options).toEqual({ retryable: false, location: { file: "../../etc/passwd" } });
    const absolute = await stepError(h.step("extract_file", { path: "/etc/passwd" }));
    expect(absolute.message).toContain("outside the files directory");
    await symlink("/etc/passwd", path.join(h.filesDir, "link.csv"));
    const link = await stepError(h.step("extract_file", { path: "link.csv" }));
    expect(link.message).toContain('path "link.csv" is outside the files directory');
    const missing = await stepError(h.step("extract_file", { path: "nope.csv" }));
    expect(missing.message).toContain('file "nope.csv" does not exist');
  });
});

describe("extract_dataset, extract_sample, extract_synthetic", () => {
  it("reads a registered dataset from the data or samples directory", async () => {
    await writeFile(path.join(h.dataDir, "uploads/ds1.csv.gz"), gzipSync("id,label\n1,a\n2,b\n"));
    const r = await h.step("extract_dataset", { datasetId: "ds1" });
    expect(r.rowsOut).toBe(2);
    const missing = await stepError(h.step("extract_dataset", { datasetId: "zzz" }));
    expect(missing.message).toContain('dataset "zzz" does not exist');
  });

  it("reads the HMP sample: 392,080 rows with known types", async () => {
    const r = await h.step("extract_sample", { sample: "hmp" });
    expect(r.rowsOut).toBe(392_080);
    expect(r.output!.columns).toEqual([
      { name: "x", type: "BIGINT" },
      { name: "y", type: "BIGINT" },
      { name: "z", type: "BIGINT" },
      { name: "source", type: "VARCHAR" },
      { name: "class", type: "VARCHAR" },
    ]);
    expect(r.progress.at(-1)).toEqual({ rowsIn: 392_080, rowsOut: 392_080 });
  });

  it("generates the same synthetic rows for the same config, other rows for another seed", async () => {
    const config = { rows: 5000, numericColumns: 3, categories: 4, seed: 11 };
    const a = await h.step("extract_synthetic", config);
    const b = await h.step("extract_synthetic", config);
    const c = await h.step("extract_synthetic", { ...config, seed: 12 });
    expect(a.output!.columns.map((col) => `${col.name}:${col.type}`)).toEqual([
      "id:BIGINT",
      "x1:DOUBLE",
      "x2:DOUBLE",
      "x3:DOUBLE",
      "category:VARCHAR",
      "ts:TIMESTAMP",
    ]);
    const rowsA = await h.rows(a.output);
    expect(rowsA).toEqual(await h.rows(b.output));
    expect(rowsA).not.toEqual(await h.rows(c.output));
    expect(rowsA[1]).toMatchObject({ id: 1, ts: "2024-01-01T00:01:00" });
    // The SQL computes exactly the documented JS hash, so the values never depend on DuckDB's version.
    const expected = (id: number, stream: number) => lowbias32((id ^ streamKey(11, stream)) >>> 0);
    for (const id of [0, 1, 4999]) {
      expect(rowsA[id]!["x1"]).toBe(Math.round((expected(id, 0) / 2 ** 32) * 100 * 1e6) / 1e6);
      expect(rowsA[id]!["category"]).toBe(`cat_${expected(id, 3) % 4}`);
    }
    const stats = await h.engine.query(
      "SELECT count(DISTINCT category) AS cats, min(x1) >= 0 AND max(x1) < 100 AS in_range, abs(avg(x2) - 50) < 2 AS centred FROM input",
      { input: a.output!.location },
    );
    expect(stats).toEqual([{ cats: 4, in_range: true, centred: true }]);
  });
});

describe("step executor", () => {
  it("refuses an unknown kind without retry", async () => {
    const error = await stepError(h.step("teleport", {}));
    expect(error.message).toContain('unknown step kind "teleport"');
    expect(error.options.retryable).toBe(false);
  });

  it("reads a file that is written at the same time only once complete", async () => {
    // A second attempt of the same node replaces the output atomically.
    await writeFile(path.join(h.filesDir, "twice.csv"), "a\n1\n2\n");
    const first = await h.step("extract_file", { path: "twice.csv" }, [], { nodeId: "same", runId: "retry" });
    await writeFile(path.join(h.filesDir, "twice.csv"), "a\n1\n2\n3\n");
    const second = await h.step("extract_file", { path: "twice.csv" }, [], { nodeId: "same", runId: "retry" });
    expect(second.output!.location).toBe(first.output!.location);
    expect(second.rowsOut).toBe(3);
    expect(await h.runFiles("retry")).toEqual(["same.parquet"]);
  });
});
