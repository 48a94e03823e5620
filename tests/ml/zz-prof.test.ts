import { it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { SAMPLES_DIR } from "../../api/src/app.js";
import { loadTrainingData } from "../../api/src/experiments/training-data.js";
import { resolveTrainingSpec } from "../../api/src/experiments/training-spec.js";
import { trainPipeline } from "../../api/src/experiments/trainer.js";
import { TrainingPool } from "../../api/src/ml/index.js";

it("prof", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "prof-"));
  const engine = await openDuckDbEngine({ dataDir: dir, samplesDir: SAMPLES_DIR });
  const pool = new TrainingPool({ size: 2 });
  try {
    const out = await engine.readFile({ file: path.join(SAMPLES_DIR, "hmp/hmp.csv.gz"), format: "CSV", csv: { header: true }, output: { runId: "r", nodeId: "n" } });
    const spec = resolveTrainingSpec({ target: "class", features: ["x", "y", "z"], groupBy: "source", algorithm: "RandomForest", params: { n_estimators: 30, max_depth: 12, min_samples_leaf: 20 }, testFraction: 0.2 }, out.columns, out.rows);
    let t = performance.now();
    let n = 0;
    for await (const b of engine.scan(out.location, 8192)) n += b.length;
    console.log("scan only", performance.now() - t, n);
    t = performance.now();
    const data = await loadTrainingData(engine, out.location, out.columns, spec);
    console.log("load", performance.now() - t);
    t = performance.now();
    const trained = await trainPipeline(pool, data, spec, {});
    console.log("train total", performance.now() - t, "trainMs", trained.trainMs, "evalMs", trained.evaluateMs);
  } finally {
    await pool.close();
    await engine.close();
  }
}, 300_000);
