/** Small data sets for the ML tests, written as datasets of a running test server. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { summarizeCsv } from "../../../api/src/datasets/csv-sniff.js";
import { Rng } from "../../../api/src/ml/index.js";
import type { TestServer } from "../../support/millrace.js";

export type Row = Record<string, string | number | null>;

/**
 * Gaussian blobs: `classes` classes ("c0", "c1"…) around separated centres, `features` numeric columns f0..,
 * a group column ("g<k>", `perGroup` rows each, one class per group) and a category column.
 */
export function blobs(options: {
  rows: number;
  features?: number;
  classes?: number;
  seed?: number;
  perGroup?: number;
  spread?: number;
}): Row[] {
  const { rows, features = 4, classes = 3, seed = 1, perGroup = 10, spread = 1 } = options;
  const rng = new Rng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => rng.normal() * 3));
  const out: Row[] = [];
  for (let i = 0; i < rows; i++) {
    const group = Math.floor(i / perGroup);
    const c = group % classes;
    const row: Row = {};
    for (let f = 0; f < features; f++) row[`f${f}`] = +(centres[c]![f]! + rng.normal() * spread).toFixed(6);
    row["colour"] = ["red", "green", "blue"][rng.int(3)]!;
    row["group"] = `g${group}`;
    row["label"] = `c${c}`;
    out.push(row);
  }
  return out;
}

export function toCsv(rows: readonly Row[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const cell = (v: string | number | null): string => (v === null ? "" : String(v));
  return [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c] ?? null)).join(","))].join("\n") + "\n";
}

/** Writes rows as a CSV dataset of the server (as an upload would) and returns its id. */
export async function addDataset(server: TestServer, name: string, rows: readonly Row[] | string): Promise<string> {
  const id = `ds-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const relative = `uploads/${id}.csv`;
  const file = path.join(server.dataDir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof rows === "string" ? rows : toCsv(rows));
  const summary = await summarizeCsv(file, { gzip: false });
  const now = new Date();
  await server.app.stores.datasets.insert({
    id,
    name,
    description: "",
    format: "CSV",
    path: relative,
    source: "UPLOAD",
    ...summary,
    createdAt: now,
    updatedAt: now,
  });
  return id;
}
