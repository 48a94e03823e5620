/**
 * Reads the rows a training needs from a stored output (DataEngine.scan, batch by batch) into columns, checks
 * them (finite numbers, a label on every row, at least two classes, enough groups) and fingerprints them.
 */
import { createHash } from "node:crypto";
import { BadInputError } from "../common/errors.js";
import type { DataEngine, JsonValue } from "../data/data-engine.js";
import type { Cell, Table } from "../ml/index.js";
import { columnsOf, isNumericType, type TrainingSpec } from "./training-spec.js";

export interface TrainingData {
  /** Feature and target columns by name (the group column is in `groups`). */
  table: Table;
  /** Target labels, one per row. */
  labels: (string | number)[];
  /** Group keys, one per row, when the spec has a group column. */
  groups: string[] | null;
  rows: number;
  /** sha256 of the columns used, row by row in stored order: equal data gives an equal fingerprint. */
  fingerprint: string;
  /** Distinct labels, sorted. */
  classes: (string | number)[];
}

const BATCH_ROWS = 8192;

export async function loadTrainingData(
  engine: DataEngine,
  location: string,
  columns: ReadonlyArray<{ name: string; type: string }>,
  spec: TrainingSpec,
  options: { signal?: AbortSignal; onRows?: (rows: number) => void } = {},
): Promise<TrainingData> {
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const numeric = new Set(
    spec.features.filter((f) => !spec.categorical.includes(f) && isNumericType(typeOf.get(f) ?? "")),
  );
  const used = columnsOf(spec);
  const cells: Record<string, Cell[]> = Object.fromEntries(spec.features.map((f) => [f, [] as Cell[]]));
  const labels: (string | number)[] = [];
  const groups: string[] | null = spec.groupBy !== null ? [] : null;
  const hash = createHash("sha256").update(JSON.stringify(used)).update("\n");
  let row = 0;
  for await (const batch of engine.scan(location, BATCH_ROWS, options.signal ? { signal: options.signal } : {})) {
    for (const record of batch) {
      hash.update(JSON.stringify(used.map((c) => record[c] ?? null))).update("\n");
      for (const f of spec.features) {
        const value = record[f] ?? null;
        cells[f]!.push(numeric.has(f) ? numberCell(value, f, row) : categoryCell(value));
      }
      labels.push(labelOf(record[spec.target] ?? null, spec.target, row));
      if (groups && spec.groupBy !== null) {
        const g = record[spec.groupBy] ?? null;
        if (g === null || g === "")
          throw new BadInputError("groupBy", `row ${row} has no value in "${spec.groupBy}"; every row needs a group`);
        groups.push(typeof g === "string" ? g : JSON.stringify(g));
      }
      row++;
    }
    options.onRows?.(row);
  }
  const classes = [...new Set(labels)].sort(compareLabels);
  if (row === 0) throw new BadInputError("target", "the data has no rows");
  if (classes.length < 2) {
    throw new BadInputError(
      "target",
      `"${spec.target}" has a single class (${JSON.stringify(classes[0])}); at least two are needed`,
    );
  }
  const folds = spec.split.folds;
  if (folds !== null && row < folds) throw new BadInputError("cvFolds", `${row} rows are fewer than ${folds} folds`);
  if (groups) {
    const distinct = new Set(groups).size;
    const needed = folds ?? 2;
    if (distinct < needed) {
      throw new BadInputError(
        "groupBy",
        `"${spec.groupBy}" has ${distinct} distinct value${distinct === 1 ? "" : "s"}; ${folds !== null ? `${folds} folds need` : "a split by group needs"} at least ${needed}`,
      );
    }
  }
  const table: Record<string, ReadonlyArray<Cell>> = { ...cells, [spec.target]: labels };
  return { table, labels, groups, rows: row, fingerprint: `sha256:${hash.digest("hex")}`, classes };
}

function numberCell(value: JsonValue, column: string, row: number): number | null {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const n = Number(value);
    if (value.trim() !== "" && Number.isFinite(n)) return n;
    throw new BadInputError(
      column,
      `row ${row} is ${value}; features must be finite numbers (filter those rows or fill them first)`,
    );
  }
  throw new BadInputError(column, `row ${row} holds a ${Array.isArray(value) ? "list" : "structure"}, not a number`);
}

function categoryCell(value: JsonValue): string | null {
  if (value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

function labelOf(value: JsonValue, target: string, row: number): string | number {
  if (value === null || value === "")
    throw new BadInputError("target", `row ${row} has no value in "${target}"; filter unlabeled rows first`);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new BadInputError("target", `row ${row} is ${value}`);
    return value;
  }
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Labels in class-id order: numbers numerically, anything else as strings (as the preprocessor sorts them). */
export function compareLabels(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
