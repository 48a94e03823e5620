/**
 * Record <-> document conversion for the Mongo adapter. `_id` is the record id; Dates stay BSON dates; opaque
 * fields are stored as JSON text because their keys ("$where", "a.b") are not legal or not safe as BSON field
 * names (FerretDB rejects them outright) and must never be read as operators.
 */
import type { Document } from "mongodb";
import type { CollectionSpec } from "../collections.js";

/** A stored record: `_id` is the record id, a string. */
export interface RecordDoc extends Document {
  _id: string;
}

export interface DocCodec {
  encode(record: { id: string }): RecordDoc;
  /** Top-level fields to `$set`, opaque ones as text. */
  encodeFields(fields: Record<string, unknown>): Document;
  decode(doc: RecordDoc): Record<string, unknown> & { id: string; createdAt: Date };
}

export function docCodec(spec: Pick<CollectionSpec<unknown>, "name" | "opaque">): DocCodec {
  const opaque = new Set(spec.opaque);

  const encodeFields = (fields: object): Document => {
    const doc: Document = {};
    for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
      if (value === undefined) continue;
      doc[key] = opaque.has(key) ? JSON.stringify(value) : value;
    }
    return doc;
  };

  return {
    encodeFields,
    encode(record) {
      const { id, ...fields } = record;
      return { _id: id, ...encodeFields(fields) };
    },
    decode(doc) {
      const { _id, ...fields } = doc;
      const record: Record<string, unknown> = { id: _id };
      for (const [key, value] of Object.entries(fields)) {
        record[key] = opaque.has(key) && typeof value === "string" ? JSON.parse(value) : value;
      }
      return record as Record<string, unknown> & { id: string; createdAt: Date };
    },
  };
}
