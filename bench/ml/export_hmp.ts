// HMP windows for bench/ml: the shipped HMP sample, cut by the engine's window step (its SQL, in the same DuckDB
// engine) into 64-row windows every 32 rows per recording, split by recording as the train step splits
// (stratifiedGroupShuffleSplit, 20% of recordings, seed 42), written as hmp_train.csv / hmp_test.csv in
// export_datasets.py's layout (f0..f12,label,group; numbers printed to round-trip exactly).
// Usage: node --import tsx bench/ml/export_hmp.ts OUT_DIR
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { JsonRow } from "../../api/src/data/data-engine.js";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import { stratifiedGroupShuffleSplit } from "../../api/src/ml/model-selection.js";
import { HMP_WINDOW_FEATURES, HMP_WINDOW_SPEC } from "../../api/src/seed/demo-pipelines.js";
import { SAMPLES } from "../../api/src/steps/impl/extract-steps.js";
import { ROW } from "../../api/src/steps/impl/materialize.js";
import { windowSql } from "../../api/src/steps/impl/window-step.js";

const FEATURES = HMP_WINDOW_FEATURES;

async function main(): Promise<void> {
  const outDir = process.argv[2];
  if (!outDir) throw new Error("usage: export_hmp.ts OUT_DIR");
  const samplesDir = fileURLToPath(new URL("../../data/", import.meta.url));
  const work = await mkdtemp(path.join(tmpdir(), "millrace-hmp-"));
  const engine = await openDuckDbEngine({ dataDir: work, samplesDir });
  try {
    const sample = SAMPLES["hmp"]!;
    const readings = await engine.readFile({
      file: path.join(samplesDir, sample.path),
      format: "CSV",
      csv: { header: true, columns: sample.columns },
      output: { runId: "bench", nodeId: "extract" },
    });
    const windows = await engine.materialize({
      sql: windowSql(HMP_WINDOW_SPEC),
      inputs: { input: readings.location },
      rowNumberColumn: ROW,
      output: { runId: "bench", nodeId: "windows" },
    });
    const rows: JsonRow[] = [];
    for await (const batch of engine.scan(windows.location, 4096)) rows.push(...batch);
    const text = (r: JsonRow, column: string): string => {
      const value = r[column];
      if (typeof value !== "string") throw new Error(`HMP windows: ${column} is not text`);
      return value;
    };
    const classes = [...new Set(rows.map((r) => text(r, "class")))].sort();
    const y = Int32Array.from(rows, (r) => classes.indexOf(text(r, "class")));
    const groups = rows.map((r) => text(r, "source"));
    const split = stratifiedGroupShuffleSplit(y, groups, { testFraction: 0.2, seed: 42 });
    const header = [...FEATURES.map((_, j) => `f${j}`), "label", "group"].join(",");
    const csv = (index: ArrayLike<number>): string => {
      const lines = [header];
      for (let k = 0; k < index.length; k++) {
        const i = index[k]!;
        const r = rows[i]!;
        // Recording names are file names without commas.
        lines.push([...FEATURES.map((f) => String(Number(r[f]))), String(y[i]), groups[i]!].join(","));
      }
      return `${lines.join("\n")}\n`;
    };
    await writeFile(path.join(outDir, "hmp_train.csv"), csv(split.train));
    await writeFile(path.join(outDir, "hmp_test.csv"), csv(split.test));
    console.log(
      `hmp: ${rows.length} windows of ${new Set(groups).size} recordings, ${classes.length} activities; ` +
        `${split.train.length} train, ${split.test.length} test`,
    );
  } finally {
    await engine.close();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
