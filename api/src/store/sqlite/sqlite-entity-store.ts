/**
 * EntityStore over one SQLite table (id, created_at, doc). Synchronous underneath (better-sqlite3); the async
 * signatures are the port's.
 */
/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; `async` keeps the port's
   promise that failures arrive as rejections, never as synchronous throws. */
import type Database from "better-sqlite3";
import { BadInputError, DomainError } from "../../common/errors.js";
import { checkPage, decodeCursor, encodeCursor, type CollectionSpec } from "../collections.js";
import type { EntityStore, Page, PageRequest, VersionConflict } from "../ports.js";
import { rowCodec, type Row, type RowCodec } from "./sqlite-codec.js";
import { identifier, whereClause, type SqlWhere } from "./sqlite-sql.js";
import type { StatementCache } from "./statement-cache.js";

type Entity = { id: string; createdAt: Date };

const PATCH_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class SqliteEntityStore<T extends Entity, F> implements EntityStore<T, F> {
  protected readonly table: string;
  protected readonly codec: RowCodec;

  constructor(
    protected readonly db: Database.Database,
    protected readonly statements: StatementCache,
    protected readonly spec: CollectionSpec<F>,
  ) {
    this.table = identifier(spec.name);
    this.codec = rowCodec(spec);
  }

  async insert(record: T): Promise<void> {
    this.insertNow(record);
  }

  async get(id: string): Promise<T | null> {
    // A read transaction: a record whose parts live in other tables (runs) is read from one snapshot.
    return this.db.transaction(() => this.getNow(id))();
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const records = this.db.transaction(() =>
      this.decodeRows(
        this.statements
          .get(`SELECT id, created_at, doc FROM ${this.table} WHERE id IN (SELECT value FROM json_each(?))`)
          .all(JSON.stringify(unique)) as Row[],
      ),
    )();
    const byId = new Map(records.map((record) => [record.id, record]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  async update(
    id: string,
    patch: Partial<Omit<T, "id" | "createdAt">>,
    options: { ifVersion?: number } = {},
  ): Promise<T | null | VersionConflict> {
    const fields = patchFields(patch);
    const { ifVersion } = options;
    // IMMEDIATE takes the write lock before the read, so a second process cannot change the row in between.
    return this.db
      .transaction((): T | null | VersionConflict => {
        const current = this.getNow(id);
        if (current === null) return null;
        const version = (current as { version?: unknown }).version;
        if (ifVersion !== undefined && version !== ifVersion) {
          return { conflict: true, current: typeof version === "number" ? version : 0 };
        }
        const next = { ...current, ...fields } as T;
        if (ifVersion !== undefined) (next as { version?: number }).version = ifVersion + 1;
        return this.replaceNow(id, next, fields, ifVersion)
          ? next
          : { conflict: true, current: typeof version === "number" ? version : 0 };
      })
      .immediate();
  }

  async delete(id: string): Promise<boolean> {
    return this.statements.get(`DELETE FROM ${this.table} WHERE id = ?`).run(id).changes > 0;
  }

  async list(filter: F, page: PageRequest): Promise<Page<T>> {
    const first = checkPage(page.first);
    const after = page.after ? decodeCursor(page.after) : null;
    const conditions = this.spec.where(filter);
    const cursor: SqlWhere[] = after
      ? [{ sql: "(created_at, id) < (?, ?)", params: [after.createdAt.getTime(), after.id] }]
      : [];
    const pageWhere = whereClause(conditions, cursor);
    const countWhere = whereClause(conditions);
    // One read transaction, so the page and the total come from the same snapshot.
    const { items, hasNextPage, total } = this.db.transaction(() => {
      const rows = this.statements
        .get(`SELECT id, created_at, doc FROM ${this.table}${pageWhere.sql} ORDER BY created_at DESC, id DESC LIMIT ?`)
        .all(...pageWhere.params, first + 1) as Row[];
      return {
        items: this.decodeRows(rows.slice(0, first)),
        hasNextPage: rows.length > first,
        total: this.countNow(countWhere),
      };
    })();
    const last = items.at(-1);
    return {
      items,
      endCursor: last ? encodeCursor(last.createdAt, last.id) : null,
      hasNextPage,
      totalCount: total,
    };
  }

  async count(filter: F): Promise<number> {
    return this.countNow(whereClause(this.spec.where(filter)));
  }

  protected insertNow(record: T): void {
    const row = this.codec.encode(record);
    try {
      this.statements
        .get(`INSERT INTO ${this.table} (id, created_at, doc) VALUES (?, ?, ?)`)
        .run(row.id, row.created_at, row.doc);
    } catch (error) {
      throw this.conflictOr(error, record.id);
    }
  }

  protected getNow(id: string): T | null {
    const row = this.statements.get(`SELECT id, created_at, doc FROM ${this.table} WHERE id = ?`).get(id) as
      Row | undefined;
    return row ? (this.decodeRows([row])[0] ?? null) : null;
  }

  /**
   * Writes `next` (the current record with `fields` set) inside update's IMMEDIATE transaction; false when
   * `ifVersion` no longer matches.
   */
  protected replaceNow(id: string, next: T, _fields: Record<string, unknown>, ifVersion: number | undefined): boolean {
    if (ifVersion === undefined) {
      this.statements.get(`UPDATE ${this.table} SET doc = ? WHERE id = ?`).run(this.codec.encodeDoc(next), id);
      return true;
    }
    const result = this.statements
      .get(`UPDATE ${this.table} SET doc = ? WHERE id = ? AND json_extract(doc, '$.version') = ?`)
      .run(this.codec.encodeDoc(next), id, ifVersion);
    return result.changes === 1;
  }

  /** Records from rows, in order; stores that keep parts of a record elsewhere read them here, for all at once. */
  protected decodeRows(rows: readonly Row[]): T[] {
    return rows.map((row) => this.decode(row));
  }

  protected decode(row: Row): T {
    return this.codec.decode(row) as unknown as T;
  }

  private countNow(where: SqlWhere): number {
    const row = this.statements.get(`SELECT count(*) AS n FROM ${this.table}${where.sql}`).get(...where.params) as {
      n: number;
    };
    return row.n;
  }

  private conflictOr(error: unknown, id: string): unknown {
    const code = (error as { code?: unknown }).code;
    if (code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE") {
      return new DomainError(
        "CONFLICT",
        `${this.spec.name}: "${id}" conflicts with an existing record (same id or unique key)`,
        {
          collection: this.spec.name,
          id,
        },
      );
    }
    return error;
  }
}

/** The patch as fields to set: never the identity, never undefined, never a key that could be read as a path. */
function patchFields(patch: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "id" || key === "createdAt" || value === undefined) continue;
    if (!PATCH_KEY.test(key)) throw new BadInputError(key, "not a field name");
    fields[key] = value;
  }
  return fields;
}
