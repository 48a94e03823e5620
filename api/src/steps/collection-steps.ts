/**
 * Steps that move rows between the data engine and the store's row collections: load_collection (replace,
 * append, upsert — retries never duplicate) and extract_collection (equality filter).
 */
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { finished } from "node:stream/promises";
import type { DataEngine, JsonRow } from "../data/data-engine.js";
import type { StepInvocation, StepResult } from "../engine/step-runtime.js";
import type { DataRow, RowCollectionStore } from "../store/ports.js";
import { explain, failure, nodeName, onlyInput } from "./impl/step-context.js";

export interface CollectionStepDeps {
  engine: DataEngine;
  rows: RowCollectionStore;
}

const BATCH = 5000;

/** load_collection: writes the input's rows into a collection and passes the input on. */
export async function loadCollection(invocation: StepInvocation, deps: CollectionStepDeps): Promise<StepResult> {
  const { node } = invocation;
  const input = onlyInput(invocation);
  const collection = String(node.config["collection"]);
  const mode = (node.config["mode"] as string | undefined) ?? "REPLACE";
  const key = (node.config["key"] as string[] | undefined) ?? [];
  const missing = key.filter((k) => !input.columns.some((c) => c.name === k));
  if (missing.length > 0)
    throw failure(`${nodeName(node)}: upsert key column "${missing[0]}" is not in the input`, {
      column: missing[0] as string,
    });
  if (mode === "UPSERT" && key.length === 0) throw failure(`${nodeName(node)}: UPSERT needs at least one key column`);

  let loaded = 0;
  const batches = readBatches(deps.engine, input.location, invocation, (n) => {
    loaded += n;
    invocation.progress({ rowsIn: loaded, rowsOut: loaded });
  });
  try {
    let written: number;
    if (mode === "APPEND") written = await deps.rows.append(collection, `${invocation.runId}/${node.id}`, batches);
    else if (mode === "UPSERT") written = await deps.rows.upsert(collection, key, batches);
    else written = await deps.rows.replace(collection, batches);
    invocation.log("INFO", `${mode.toLowerCase()}d ${written} rows into collection "${collection}"`);
    return { output: input, rowsIn: input.rows, rowsOut: written, bytes: input.bytes, details: { collection, mode } };
  } catch (error) {
    return explain(error, node, `loading into collection "${collection}"`);
  }
}

/** extract_collection: reads the rows of a collection (optionally filtered by field equality) into the run. */
export async function extractCollection(invocation: StepInvocation, deps: CollectionStepDeps): Promise<StepResult> {
  const { node } = invocation;
  const collection = String(node.config["collection"]);
  const filter = (node.config["filter"] as DataRow | undefined) ?? {};
  const total = await deps.rows.count(collection, filter);
  if (total === 0 && (await deps.rows.list()).every((c) => c.name !== collection)) {
    throw failure(`${nodeName(node)}: collection "${collection}" does not exist (load into it first)`);
  }
  // The rows go through a newline-delimited JSON file of the run, which the engine reads like any other file.
  const target = { runId: invocation.runId, nodeId: node.id };
  const staging = path.join(
    deps.engine.dataDir,
    path.dirname(deps.engine.outputLocation(target)),
    `${node.id}.collection.ndjson`,
  );
  await mkdir(path.dirname(staging), { recursive: true });
  try {
    const out = createWriteStream(staging);
    let read = 0;
    for await (const batch of deps.rows.scan(collection, filter, BATCH)) {
      if (invocation.signal.aborted) throw invocation.signal.reason;
      const text = batch.map((row) => JSON.stringify(row)).join("\n");
      if (text.length > 0 && !out.write(`${text}\n`))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      read += batch.length;
      invocation.progress({ rowsIn: read });
    }
    out.end();
    await finished(out);
    if (read === 0) throw failure(`${nodeName(node)}: no row of collection "${collection}" matches the filter`);
    const output = await deps.engine.readFile({
      file: staging,
      format: "JSON",
      output: target,
      signal: invocation.signal,
      displayName: `collection ${collection}`,
    });
    invocation.log("INFO", `read ${read} rows from collection "${collection}"`);
    return { output, rowsIn: read, rowsOut: output.rows, bytes: output.bytes };
  } catch (error) {
    return explain(error, node, `reading collection "${collection}"`);
  } finally {
    await rm(staging, { force: true });
  }
}

/** The rows of a stored output in batches, in file order, streamed from the data engine. */
async function* readBatches(
  engine: DataEngine,
  location: string,
  invocation: StepInvocation,
  onBatch: (n: number) => void,
): AsyncGenerator<DataRow[]> {
  for await (const page of engine.scan(location, BATCH, { signal: invocation.signal })) {
    onBatch(page.length);
    yield page.map(toDataRow);
  }
}

/** Nested values (lists, structs) are kept as JSON text: a collection row holds scalars only. */
function toDataRow(row: JsonRow): DataRow {
  const out: DataRow = {};
  for (const [name, value] of Object.entries(row))
    out[name] = value !== null && typeof value === "object" ? JSON.stringify(value) : value;
  return out;
}
