/**
 * Steps that write files: convert (a copy of the data in another format, in the run's folder) and load_file
 * (a file of the data directory). Both write atomically and pass their input on.
 */
import path from "node:path";
import type { FileFormat } from "../../data/data-engine.js";
import { runFile, USER_FILES_FOLDER } from "../../data/run-outputs.js";
import type { StepInvocation, StepResult } from "../../engine/step-runtime.js";
import { ConfigReader } from "./config.js";
import { writableFileInside } from "./paths.js";
import { count, explain, failure, nodeName, onlyInput, outputOf, type StepDeps } from "./step-context.js";

const FORMATS = ["CSV", "PARQUET", "JSON"] as const;
const EXTENSIONS: Record<FileFormat, string[]> = {
  CSV: [".csv"],
  PARQUET: [".parquet"],
  JSON: [".json", ".jsonl", ".ndjson"],
};

export async function convertFormat(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const format = new ConfigReader(invocation.node).oneOf("to", FORMATS, "PARQUET");
  const location = runFile(outputOf(invocation), format.toLowerCase());
  const file = path.join(deps.engine.dataDir, location);
  const written = await deps.engine
    .exportTo({ location: input.location, file, format, signal: invocation.signal })
    .catch((error: unknown) => explain(error, invocation.node));
  invocation.log(
    "INFO",
    `wrote ${count(written.rows)} rows as ${format} to ${location} (${count(written.bytes)} bytes)`,
  );
  // A Parquet copy is itself a run output; CSV and JSON copies are for people, and the data flows on unchanged.
  const output = format === "PARQUET" ? { ...input, location, bytes: written.bytes } : input;
  return { output, rowsIn: input.rows, rowsOut: written.rows, bytes: written.bytes, details: { file: location } };
}

export async function loadFile(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const input = onlyInput(invocation);
  const config = new ConfigReader(invocation.node);
  const userPath = config.string("path");
  const format = config.oneOf("format", FORMATS, "PARQUET");
  const file = await writableFileInside(
    path.join(deps.engine.dataDir, USER_FILES_FOLDER),
    userPath,
    "files directory (DATA_DIR/files)",
  );
  // The extension must match the format: this also keeps a pipeline from overwriting the store's database files.
  if (!EXTENSIONS[format].some((ext) => file.toLowerCase().endsWith(ext))) {
    throw failure(
      `${nodeName(invocation.node)}: a ${format} file name must end with ${EXTENSIONS[format].join(" or ")}, got "${userPath}"`,
      { file: userPath },
    );
  }
  const written = await deps.engine
    .exportTo({ location: input.location, file, format, signal: invocation.signal })
    .catch((error: unknown) => explain(error, invocation.node));
  invocation.log("INFO", `wrote ${count(written.rows)} rows to ${userPath} (${format}, ${count(written.bytes)} bytes)`);
  return {
    output: input,
    rowsIn: input.rows,
    rowsOut: written.rows,
    bytes: written.bytes,
    details: { file: userPath },
  };
}
