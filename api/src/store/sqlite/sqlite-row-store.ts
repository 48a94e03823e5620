/**
 * Row collections in SQLite. A catalog row (name → table) points at the collection's current generation table.
 *
 * replace loads a fresh table, one transaction per chunk (better-sqlite3 transactions cannot span the awaits
 * between batches), then repoints the catalog and drops the old table in one transaction: readers see the old
 * rows or the new ones, and a failed load only ever touched its own table. append and upsert write to the current
 * table, one IMMEDIATE transaction per chunk; if the collection is replaced under them they fail with CONFLICT
 * rather than split their rows over two generations. scan pages by seq, each page checking the generation, so a
 * scan never mixes two generations either.
 */
/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; `async` keeps the port's
   promise that failures arrive as rejections, never as synchronous throws. */
import type Database from "better-sqlite3";
import { DomainError } from "../../common/errors.js";
import type { DataRow, RowCollectionStore } from "../ports.js";
import {
  checkBatchSize,
  checkCollection,
  checkFilter,
  checkKey,
  checkLoadId,
  isStaleGeneration,
  newPhysicalName,
  rechunk,
  rowKey,
} from "../row-rules.js";
import { rowSql, rowTableDdl, rowWhere, type RowWhere } from "./sqlite-row-sql.js";
import { identifier } from "./sqlite-sql.js";
import type { StatementCache } from "./statement-cache.js";

/** Rows per write transaction: large enough to amortise the commit, small enough to keep the lock short. */
const CHUNK_ROWS = 5_000;
/** Statements on generation tables change with every replace; past this many the cache starts over. */
const MAX_TABLE_STATEMENTS = 256;
const NO_FILTER: RowWhere = { conditions: [], params: [] };

interface PageRow {
  seq: number;
  doc: string;
}

