/**
 * Prepared statements keyed by their SQL text. Filters produce a small, fixed set of SQL shapes (list lengths are
 * bound as one JSON parameter), so the cache stays small without eviction.
 */
import type Database from "better-sqlite3";

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
