/**
 * Source steps reading local data: a registered dataset, a file of the data directory, a shipped sample, and
 * seeded synthetic rows.
 */
import path from "node:path";
import { USER_FILES_FOLDER } from "../../data/run-outputs.js";
import type { ColumnSpec, FileFormat } from "../../data/data-engine.js";
import type { StepInvocation, StepResult } from "../../engine/step-runtime.js";
import type { DatasetFormat } from "../../store/records.js";
import { ConfigReader } from "./config.js";
import { existingFileInside } from "./paths.js";
import { count, explain, failure, nodeName, outputOf, resultOf, type StepDeps } from "./step-context.js";
import { syntheticSql } from "./synthetic-data.js";

const FORMATS = ["CSV", "PARQUET", "JSON"] as const;

export async function extractFile(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const config = new ConfigReader(invocation.node);
  const userPath = config.string("path");
  const format = config.oneOf("format", FORMATS, "CSV");
  const file = await existingFileInside(
    path.join(deps.engine.dataDir, USER_FILES_FOLDER),
    userPath,
    "files directory (DATA_DIR/files)",
  );
  const csv = { header: config.boolean("header", true), delimiter: config.string("delimiter", ",") };
  return readInto(invocation, deps, { file, format, displayName: userPath, csv });
}

export async function extractDataset(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const datasetId = new ConfigReader(invocation.node).string("datasetId");
  const dataset = await deps.resolveDataset(datasetId);
  if (!dataset) throw failure(`${nodeName(invocation.node)}: dataset "${datasetId}" does not exist`);
  const samples = dataset.root === "SAMPLES";
  const root = samples ? deps.samplesDir : deps.engine.dataDir;
  const file = await existingFileInside(root, dataset.path, samples ? "samples directory" : "data directory");
  return readInto(invocation, deps, { file, format: fileFormatOf(dataset.format), displayName: dataset.path, csv: {} });
}

/** The samples Millrace ships, with their known column types (no sniffing, same types everywhere). */
export const SAMPLES: Record<string, { path: string; columns: ColumnSpec[] }> = {
  hmp: {
    path: "hmp/hmp.csv.gz",
    columns: [
      { name: "x", type: "BIGINT" },
      { name: "y", type: "BIGINT" },
      { name: "z", type: "BIGINT" },
      { name: "source", type: "VARCHAR" },
      { name: "class", type: "VARCHAR" },
    ],
  },
};

export async function extractSample(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const name = new ConfigReader(invocation.node).string("sample", "hmp");
  const sample = SAMPLES[name];
  if (!sample)
    throw failure(`${nodeName(invocation.node)}: unknown sample "${name}" (known: ${Object.keys(SAMPLES).join(", ")})`);
  const file = await existingFileInside(deps.samplesDir, sample.path, "samples directory");
  return readInto(invocation, deps, {
    file,
    format: "CSV",
    displayName: `sample ${name}`,
    csv: { header: true, columns: sample.columns },
  });
}

export async function extractSynthetic(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const config = new ConfigReader(invocation.node);
  const spec = {
    rows: config.integer("rows", 10_000),
    numericColumns: config.integer("numericColumns", 5),
    categories: config.integer("categories", 5),
    seed: config.integer("seed", 42),
  };
  if (spec.rows < 1 || spec.numericColumns < 0 || spec.categories < 1 || spec.seed < 0) {
    throw failure(
      `${nodeName(invocation.node)}: rows and categories must be at least 1, numericColumns and seed at least 0`,
    );
  }
  const output = await deps.engine
    .materialize({ sql: syntheticSql(spec), output: outputOf(invocation), signal: invocation.signal })
    .catch((error: unknown) => explain(error, invocation.node));
  invocation.log(
    "INFO",
    `generated ${count(output.rows)} rows (${spec.numericColumns} numeric columns, ${spec.categories} categories, seed ${spec.seed})`,
  );
  return resultOf(output, 0);
}

interface ReadSpec {
  file: string;
  format: FileFormat;
  displayName: string;
  csv: { header?: boolean; delimiter?: string; columns?: ColumnSpec[] };
}

async function readInto(invocation: StepInvocation, deps: StepDeps, spec: ReadSpec): Promise<StepResult> {
  const output = await deps.engine
    .readFile({
      file: spec.file,
      format: spec.format,
      csv: spec.csv,
      displayName: spec.displayName,
      output: outputOf(invocation),
      signal: invocation.signal,
    })
    .catch((error: unknown) => explain(error, invocation.node));
  invocation.progress({ rowsIn: output.rows, rowsOut: output.rows });
  invocation.log(
    "INFO",
    `read ${count(output.rows)} rows, ${output.columns.length} columns from ${spec.displayName} (${spec.format})`,
  );
  return resultOf(output, output.rows);
}

function fileFormatOf(format: DatasetFormat): FileFormat {
  return format === "CSV_GZ" ? "CSV" : format;
}
