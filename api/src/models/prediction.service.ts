/**
 * Predictions from a registered version: rows are checked against the version's input schema (errors name the
 * row and the field), encoded by the stored preprocessing and scored by the stored model.
 */
import { BadInputError } from "../common/errors.js";
import type { Cell, Table } from "../ml/index.js";
import type { ModelInputColumn, ModelRecord } from "../store/records.js";
import type { ModelRegistryService } from "./model-registry.service.js";

export const MAX_PREDICT_ROWS = 10_000;

export interface Prediction {
  label: string;
  /** One probability per class, in `classLabels` order. */
  probabilities: number[];
}

export interface PredictionResult {
  model: ModelRecord;
  classLabels: string[];
  predictions: Prediction[];
}

export class PredictionService {
  constructor(private readonly registry: ModelRegistryService) {}

  /** Predicts rows with the version `ref` names ("name@alias", "name/3", "name"). */
  async predict(ref: string, rows: readonly unknown[]): Promise<PredictionResult> {
    const record = await this.registry.resolve(ref);
    return this.predictWith(record, rows);
  }

  async predictWith(record: ModelRecord, rows: readonly unknown[]): Promise<PredictionResult> {
    if (!Array.isArray(rows) || rows.length === 0) throw new BadInputError("rows", "give at least one row");
    if (rows.length > MAX_PREDICT_ROWS)
      throw new BadInputError("rows", `at most ${MAX_PREDICT_ROWS} rows per request, got ${rows.length}`);
    const loaded = await this.registry.load(record);
    const table = rowsToTable(rows, loaded.artifact.inputSchema, "rows");
    const labels = loaded.pipeline.predict(table).map(String);
    const proba = loaded.pipeline.predictProba(table);
    const k = loaded.artifact.classLabels.length;
    const predictions = labels.map((label, i) => ({
      label,
      probabilities: Array.from({ length: k }, (_, c) => (c < proba.cols ? proba.data[i * proba.cols + c]! : 0)),
    }));
    return { model: record, classLabels: loaded.artifact.classLabels, predictions };
  }
}

/**
 * Columns for the preprocessor from JSON rows, checked against a model's input schema: every input column must
 * be present (null means missing and is imputed as in training); numbers must be finite numbers; categories
 * strings, numbers or booleans. Other fields are ignored. Errors name `<field>[row].<column>`.
 */
export function rowsToTable(
  rows: readonly unknown[],
  schema: readonly ModelInputColumn[],
  field: string,
  offset = 0,
): Table {
  const table: Record<string, Cell[]> = Object.fromEntries(schema.map((c) => [c.name, new Array<Cell>(rows.length)]));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row === null || typeof row !== "object" || Array.isArray(row))
      throw new BadInputError(`${field}[${i + offset}]`, "must be an object of column → value");
    const values = row as Record<string, unknown>;
    for (const column of schema) {
      const where = `${field}[${i + offset}].${column.name}`;
      if (!Object.hasOwn(values, column.name))
        throw new BadInputError(where, `is missing; the model needs ${describeSchema(schema)}`);
      const value = values[column.name];
      const cells = table[column.name]!;
      if (value === null) {
        cells[i] = null;
      } else if (column.kind === "NUMBER") {
        if (typeof value === "boolean") cells[i] = value ? 1 : 0;
        else if (typeof value === "number" && Number.isFinite(value)) cells[i] = value;
        else throw new BadInputError(where, `must be a finite number, got ${JSON.stringify(value) ?? typeof value}`);
      } else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        cells[i] = String(value);
      } else {
        throw new BadInputError(where, `must be a string, number or boolean category, got ${JSON.stringify(value)}`);
      }
    }
  }
  return table;
}

function describeSchema(schema: readonly ModelInputColumn[]): string {
  const shown = schema.slice(0, 12).map((c) => `${c.name} (${c.kind === "NUMBER" ? "number" : "category"})`);
  return shown.join(", ") + (schema.length > 12 ? `, … (${schema.length} columns)` : "");
}
