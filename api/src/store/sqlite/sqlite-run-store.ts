/**
 * Runs and their event log in SQLite. A run is a header row (`runs`: everything but its snapshot and steps, so
 * filters, leases and stats work on it alone), its snapshot (written once) and one row per step (see
 * sqlite-run-parts.ts). An append reads the header, inserts the events and writes the header and the steps the
 * events changed, in one IMMEDIATE transaction: appenders (even in other processes on the same file) are
 * serialised, and the header it rewrites already carries any lease or cancel request written before it began.
 *
 * The port returns whole runs from appends, so this process keeps the parts of the runs it appends to (an LRU).
 * An entry is used only while the header's `partsRev` is the one it was read or written with; every write of a
 * run's snapshot or steps, by any process, sets a new one. Steady state (one engine appending to a run): an
 * append costs O(events + steps they touch), whatever the size of the run.
 */
/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; `async` keeps the port's
   promise that failures arrive as rejections, never as synchronous throws. */
import type Database from "better-sqlite3";
import { BadInputError, NotFoundError } from "../../common/errors.js";
import { newId } from "../../common/ids.js";
import { RUN_STATUSES, type NewRunEvent, type RunEvent, type RunStatus, type StepState } from "../../runs/run-state.js";
import { runsSpec } from "../collections.js";
import type { DayStatusCount, RunFilter, RunStats, RunStore } from "../ports.js";
import type { RunRecord } from "../records.js";
import { NO_LEASE, checkAttempt, checkInstant, checkLimit, checkOwner } from "../run-rules.js";
import { LruMap, foldTouchedSteps, indexSteps, type RunSteps } from "../run-steps.js";
import type { Row } from "./sqlite-codec.js";
import { SqliteEntityStore } from "./sqlite-entity-store.js";
import { LEASE_SQL } from "./sqlite-run-leases.js";
import { SqliteRunParts, migrateRunDocs, type RunSnapshot, type StoredParts } from "./sqlite-run-parts.js";
import { fieldExpr } from "./sqlite-sql.js";
import type { StatementCache } from "./statement-cache.js";

interface EventRow {
  seq: number;
  doc: string;
}

type RunHeader = Omit<RunRecord, "snapshot" | "steps">;

interface DecodedHeader {
  header: RunHeader;
  /** Null for a row the store did not write (its parts are then read, never cached). */
  rev: string | null;
  /** The snapshot and steps of a row written before the split, which held them in its doc. */
  legacy: StoredParts | null;
}

interface CachedParts {
  rev: string | null;
  snapshot: RunSnapshot;
  steps: RunSteps;
}

interface Appended {
  run: RunRecord;
  events: RunEvent[];
  /** What to cache once the transaction has committed. */
  parts: CachedParts;
}

/** The header field naming the current version of the run's parts (internal: never part of a RunRecord). */
const REV = "partsRev";
/** Runs whose parts this process keeps: those being appended to, of which an engine runs a few at a time. */
const CACHED_RUNS = 32;
const NO_PARTS: StoredParts = { snapshot: { nodes: [], edges: [] }, steps: [] };

const PIPELINE_ID = fieldExpr("pipelineId");
const STATUS = fieldExpr("status");
const DAY = fieldExpr("day");
const DURATION = fieldExpr("durationMs");

export class SqliteRunStore extends SqliteEntityStore<RunRecord, RunFilter> implements RunStore {
  private readonly parts: SqliteRunParts;
  private readonly cache = new LruMap<string, CachedParts>(CACHED_RUNS);
  /** Revisions are this prefix (unique to this store instance) and a counter: unique across processes. */
  private readonly revPrefix = `${newId()}.`;
  private revCount = 0;

  constructor(db: Database.Database, statements: StatementCache) {
    super(db, statements, runsSpec);
    this.parts = new SqliteRunParts(statements);
  }

  /** Splits the run docs written before snapshots and steps had tables of their own; returns how many. */
  migrate(): number {
    // stats() per day reads this index only, never the documents: 100,000 runs take ~6 ms instead of ~170 ms.
    this.db.exec(`CREATE INDEX IF NOT EXISTS runs_stats ON runs (${DAY}, ${STATUS}, ${DURATION})`);
    return migrateRunDocs(this.db, (row) => this.splitLegacyRow(row));
  }

