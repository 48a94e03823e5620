// Run outputs archived in the artifact store (data/output-archive.ts): uploaded by the DuckDB engine as they
// are written, fetched back when missing locally; retention deletes local copies only. On S3 (s3rver or
// S3_TEST_ENDPOINT) and, so that the mechanism is also tested without a server, on a local-directory store.
import { mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ArtifactStore } from "../../api/src/artifacts/artifact-store.js";
import { LocalArtifactStore } from "../../api/src/artifacts/local-artifact-store.js";
import { S3ArtifactStore } from "../../api/src/artifacts/s3-artifact-store.js";
import { DataError } from "../../api/src/data/data-engine.js";
import { openDuckDbEngine, type DuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { ArtifactOutputArchive, type OutputArchive } from "../../api/src/data/output-archive.js";
import { REPO_DATA } from "../data/support/harness.js";
import { s3ForTests, uniquePrefix } from "./support/s3-server.js";

const { server, skip } = await s3ForTests();
afterAll(async () => {
  await server?.stop();
});

const temps: string[] = [];
async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `millrace-archive-${label}-`));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function dataError(promise: Promise<unknown>): Promise<DataError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof DataError) return error;
  throw new Error(`expected a DataError, got ${String(error)}`);
}

/** Counts the archive's calls, to see what the engine asks of it. */
class CountingArchive implements OutputArchive {
  readonly uploads: string[] = [];
  readonly downloads: string[] = [];
  constructor(private readonly inner: OutputArchive) {}
  get description(): string {
    return this.inner.description;
  }
  upload(location: string, file: string): Promise<void> {
    this.uploads.push(location);
    return this.inner.upload(location, file);
  }
  download(location: string, file: string): Promise<boolean> {
    this.downloads.push(location);
    return this.inner.download(location, file);
  }
}

interface Backend {
  name: string;
  open(): Promise<{ store: ArtifactStore; close: () => void }>;
}

const backends: Backend[] = [
  {
    name: "local directory",
    open: async () => ({ store: await LocalArtifactStore.open(await tempDir("store")), close: () => undefined }),
  },
];
if (server) {
  backends.push({
    name: "S3",
    open: () => {
      const store = new S3ArtifactStore(server.options(uniquePrefix("archive")));
      return Promise.resolve({ store, close: () => store.close() });
    },
  });
} else {
  it.skip(`run outputs archived on S3: ${skip}`, () => undefined);
}

const SOURCE = "SELECT range AS n, 'row ' || range AS label FROM range(1000)";

