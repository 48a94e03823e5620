// A stored view (data/duckdb/views.ts) outlives the process that defined it: a new engine reads it back, and
// when retention removed its run folder, the archive gives back both the view and the file it reads.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalArtifactStore } from "../../api/src/artifacts/local-artifact-store.js";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { ArtifactOutputArchive } from "../../api/src/data/output-archive.js";
import { REPO_DATA } from "./support/harness.js";

describe("a view after a restart, and from the archive", () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  });

  it("is read back by a new engine, and fetched with its input when the run folder is gone", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-lazy-"));
    const storeDir = await mkdtemp(path.join(tmpdir(), "millrace-lazy-store-"));
    temps.push(dataDir, storeDir);
    const archive = new ArtifactOutputArchive(await LocalArtifactStore.open(storeDir));
    let engine = await openDuckDbEngine({ dataDir, samplesDir: REPO_DATA, threads: 2, archive });
    const base = await engine.materialize({
      sql: "SELECT range AS n, range % 3 AS k FROM range(100)",
      output: { runId: "r1", nodeId: "base" },
    });
    const first = await engine.defineView({
      sql: "SELECT * FROM input WHERE k = 1",
      inputs: { input: base.location },
      output: { runId: "r1", nodeId: "odd" },
    });
    const second = await engine.defineView({
      sql: "SELECT *, n * 10 AS big FROM input",
      inputs: { input: first.location },
      output: { runId: "r1", nodeId: "big" },
      rows: first.rows,
      evaluate: ["big"],
    });
    expect([first.rows, second.rows]).toEqual([33, 33]);
    await engine.close();

    engine = await openDuckDbEngine({ dataDir, samplesDir: REPO_DATA, threads: 2, archive });
    try {
      const expected = { n: 4, k: 1, big: 40 };
      expect((await engine.preview(second.location, 2)).rows[1]).toEqual(expected);
      await engine.collectRunOutputs({});
      // Retention removed the whole run folder; the archive still has the view and the file under it.
      const fetched = await engine.preview(second.location, 2);
      expect(fetched.columns.map((c) => c.name)).toEqual(["n", "k", "big"]);
      expect(fetched.rows[1]).toEqual(expected);
      const [sum] = await engine.query("SELECT sum(big) AS s, count(*) AS c FROM input", { input: second.location });
      expect(sum).toEqual({ s: 16170, c: 33 });
    } finally {
      await engine.close();
    }
  });

  it("says the output is gone when neither the run folder nor an archive has it", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-lazy-"));
    temps.push(dataDir);
    const engine = await openDuckDbEngine({ dataDir, samplesDir: REPO_DATA, threads: 2 });
    try {
      const base = await engine.materialize({ sql: "SELECT 1 AS a", output: { runId: "r1", nodeId: "base" } });
      const view = await engine.defineView({
        sql: "SELECT a + 1 AS b FROM input",
        inputs: { input: base.location },
        output: { runId: "r1", nodeId: "v" },
      });
      expect((await engine.preview(view.location, 5)).rows).toEqual([{ b: 2 }]);
      await engine.collectRunOutputs({});
      await expect(engine.preview(view.location, 5)).rejects.toMatchObject({ code: "NOT_FOUND" });
    } finally {
      await engine.close();
    }
  });
});
