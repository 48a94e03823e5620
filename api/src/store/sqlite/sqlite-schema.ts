/**
 * Tables and indexes of the SQLite adapter, created idempotently at open.
 */
import type Database from "better-sqlite3";
import type { CollectionSpec } from "../collections.js";
import { fieldExpr, identifier } from "./sqlite-sql.js";

export function createCollectionSchema<F>(db: Database.Database, spec: CollectionSpec<F>): void {
  const table = identifier(spec.name);
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, doc TEXT NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${identifier(`${spec.name}_by_created`)} ON ${table} (created_at DESC, id DESC)`,
    ...spec.indexes.map(
      (fields) =>
        `CREATE INDEX IF NOT EXISTS ${indexName(spec.name, fields, "by")} ON ${table} ` +
        `(${fields.map(fieldExpr).join(", ")}, created_at DESC, id DESC)`,
    ),
    ...spec.unique.map(
      (fields) =>
        `CREATE UNIQUE INDEX IF NOT EXISTS ${indexName(spec.name, fields, "unique")} ON ${table} ` +
        `(${fields.map(fieldExpr).join(", ")})`,
    ),
  ];
  db.transaction(() => {
    for (const sql of statements) db.exec(sql);
  })();
}

export function createRunEventsSchema(db: Database.Database): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS run_events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, doc TEXT NOT NULL, " +
      "PRIMARY KEY (run_id, seq)) WITHOUT ROWID",
  );
}

function indexName(table: string, fields: readonly string[], kind: string): string {
  return identifier(`${table}_${kind}_${fields.join("_")}`);
}