describe.each(backends)("run outputs archived in an artifact store: $name", (backend) => {
  let store: ArtifactStore;
  let closeStore: () => void;
  let archive: CountingArchive;
  let engine: DuckDbEngine;
  // The second data directory plays another machine, with the same archive.
  const openEngine = async (dataDir: string) => {
    engine = await openDuckDbEngine({ dataDir, samplesDir: REPO_DATA, threads: 2, archive });
    return engine;
  };

  beforeEach(async () => {
    ({ store, close: closeStore } = await backend.open());
    archive = new CountingArchive(
      new ArtifactOutputArchive(store, { archivesRun: (runId) => !runId.startsWith("scratch") }),
    );
    await openEngine(await tempDir("data"));
  });
  afterEach(async () => {
    await engine.close();
    closeStore();
  });

  it("uploads each output as it is written, and converted copies of run folders, nothing else", async () => {
    const a = await engine.materialize({ sql: SOURCE, output: { runId: "run1", nodeId: "a" } });
    expect(a.location).toBe("runs/run1/a.parquet");
    expect((await store.stat("runs/run1/a.parquet"))?.size).toBe(a.bytes);
    await mkdir(path.join(engine.dataDir, "files"), { recursive: true });
    await writeFile(path.join(engine.dataDir, "files", "in.csv"), "x,y\n1,2\n3,4\n");
    await engine.readFile({
      file: path.join(engine.dataDir, "files", "in.csv"),
      format: "CSV",
      output: { runId: "run1", nodeId: "b" },
    });
    // The convert step's copy (in the run folder) is archived; a load_file target (files/) is not.
    await engine.exportTo({ location: a.location, file: path.join(engine.dataDir, "runs/run1/a.csv"), format: "CSV" });
    await engine.exportTo({ location: a.location, file: path.join(engine.dataDir, "files/out.json"), format: "JSON" });
    // Scratch tables (upload checks, training data…) are declined by the archive's filter.
    await engine.materialize({ sql: SOURCE, output: { runId: "scratch-1", nodeId: "data" } });
    expect((await store.list()).map((i) => i.key)).toEqual([
      "runs/run1/a.csv",
      "runs/run1/a.parquet",
      "runs/run1/b.parquet",
    ]);
    expect((await store.get("runs/run1/a.csv")).toString()).toMatch(/^n,label\n0,row 0\n/);
  });

  it("reads an output that is missing locally from the archive: preview, query, scan, export, inputs", async () => {
    const a = await engine.materialize({ sql: SOURCE, output: { runId: "run2", nodeId: "a" } });
    const local = path.join(engine.dataDir, a.location);
    await rm(path.join(engine.dataDir, "runs/run2"), { recursive: true });

    // Concurrent readers of one missing output share one download.
    const previews = await Promise.all([1, 2, 3, 4].map(() => engine.preview(a.location, 2)));
    expect(previews[3]!.rows).toEqual([
      { n: 0, label: "row 0" },
      { n: 1, label: "row 1" },
    ]);
    expect(archive.downloads).toEqual([a.location]);
    expect(await exists(local)).toBe(true);

    await rm(local);
    expect(await engine.query("SELECT count(*) AS c, sum(n) AS s FROM input", { input: a.location })).toEqual([
      { c: 1000, s: 499_500 },
    ]);
    await rm(local);
    let scanned = 0;
    for await (const batch of engine.scan(a.location, 300)) scanned += batch.length;
    expect(scanned).toBe(1000);
    await rm(local);
    const copy = path.join(engine.dataDir, "files", "copy.csv");
    expect((await engine.exportTo({ location: a.location, file: copy, format: "CSV" })).rows).toBe(1000);

    // A downstream step on a machine without the input: materialize reads it back, and its output is archived.
    await rm(local);
    const b = await engine.materialize({
      sql: "SELECT n * 2 AS twice FROM input WHERE n < 10",
      inputs: { input: a.location },
      output: { runId: "run2", nodeId: "b" },
    });
    expect(b.rows).toBe(10);
    expect(await store.exists("runs/run2/b.parquet")).toBe(true);
  });

  it("serves another data directory (another machine) from the archive alone", async () => {
    const a = await engine.materialize({ sql: SOURCE, output: { runId: "run3", nodeId: "a" } });
    await engine.close();
    const other = await openEngine(await tempDir("other"));
    expect(await exists(path.join(other.dataDir, a.location))).toBe(false);
    const preview = await other.preview(a.location, 1);
    expect(preview.columns.map((c) => c.name)).toEqual(["n", "label"]);
    expect(preview.rows).toEqual([{ n: 0, label: "row 0" }]);
  });

  it("retention deletes local copies only; the outputs stay readable", async () => {
    const a = await engine.materialize({ sql: SOURCE, output: { runId: "run4", nodeId: "a" } });
    await engine.materialize({ sql: SOURCE, output: { runId: "run5", nodeId: "a" } });
    const report = await engine.collectRunOutputs({ keepRunIds: ["run5"] });
    expect(report.removedRunIds).toEqual(["run4"]);
    expect(await exists(path.join(engine.dataDir, "runs/run4"))).toBe(false);
    expect((await store.list("runs/")).map((i) => i.key)).toEqual(["runs/run4/a.parquet", "runs/run5/a.parquet"]);
    expect((await engine.preview(a.location, 1)).rows).toEqual([{ n: 0, label: "row 0" }]);
  });

  it("answers NOT_FOUND for an output that neither the data directory nor the archive has", async () => {
    const error = await dataError(engine.preview("runs/nothing/here.parquet", 1));
    expect(error.code).toBe("NOT_FOUND");
    expect(archive.downloads).toEqual(["runs/nothing/here.parquet"]);
  });
});

describe("run output archive failures", () => {
  let engine: DuckDbEngine | null = null;
  afterEach(async () => {
    await engine?.close();
    engine = null;
  });
  const broken: OutputArchive = {
    description: "a broken bucket",
    upload: () => Promise.reject(new Error("connection reset")),
    download: () => Promise.reject(new Error("connection refused")),
  };

  it("fails the write when the upload fails, as a retryable engine error, and a read when the download fails", async () => {
    engine = await openDuckDbEngine({ dataDir: await tempDir("broken"), samplesDir: REPO_DATA, archive: broken });
    const written = await dataError(engine.materialize({ sql: SOURCE, output: { runId: "r", nodeId: "a" } }));
    expect(written.code).toBe("ENGINE");
    expect(written.retryable).toBe(true);
    expect(written.message).toBe(
      'could not archive run output "runs/r/a.parquet" to a broken bucket: connection reset',
    );
    const read = await dataError(engine.preview("runs/r/missing.parquet", 1));
    expect(read.code).toBe("ENGINE");
    expect(read.message).toMatch(/could not fetch run output "runs\/r\/missing.parquet" from a broken bucket/);
  });

  it("without an archive, nothing changes: outputs live in the data directory only", async () => {
    engine = await openDuckDbEngine({ dataDir: await tempDir("plain"), samplesDir: REPO_DATA });
    const a = await engine.materialize({ sql: SOURCE, output: { runId: "r", nodeId: "a" } });
    await rm(path.join(engine.dataDir, a.location));
    expect((await dataError(engine.preview(a.location, 1))).code).toBe("NOT_FOUND");
  });
});