export class SqliteRowStore implements RowCollectionStore {
  private readonly tableStatements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
  ) {}

  async replace(collection: string, batches: AsyncIterable<DataRow[]>): Promise<number> {
    checkCollection(collection);
    const tbl = newPhysicalName(collection);
    this.db
      .transaction(() => {
        for (const sql of rowTableDdl(tbl)) this.db.exec(sql);
      })
      .immediate();
    let count = 0;
    try {
      const insert = this.db.prepare(rowSql(tbl).insert);
      for await (const chunk of rechunk(batches, CHUNK_ROWS)) {
        this.db.transaction(() => {
          for (const row of chunk) insert.run(null, null, null, JSON.stringify(row));
        })();
        count += chunk.length;
      }
      this.db
        .transaction(() => {
          if (!this.tableExists(tbl)) throw conflict(collection, "replace");
          const old = this.currentTable(collection);
          this.statements
            .get(
              "INSERT INTO row_collections (name, tbl) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET tbl = excluded.tbl",
            )
            .run(collection, tbl);
          if (old !== null) this.dropTable(old);
        })
        .immediate();
    } catch (error) {
      // The load's own error is the one to report.
      bestEffort(() => this.dropTable(tbl));
      throw error;
    }
    // The new rows are live: sweeping after them must not turn the replace into a failure.
    bestEffort(() => this.dropStale(collection));
    return count;
  }

  async append(collection: string, loadId: string, batches: AsyncIterable<DataRow[]>): Promise<number> {
    checkCollection(collection);
    checkLoadId(loadId);
    // The generation this load writes to, fixed by its first transaction (which also clears the earlier attempt).
    let tbl: string | null = null;
    const write = (rows: readonly DataRow[]): string =>
      this.db
        .transaction(() => {
          const current = this.currentGeneration(collection, tbl, "append");
          const sql = rowSql(current);
          if (tbl === null) this.statement(sql.deleteLoad).run(loadId);
          const insert = this.statement(sql.insert);
          for (const row of rows) insert.run(loadId, null, null, JSON.stringify(row));
          return current;
        })
        .immediate();
    let count = 0;
    for await (const chunk of rechunk(batches, CHUNK_ROWS)) {
      tbl = write(chunk);
      count += chunk.length;
    }
    // A retry that produces no rows must still remove what the failed attempt stored.
    if (tbl === null) write([]);
    return count;
  }

  async upsert(collection: string, key: readonly string[], batches: AsyncIterable<DataRow[]>): Promise<number> {
    checkCollection(collection);
    const columns = checkKey(key);
    const ks = JSON.stringify(columns);
    let tbl: string | null = null;
    let count = 0;
    for await (const chunk of rechunk(batches, CHUNK_ROWS)) {
      // Identities first: a row without a key column fails the chunk before anything of it is written.
      const keyed = chunk.map((row) => [rowKey(row, columns), JSON.stringify(row)] as const);
      tbl = this.db
        .transaction(() => {
          const current = this.currentGeneration(collection, tbl, "upsert");
          const sql = rowSql(current);
          this.statement(sql.backfillKeys).run({ ks });
          const remove = this.statement(sql.deleteKey);
          const insert = this.statement(sql.insert);
          for (const [k, doc] of keyed) {
            remove.run(ks, k);
            insert.run(null, ks, k, doc);
          }
          return current;
        })
        .immediate();
      count += chunk.length;
    }
    if (tbl === null) this.db.transaction(() => this.currentGeneration(collection, null, "upsert")).immediate();
    return count;
  }

  async *scan(collection: string, filter: DataRow, batchSize: number): AsyncIterable<DataRow[]> {
    checkCollection(collection);
    const where = rowWhere(checkFilter(filter));
    checkBatchSize(batchSize);
    let tbl: string | null | undefined;
    let after = 0;
    for (;;) {
      const page = this.db.transaction((): PageRow[] => {
        const current = this.currentTable(collection);
        if (tbl === undefined) tbl = current;
        else if (current !== tbl) throw conflict(collection, "scan");
        if (current === null) return [];
        return this.statement(rowSql(current).page(where)).all(after, ...where.params, batchSize) as PageRow[];
      })();
      const last = page.at(-1);
      if (last === undefined) return;
      after = last.seq;
      yield page.map((row) => JSON.parse(row.doc) as DataRow);
      if (page.length < batchSize) return;
    }
  }

  async count(collection: string, filter: DataRow = {}): Promise<number> {
    checkCollection(collection);
    const where = rowWhere(checkFilter(filter));
    return this.db.transaction(() => {
      const tbl = this.currentTable(collection);
      return tbl === null ? 0 : this.countRows(tbl, where);
    })();
  }

  async list(): Promise<Array<{ name: string; rows: number }>> {
    return this.db.transaction(() => {
      const entries = this.statements.get("SELECT name, tbl FROM row_collections ORDER BY name").all() as {
        name: string;
        tbl: string;
      }[];
      return entries.map(({ name, tbl }) => ({ name, rows: this.countRows(tbl, NO_FILTER) }));
    })();
  }

  async drop(collection: string): Promise<void> {
    checkCollection(collection);
    this.db
      .transaction(() => {
        const tbl = this.currentTable(collection);
        if (tbl === null) return;
        this.statements.get("DELETE FROM row_collections WHERE name = ?").run(collection);
        this.dropTable(tbl);
      })
      .immediate();
    bestEffort(() => this.dropStale(collection));
  }

  private currentTable(collection: string): string | null {
    const row = this.statements.get("SELECT tbl FROM row_collections WHERE name = ?").get(collection) as
      { tbl: string } | undefined;
    return row?.tbl ?? null;
  }

  /**
   * Inside an IMMEDIATE transaction: the collection's current table, created when the collection does not exist
   * yet; CONFLICT when it is no longer `expected`, the generation an operation started writing to.
   */
  private currentGeneration(collection: string, expected: string | null, operation: string): string {
    const current = this.currentTable(collection);
    if (expected !== null && current !== expected) throw conflict(collection, operation);
    if (current !== null) return current;
    const tbl = newPhysicalName(collection);
    for (const sql of rowTableDdl(tbl)) this.db.exec(sql);
    this.statements.get("INSERT INTO row_collections (name, tbl) VALUES (?, ?)").run(collection, tbl);
    return tbl;
  }

  private countRows(tbl: string, where: RowWhere): number {
    return (this.statement(rowSql(tbl).count(where)).get(...where.params) as { n: number }).n;
  }

  private tableExists(tbl: string): boolean {
    return this.statements.get("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(tbl) !== undefined;
  }

  /** Drops the table (and its indexes) if it exists, and forgets the statements prepared on it. */
  private dropTable(tbl: string): void {
    this.db.exec(`DROP TABLE IF EXISTS ${identifier(tbl)}`);
    for (const sql of this.tableStatements.keys()) if (sql.includes(`"${tbl}"`)) this.tableStatements.delete(sql);
  }

  /** Drops the tables that loads of this collection left behind when their process died. */
  private dropStale(collection: string): void {
    const now = Date.now();
    this.db
      .transaction(() => {
        const current = this.currentTable(collection);
        const tables = this.statements
          .get("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 6) = 'rows__'")
          .all() as { name: string }[];
        for (const { name } of tables) if (isStaleGeneration(collection, name, current, now)) this.dropTable(name);
      })
      .immediate();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.tableStatements.get(sql);
    if (statement === undefined) {
      if (this.tableStatements.size >= MAX_TABLE_STATEMENTS) this.tableStatements.clear();
      statement = this.db.prepare(sql);
      this.tableStatements.set(sql, statement);
    }
    return statement;
  }
}

/** Runs a cleanup whose failure only leaves a table behind, which a later replace or drop removes as stale. */
function bestEffort(cleanup: () => void): void {
  try {
    cleanup();
  } catch {
    // Left for the stale-generation sweep.
  }
}

function conflict(collection: string, operation: string): DomainError {
  return new DomainError(
    "CONFLICT",
    `rows "${collection}" were replaced or dropped during this ${operation}; retry it`,
    { collection },
  );
}
