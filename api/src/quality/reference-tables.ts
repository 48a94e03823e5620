/**
 * Reference tables for referential rules in pipelines: a rule's `reference` names a registered dataset, which
 * is read (once per step run) into a Parquet file of the run, so the evaluation query can join it like any
 * other named input. Retention removes it with the run's other outputs.
 */
import { createHash } from "node:crypto";
import type { FileFormat } from "../data/data-engine.js";
import { existingFileInside } from "../steps/impl/paths.js";
import type { StepDeps } from "../steps/impl/step-context.js";
import type { ReferenceContext } from "./validate-step.js";

/**
 * A `resolveReference` for the validate step that reads the dataset whose id is the reference; null when no
 * dataset has that id (the rule is then refused as a config error).
 */
export function datasetReferences(
  deps: Pick<StepDeps, "engine" | "samplesDir" | "resolveDataset">,
): (reference: string, context: ReferenceContext) => Promise<string | null> {
  return async (reference, context) => {
    const dataset = await deps.resolveDataset(reference);
    if (!dataset) return null;
    const samples = dataset.root === "SAMPLES";
    const root = samples ? deps.samplesDir : deps.engine.dataDir;
    const file = await existingFileInside(root, dataset.path, samples ? "samples directory" : "data directory");
    const format: FileFormat = dataset.format === "CSV_GZ" ? "CSV" : dataset.format;
    // Node ids may be 64 characters already: a hash keeps the file name a valid, stable id per node and dataset.
    const nodeId = `ref-${createHash("sha256").update(`${context.nodeId}\n${reference}`).digest("hex").slice(0, 24)}`;
    const output = await deps.engine.readFile({
      file,
      format,
      displayName: dataset.path,
      output: { runId: context.runId, nodeId },
      signal: context.signal,
    });
    return output.location;
  };
}
