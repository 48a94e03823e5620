/**
 * Installation facts as key-value rows.
 */
/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; `async` keeps the port's
   promise that failures arrive as rejections, never as synchronous throws. */
import type Database from "better-sqlite3";
import type { MetaStore } from "../ports.js";
import type { StatementCache } from "./statement-cache.js";

export function createMetaSchema(db: Database.Database): void {
  db.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
}

export class SqliteMetaStore implements MetaStore {
  constructor(private readonly statements: StatementCache) {}

  async get(key: string): Promise<string | null> {
    const row = this.statements.get("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.statements
      .get("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(key, value);
  }
}
