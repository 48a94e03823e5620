import { stat } from "node:fs/promises";
import path from "node:path";
import type { DataEngine } from "../data/data-engine.js";
import type { StepOutput } from "../engine/step-runtime.js";
import { existingFileInside } from "../steps/impl/paths.js";
import type { DatasetRecord } from "../store/records.js";

/** Run-folder name under which datasets are read into Parquet for checks and profiles (retention may drop it). */
const DATASET_TABLES = "dataset-tables";

/**
 * A dataset as a stored table the data engine can query (validations, profiles): its file is read into Parquet
 * once per dataset version, and that copy is reused while it exists.
 */
export async function datasetTable(
  engine: DataEngine,
  samplesDir: string,
  dataset: DatasetRecord,
  signal?: AbortSignal,
): Promise<StepOutput> {
  const output = { runId: DATASET_TABLES, nodeId: `${dataset.id}-${dataset.updatedAt.getTime()}` };
  const location = engine.outputLocation(output);
  const existing = await stat(path.join(engine.dataDir, location)).catch(() => null);
  if (existing) {
    const [count] = await engine.query("SELECT count(*) AS n FROM input", { input: location });
    const columns = await engine.describe("SELECT * FROM input", { input: location });
    return { location, rows: Number(count?.["n"] ?? 0), bytes: existing.size, columns };
  }
  const sample = dataset.source === "SAMPLE";
  const file = await existingFileInside(
    sample ? samplesDir : engine.dataDir,
    dataset.path,
    sample ? "samples directory" : "data directory",
  );
  return engine.readFile({
    file,
    format: dataset.format === "CSV_GZ" ? "CSV" : dataset.format,
    output,
    displayName: dataset.name,
    ...(signal ? { signal } : {}),
  });
}
