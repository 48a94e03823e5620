/**
 * Record <-> row conversion for the SQLite adapter. A row is (id, created_at in epoch ms, doc as JSON text).
 * Dates become epoch milliseconds so they compare as instants in SQL; opaque fields become JSON text inside the
 * doc, so neither the date revival below nor any json_extract ever looks inside user-shaped JSON.
 */
import type { CollectionSpec, Scalar } from "../collections.js";

export interface Row {
  id: string;
  created_at: number;
  doc: string;
}

type Doc = Record<string, unknown>;

export interface RowCodec {
  encode(record: { id: string; createdAt: Date }): Row;
  /** Encodes the doc part only (everything but id and createdAt). */
  encodeDoc(fields: object): string;
  decode(row: Row): Doc & { id: string; createdAt: Date };
}

export function rowCodec(spec: Pick<CollectionSpec<unknown>, "dateKeys" | "opaque">): RowCodec {
  const dateKeys = new Set(spec.dateKeys);
  const opaque = new Set(spec.opaque);

  const encodeDoc = (fields: object): string => {
    const doc: Doc = {};
    for (const [key, value] of Object.entries(fields)) {
      if (key === "id" || key === "createdAt" || value === undefined) continue;
      doc[key] = opaque.has(key) ? JSON.stringify(value) : datesToMillis(value);
    }
    return JSON.stringify(doc);
  };

  return {
    encodeDoc,
    encode(record) {
      return { id: record.id, created_at: record.createdAt.getTime(), doc: encodeDoc(record) };
    },
    decode(row) {
      const doc = JSON.parse(row.doc) as Doc;
      const record: Doc = { id: row.id, createdAt: new Date(row.created_at) };
      for (const [key, value] of Object.entries(doc)) {
        record[key] =
          opaque.has(key) && typeof value === "string" ? JSON.parse(value) : reviveDates(value, key, dateKeys);
      }
      return record as Doc & { id: string; createdAt: Date };
    },
  };
}

/** Replaces every Date with its epoch milliseconds (the JSON form this adapter stores). */
export function datesToMillis(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(datesToMillis);
  if (value !== null && typeof value === "object") {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = datesToMillis(v);
    return out;
  }
  return value;
}

function reviveDates(value: unknown, key: string, dateKeys: ReadonlySet<string>): unknown {
  if (typeof value === "number" && dateKeys.has(key)) return new Date(value);
  if (Array.isArray(value)) return value.map((item) => reviveDates(item, key, dateKeys));
  if (value !== null && typeof value === "object") {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value)) out[k] = reviveDates(v, k, dateKeys);
    return out;
  }
  return value;
}

/** A filter value as SQLite binds it: better-sqlite3 cannot bind booleans or Dates. */
export function sqlValue(value: Scalar): string | number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}
