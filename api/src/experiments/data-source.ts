/**
 * Where training data comes from: a registered dataset (a file, read into an output of its own first) or the
 * stored output of a finished pipeline step. Columns and row count are known before any row is read, so a
 * request can be checked at once.
 */
import { rm } from "node:fs/promises";
import path from "node:path";
import { BadInputError, DomainError, NotFoundError } from "../common/errors.js";
import type { ColumnSpec, DataEngine, FileFormat } from "../data/data-engine.js";
import { runFolder } from "../data/run-outputs.js";
import type { StepOutput } from "../engine/step-runtime.js";
import { existingFileInside } from "../steps/impl/paths.js";
import type { DatasetStore, RunStore } from "../store/ports.js";
import type { DatasetRecord } from "../store/records.js";

export type TrainingSource =
  | { kind: "dataset"; dataset: DatasetRecord; columns: ColumnSpec[]; rows: number }
  | { kind: "output"; runId: string; nodeId: string; output: StepOutput; columns: ColumnSpec[]; rows: number };

/** Finds the source a request names: a dataset id, or a run id and node id of a succeeded step. */
export async function resolveSource(
  deps: { datasets: DatasetStore; runs: RunStore },
  request: {
    datasetId?: string | null | undefined;
    runId?: string | null | undefined;
    nodeId?: string | null | undefined;
  },
): Promise<TrainingSource> {
  const { datasetId, runId, nodeId } = request;
  if (datasetId && (runId || nodeId))
    throw new BadInputError("datasetId", "give a datasetId or a runId and nodeId, not both");
  if (datasetId) {
    const dataset = await deps.datasets.get(datasetId);
    if (!dataset) throw new NotFoundError("Dataset", datasetId);
    return { kind: "dataset", dataset, columns: dataset.columns, rows: dataset.rowCount };
  }
  if (!runId || !nodeId)
    throw new BadInputError(
      runId ? "nodeId" : "datasetId",
      "give a datasetId, or a runId and the nodeId of a finished step",
    );
  const output = await stepOutputOf(deps.runs, runId, nodeId);
  return { kind: "output", runId, nodeId, output, columns: output.columns, rows: output.rows };
}

/** The output of a succeeded step, from its STEP_SUCCEEDED event. */
export async function stepOutputOf(runs: RunStore, runId: string, nodeId: string): Promise<StepOutput> {
  const run = await runs.get(runId);
  if (!run) throw new NotFoundError("Run", runId);
  const step = run.steps.find((s) => s.nodeId === nodeId);
  if (!step) throw new BadInputError("nodeId", `run "${runId}" has no node "${nodeId}"`);
  if (step.status !== "SUCCEEDED")
    throw new BadInputError(
      "nodeId",
      `node "${nodeId}" of run "${runId}" is ${step.status}; train on a succeeded step`,
    );
  let output: StepOutput | null = null;
  for (let after = 0; ;) {
    const page = await runs.listEvents(runId, after, 1000);
    for (const event of page) {
      if (event.type === "STEP_SUCCEEDED" && event.nodeId === nodeId)
        output = (event.payload["output"] as StepOutput | null | undefined) ?? null;
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]?.seq ?? after;
  }
  if (!output) throw new DomainError("NOT_FOUND", `node "${nodeId}" of run "${runId}" produces no table`);
  return output;
}

/**
 * The stored output to scan: a step's as is; a dataset's file read into `<runs>/<scratch>/data.parquet` first
 * (remove it with `release` when done).
 */
export async function materializeSource(
  engine: DataEngine,
  samplesDir: string,
  source: TrainingSource,
  scratch: string,
  signal?: AbortSignal,
): Promise<StepOutput> {
  if (source.kind === "output") return source.output;
  const { dataset } = source;
  const samples = dataset.source === "SAMPLE";
  const file = await existingFileInside(
    samples ? samplesDir : engine.dataDir,
    dataset.path,
    samples ? "samples directory" : "data directory",
  );
  const format: FileFormat = dataset.format === "CSV_GZ" ? "CSV" : dataset.format;
  return engine.readFile({
    file,
    format,
    csv: { header: true },
    displayName: dataset.name,
    output: { runId: scratch, nodeId: "data" },
    ...(signal ? { signal } : {}),
  });
}

/** Removes a scratch folder made by `materializeSource`. */
export async function releaseScratch(engine: DataEngine, scratch: string): Promise<void> {
  await rm(path.join(engine.dataDir, runFolder(scratch)), { recursive: true, force: true });
}
