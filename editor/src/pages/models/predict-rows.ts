/**
 * The try-a-prediction form as data: rows typed as JSON or filled in a form generated from the version's input
 * schema, and the API's refusals mapped back to the row and field they name. Pure.
 */

export interface InputColumn {
  name: string;
  kind: "NUMBER" | "CATEGORY";
  categories?: readonly string[] | null;
}

export type RowsParse = { ok: true; rows: Array<Record<string, unknown>> } | { ok: false; error: string };

/** JSON text as prediction rows: one object or an array of objects. */
export function parseRowsJson(text: string): RowsParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const rows = Array.isArray(value) ? (value as unknown[]) : [value];
  if (rows.length === 0) return { ok: false, error: "Give at least one row." };
  const bad = rows.findIndex((r) => r === null || typeof r !== "object" || Array.isArray(r));
  if (bad !== -1) return { ok: false, error: `Row ${bad + 1} is not an object of column → value.` };
  return { ok: true, rows: rows as Array<Record<string, unknown>> };
}

/** One row from the generated form: numbers parsed, empty fields sent as null (imputed as in training). */
export function rowFromForm(
  schema: readonly InputColumn[],
  values: Readonly<Record<string, string>>,
): { ok: true; row: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const row: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const column of schema) {
    const text = (values[column.name] ?? "").trim();
    if (text === "") row[column.name] = null;
    else if (column.kind === "NUMBER") {
      const n = Number(text);
      if (Number.isFinite(n)) row[column.name] = n;
      else errors[column.name] = "must be a number";
    } else row[column.name] = text;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, row };
}

/** An example row for the JSON box: the first category, or 0, per column. */
export function exampleRow(schema: readonly InputColumn[]): Record<string, unknown> {
  return Object.fromEntries(schema.map((c) => [c.name, c.kind === "NUMBER" ? 0 : (c.categories?.[0] ?? "")]));
}

/** Where a refusal points: `rows[2].x` → row 2 (0-based), column x; `rows[1]` → row 1; `rows` → neither. */
export function locateField(field: string): { row: number | null; column: string | null } {
  const match = /^rows(?:\[(\d+)\])?(?:\.(.+))?$/.exec(field);
  if (match === null) return { row: null, column: null };
  return { row: match[1] !== undefined ? Number(match[1]) : null, column: match[2] ?? null };
}

/** A prediction's classes by probability, most likely first. */
export function rankedProbabilities(
  labels: readonly string[],
  probabilities: readonly number[],
): Array<{ label: string; probability: number }> {
  return labels
    .map((label, i) => ({ label, probability: probabilities[i] ?? 0 }))
    .sort((a, b) => b.probability - a.probability || a.label.localeCompare(b.label));
}
