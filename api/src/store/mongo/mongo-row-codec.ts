/**
 * Rows <-> documents for the Mongo row collections. `_id` is the row's seq (load order) and `_l` its loadId; each
 * column is a field named "c" + the column name with its unsafe characters percent-escaped. The prefix keeps every
 * field clear of `_id`/`_l`, non-empty and never `$`-leading; the escapes cover what MongoDB forbids ('.', '$',
 * NUL) and what FerretDB 1.24 stores unescaped in its SQLite JSON and then cannot read back ('"', '\\', control
 * characters). '%' itself is escaped, so decoding is exact.
 */
import type { Document, Filter } from "mongodb";
import type { DataRow } from "../ports.js";

export interface RowDoc extends Document {
  _id: number;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const UNSAFE = /[%.$"\\\u0000-\u001f]/g;
const ESCAPE = /%([0-9A-F]{2})/g;
/** Column names repeat on every row: escaping each once is most of the encoding cost saved. */
const MAX_CACHED_FIELDS = 10_000;
const fields = new Map<string, string>();

export function fieldOf(column: string): string {
  let field = fields.get(column);
  if (field === undefined) {
    if (fields.size >= MAX_CACHED_FIELDS) fields.clear();
    field = `c${column.replace(UNSAFE, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}`;
    fields.set(column, field);
  }
  return field;
}

function columnOf(field: string): string {
  const escaped = field.slice(1);
  return escaped.includes("%")
    ? escaped.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : escaped;
}

export function encodeRow(seq: number, row: DataRow, loadId?: string): RowDoc {
  const doc: RowDoc = loadId === undefined ? { _id: seq } : { _id: seq, _l: loadId };
  for (const [column, value] of Object.entries(row)) doc[fieldOf(column)] = value;
  return doc;
}

/** Built with fromEntries, so a column named "__proto__" stays an own property instead of setting the prototype. */
export function decodeRow(doc: Document): DataRow {
  const entries: [string, DataRow[string]][] = [];
  for (const [field, value] of Object.entries(doc)) {
    if (field.startsWith("c")) entries.push([columnOf(field), value as DataRow[string]]);
  }
  return Object.fromEntries(entries);
}

/** Checked scalar values, each under an explicit $eq: no value can be read as an operator. */
export function rowFilter(filter: readonly [string, DataRow[string]][]): Filter<RowDoc> {
  return Object.fromEntries(filter.map(([column, value]) => [fieldOf(column), { $eq: value }]));
}
