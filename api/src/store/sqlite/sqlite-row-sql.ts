/**
 * SQL of the SQLite row collections. Each generation of a collection is one table (seq, load_id, ks, k, doc):
 * `doc` is the row as JSON text, so any column name is just a JSON key; `ks`/`k` are the key signature and the
 * row's identity under it, filled by upserts; `load_id` tags appended rows.
 */
import type Database from "better-sqlite3";
import type { DataRow } from "../ports.js";
import { storedRowKey } from "../row-rules.js";
import { identifier } from "./sqlite-sql.js";

const ROW_KEY = "millrace_row_key";

export function createRowCatalogSchema(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS row_collections (name TEXT PRIMARY KEY, tbl TEXT NOT NULL) WITHOUT ROWID");
}

/** Registers the row identity function the upsert backfill uses; once per connection. */
export function registerRowFunctions(db: Database.Database): void {
  db.function(ROW_KEY, { deterministic: true }, (doc: unknown, key: unknown) => {
    if (typeof doc !== "string" || typeof key !== "string") return null;
    return storedRowKey(JSON.parse(doc) as Record<string, unknown>, JSON.parse(key) as string[]);
  });
}

/**
 * DDL of a generation table. `seq` is the rowid (load order, cheapest insert). Rows loaded by replace have NULL
 * load_id, ks and k, so they only append at the end of the two indexes: a replace pays almost nothing for them.
 */
export function rowTableDdl(tbl: string): string[] {
  const t = identifier(tbl);
  return [
    `CREATE TABLE ${t} (seq INTEGER PRIMARY KEY, load_id TEXT, ks TEXT, k TEXT, doc TEXT NOT NULL)`,
    `CREATE INDEX ${identifier(`${tbl}__load`)} ON ${t} (load_id) WHERE load_id IS NOT NULL`,
    `CREATE INDEX ${identifier(`${tbl}__key`)} ON ${t} (ks, k)`,
  ];
}

export interface RowSql {
  insert: string;
  deleteLoad: string;
  /**
   * Gives every row not yet keyed under the signature `@ks` its identity (the OR form lets SQLite use the index,
   * so once keyed, a collection costs nothing here).
   */
  backfillKeys: string;
  deleteKey: string;
  count(where: RowWhere): string;
  /** Params: after seq, the where params, limit. */
  page(where: RowWhere): string;
}

export function rowSql(tbl: string): RowSql {
  const t = identifier(tbl);
  return {
    insert: `INSERT INTO ${t} (load_id, ks, k, doc) VALUES (?, ?, ?, ?)`,
    deleteLoad: `DELETE FROM ${t} WHERE load_id = ?`,
    backfillKeys: `UPDATE ${t} SET ks = @ks, k = ${ROW_KEY}(doc, @ks) WHERE ks IS NULL OR ks < @ks OR ks > @ks`,
    deleteKey: `DELETE FROM ${t} WHERE ks = ? AND k = ?`,
    count: (where) => `SELECT count(*) AS n FROM ${t} AS r${whereSql(where.conditions)}`,
    page: (where) => `SELECT seq, doc FROM ${t} AS r${whereSql(["seq > ?", ...where.conditions])} ORDER BY seq LIMIT ?`,
  };
}

export interface RowWhere {
  conditions: string[];
  params: (string | number)[];
}

function whereSql(conditions: readonly string[]): string {
  return conditions.length === 0 ? "" : ` WHERE ${conditions.join(" AND ")}`;
}

/**
 * Equality on the columns of `r.doc`. Column names are bound values compared with json_each's decoded keys (never
 * spliced into a JSON path), and types are compared too, so like MongoDB 1 ≠ "1" ≠ true. Null matches null or an
 * absent column, as MongoDB's {$eq: null} does.
 */
export function rowWhere(filter: readonly [string, DataRow[string]][]): RowWhere {
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const has = (condition: string) => `EXISTS (SELECT 1 FROM json_each(r.doc) WHERE key = ? AND ${condition})`;
  for (const [column, value] of filter) {
    if (value === null) {
      conditions.push(`NOT ${has("type <> 'null'")}`);
      params.push(column);
    } else if (typeof value === "boolean") {
      conditions.push(has("type = ?"));
      params.push(column, value ? "true" : "false");
    } else if (typeof value === "number") {
      conditions.push(has("type IN ('integer', 'real') AND atom = ?"));
      params.push(column, value);
    } else {
      conditions.push(has("type = 'text' AND atom = ?"));
      params.push(column, value);
    }
  }
  return { conditions, params };
}