  async createRun(run: RunRecord, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    return this.committing(() => {
      this.insertNow({ ...run, lastSeq: 0 });
      return this.appendNow(run.id, events);
    });
  }

  async appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    return this.committing(() => this.appendNow(runId, events));
  }

  override async insert(record: RunRecord): Promise<void> {
    this.db.transaction(() => this.insertNow(record)).immediate();
  }

  async listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    checkLimit(limit);
    if (limit === 0) return [];
    const rows = this.statements
      .get("SELECT seq, doc FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?")
      .all(runId, afterSeq, limit) as EventRow[];
    return rows.map((row) => decodeEvent(runId, row));
  }

  async latestByPipeline(pipelineIds: readonly string[]): Promise<Map<string, RunRecord>> {
    const latest = this.statements.get(
      `SELECT id, created_at, doc FROM runs WHERE ${PIPELINE_ID} = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
    return this.db.transaction(() => {
      const rows = [...new Set(pipelineIds)].flatMap((pipelineId) => {
        const row = latest.get(pipelineId) as Row | undefined;
        return row ? [{ pipelineId, row }] : [];
      });
      const runs = this.decodeRows(rows.map(({ row }) => row));
      return new Map(rows.map(({ pipelineId }, i) => [pipelineId, runs[i] as RunRecord]));
    })();
  }

  async deleteByPipeline(pipelineId: string): Promise<number> {
    return this.db
      .transaction(() => {
        const ofPipeline = `SELECT id FROM runs WHERE ${PIPELINE_ID} = ?`;
        for (const table of ["run_events", "step_claims"]) {
          this.statements.get(`DELETE FROM ${table} WHERE run_id IN (${ofPipeline})`).run(pipelineId);
        }
        this.parts.deleteWhere(ofPipeline, pipelineId);
        return this.statements.get(`DELETE FROM runs WHERE ${PIPELINE_ID} = ?`).run(pipelineId).changes;
      })
      .immediate();
  }

  override async delete(id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        this.statements.get("DELETE FROM run_events WHERE run_id = ?").run(id);
        this.statements.get("DELETE FROM step_claims WHERE run_id = ?").run(id);
        this.parts.delete(id);
        this.cache.delete(id);
        return this.statements.get("DELETE FROM runs WHERE id = ?").run(id).changes > 0;
      })
      .immediate();
  }

  async stats(sinceDay: string): Promise<RunStats> {
    checkDay(sinceDay);
    const { statusRows, dayRows } = this.db.transaction(() => ({
      statusRows: this.statements
        .get(`SELECT ${STATUS} AS status, count(*) AS count FROM runs GROUP BY ${STATUS}`)
        .all() as { status: string; count: number }[],
      dayRows: this.statements
        .get(
          `SELECT ${DAY} AS day, ${STATUS} AS status, count(*) AS count, coalesce(sum(${DURATION}), 0) AS durationSumMs, ` +
            `count(${DURATION}) AS durationCount FROM runs WHERE ${DAY} >= ? GROUP BY ${DAY}, ${STATUS}`,
        )
        .all(sinceDay) as DayStatusCount[],
    }))();
    const byStatus = Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
    for (const row of statusRows) if (isRunStatus(row.status)) byStatus[row.status] = row.count;
    return { byStatus, perDay: sortPerDay(dayRows.filter((row) => isRunStatus(row.status))) };
  }

  async acquireLease(runId: string, owner: string, now: Date, expiresAt: Date): Promise<boolean> {
    const params = {
      id: runId,
      owner: checkOwner(owner),
      now: checkInstant("now", now).getTime(),
      expiresAt: checkInstant("expiresAt", expiresAt).getTime(),
    };
    return this.statements.get(LEASE_SQL.acquire).run(params).changes === 1;
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    this.statements.get(LEASE_SQL.release).run(runId, checkOwner(owner));
  }

  async listOrphanedRuns(now: Date, limit: number): Promise<RunRecord[]> {
    checkLimit(limit);
    const params = { now: checkInstant("now", now).getTime(), limit };
    if (limit === 0) return [];
    return this.db.transaction(() => this.decodeRows(this.statements.get(LEASE_SQL.orphaned).all(params) as Row[]))();
  }

  async requestCancel(runId: string, at: Date): Promise<RunRecord | null> {
    const millis = checkInstant("at", at).getTime();
    return this.db
      .transaction(() => {
        this.statements.get(LEASE_SQL.cancel).run(millis, runId);
        return this.getNow(runId);
      })
      .immediate();
  }

  async claimStep(runId: string, nodeId: string, attempt: number, owner: string): Promise<boolean> {
    const params = [runId, nodeId, checkAttempt(attempt), checkOwner(owner), Date.now()];
    return this.statements.get(LEASE_SQL.claim).run(...params).changes === 1;
  }

  protected override insertNow(record: RunRecord): void {
    const { snapshot, steps, ...header } = record;
    // The header first: it is what reports CONFLICT for an existing id, before any part is written.
    super.insertNow({ ...header, [REV]: this.nextRev() } as unknown as RunRecord);
    this.parts.writeAll(record.id, { snapshot, steps });
  }

  /** `update`'s write: the header, and the snapshot or the steps only when the patch sets them. */
  protected override replaceNow(id: string, next: RunRecord, fields: Record<string, unknown>): boolean {
    // A RunRecord has no version, so an `ifVersion` update was answered with a conflict before getting here.
    const { snapshot, steps, ...header } = next;
    this.writeHeader(id, header, this.nextRev());
    if ("snapshot" in fields) this.parts.writeSnapshot(id, snapshot);
    if ("steps" in fields) this.parts.replaceSteps(id, steps);
    return true;
  }

  /** Whole runs, their parts from the cache when current, else read for all of them at once. */
  protected override decodeRows(rows: readonly Row[]): RunRecord[] {
    const decoded = rows.map((row) => this.decodeHeader(row));
    const cached = decoded.map(({ header, rev, legacy }) => (legacy ? undefined : this.cachedParts(header.id, rev)));
    const stored = this.parts.read(decoded.filter((d, i) => !d.legacy && !cached[i]).map((d) => d.header.id));
    return decoded.map(({ header, legacy }, i) => {
      const hit = cached[i];
      const parts = hit ? { snapshot: hit.snapshot, steps: hit.steps.steps } : (legacy ?? stored.get(header.id));
      return assemble(header, parts ?? NO_PARTS);
    });
  }

  protected override decode(row: Row): RunRecord {
    return this.decodeRows([row])[0] as RunRecord;
  }

  /** Runs an append in an IMMEDIATE transaction, and caches the parts it leaves once that has committed. */
  private committing(append: () => Appended): { run: RunRecord; events: RunEvent[] } {
    const { run, events, parts } = this.db.transaction(append).immediate();
    if (parts.rev !== null) this.cache.set(run.id, parts);
    return { run, events };
  }

  /** Must run inside an IMMEDIATE transaction. */
  private appendNow(runId: string, events: readonly NewRunEvent[]): Appended {
    const select = this.statements.get("SELECT id, created_at, doc FROM runs WHERE id = ?");
    let row = select.get(runId) as Row | undefined;
    if (row === undefined) throw new NotFoundError("Run", runId);
    // Open migrates every old row; one written since by an older version of this adapter is split here.
    if (this.splitLegacyRow(row)) row = select.get(runId) as Row;
    const { header, rev } = this.decodeHeader(row);
    const parts = this.cachedParts(runId, rev) ?? this.readParts(runId, rev);
    if (events.length === 0) {
      return { run: assemble(header, { snapshot: parts.snapshot, steps: parts.steps.steps }), events: [], parts };
    }
    const insert = this.statements.get("INSERT INTO run_events (run_id, seq, doc) VALUES (?, ?, ?)");
    const stored = events.map((event, i) => {
      const eventRow = { seq: header.lastSeq + 1 + i, doc: encodeEvent(event) };
      insert.run(runId, eventRow.seq, eventRow.doc);
      // Returned as read back, so callers see exactly what listEvents will return.
      return decodeEvent(runId, eventRow);
    });
    const folded = foldTouchedSteps<RunRecord>({ ...header, snapshot: parts.snapshot }, parts.steps, stored);
    const nextRev = folded.changed.length > 0 ? this.nextRev() : rev;
    this.parts.writeSteps(runId, folded.steps.steps, folded.changed);
    const { snapshot: _snapshot, steps: _steps, ...nextHeader } = folded.run;
    this.writeHeader(runId, nextHeader, nextRev);
    return {
      // A copy of the steps array: the cached one must not change under the caller, nor the caller's under it.
      run: { ...folded.run, steps: [...folded.steps.steps] },
      events: stored,
      parts: { rev: nextRev, snapshot: parts.snapshot, steps: folded.steps },
    };
  }

  private cachedParts(runId: string, rev: string | null): CachedParts | undefined {
    const hit = rev === null ? undefined : this.cache.get(runId);
    return hit?.rev === rev ? hit : undefined;
  }

  private readParts(runId: string, rev: string | null): CachedParts {
    const stored = this.parts.read([runId]).get(runId) ?? NO_PARTS;
    return { rev, snapshot: stored.snapshot, steps: indexSteps(stored.steps) };
  }

  private decodeHeader(row: Row): DecodedHeader {
    const { [REV]: rev, snapshot, steps, ...header } = this.codec.decode(row) as Record<string, unknown>;
    const legacy =
      snapshot === undefined && steps === undefined
        ? null
        : { snapshot: (snapshot ?? NO_PARTS.snapshot) as RunSnapshot, steps: (steps ?? []) as StoredParts["steps"] };
    // Runs stored before leases existed have none of their fields: they read back (and are rewritten) as null.
    const withLease = { ...NO_LEASE, ...header } as unknown as RunHeader;
    return { header: withLease, rev: typeof rev === "string" ? rev : null, legacy };
  }

  private writeHeader(runId: string, header: RunHeader, rev: string | null): void {
    const doc = this.codec.encodeDoc(rev === null ? header : { ...header, [REV]: rev });
    this.statements.get("UPDATE runs SET doc = ? WHERE id = ?").run(doc, runId);
  }

  /** Moves the snapshot and steps of a row written before the split into their tables; false if it has none. */
  private splitLegacyRow(row: Row): boolean {
    const { header, legacy } = this.decodeHeader(row);
    if (legacy === null) return false;
    this.parts.writeAll(header.id, legacy);
    this.writeHeader(header.id, header, this.nextRev());
    return true;
  }

  private nextRev(): string {
    return `${this.revPrefix}${(this.revCount++).toString(36)}`;
  }
}

function assemble(header: RunHeader, parts: { snapshot: RunSnapshot; steps: readonly StepState[] }): RunRecord {
  return { ...header, snapshot: parts.snapshot, steps: [...parts.steps] };
}

function encodeEvent(event: NewRunEvent): string {
  return JSON.stringify({
    type: event.type,
    nodeId: event.nodeId ?? null,
    payload: event.payload ?? {},
    at: event.at.getTime(),
  });
}

function decodeEvent(runId: string, row: EventRow): RunEvent {
  const doc = JSON.parse(row.doc) as Omit<RunEvent, "runId" | "seq" | "at"> & { at: number };
  return { runId, seq: row.seq, type: doc.type, nodeId: doc.nodeId, payload: doc.payload, at: new Date(doc.at) };
}

function isRunStatus(value: unknown): value is RunStatus {
  return (RUN_STATUSES as readonly unknown[]).includes(value);
}

/** Day ascending, then the status order of RUN_STATUSES; both adapters return rows in this order. */
function sortPerDay(rows: DayStatusCount[]): DayStatusCount[] {
  const rank = (s: RunStatus) => RUN_STATUSES.indexOf(s);
  return rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : rank(a.status) - rank(b.status)));
}

function checkDay(day: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new BadInputError("sinceDay", "must be a day as YYYY-MM-DD");
}
