/**
 * Runs and their event log in SQLite. Every append reads the run, inserts the events and rewrites the folded run
 * in one IMMEDIATE transaction, so appenders (even in other processes on the same file) are serialised, and the
 * doc it rewrites already carries any lease or cancel request written before the transaction began.
 */
/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; `async` keeps the port's
   promise that failures arrive as rejections, never as synchronous throws. */
import type Database from "better-sqlite3";
import { BadInputError, NotFoundError } from "../../common/errors.js";
import { RUN_STATUSES, foldRunEvents, type NewRunEvent, type RunEvent, type RunStatus } from "../../runs/run-state.js";
import { runsSpec } from "../collections.js";
import type { DayStatusCount, RunFilter, RunStats, RunStore } from "../ports.js";
import type { RunRecord } from "../records.js";
import { NO_LEASE, checkAttempt, checkInstant, checkLimit, checkOwner } from "../run-rules.js";
import type { Row } from "./sqlite-codec.js";
import { SqliteEntityStore } from "./sqlite-entity-store.js";
import { LEASE_SQL } from "./sqlite-run-leases.js";
import { fieldExpr } from "./sqlite-sql.js";
import type { StatementCache } from "./statement-cache.js";

interface EventRow {
  seq: number;
  doc: string;
}

const PIPELINE_ID = fieldExpr("pipelineId");
const STATUS = fieldExpr("status");
const DAY = fieldExpr("day");
const DURATION = fieldExpr("durationMs");

export class SqliteRunStore extends SqliteEntityStore<RunRecord, RunFilter> implements RunStore {
  constructor(db: Database.Database, statements: StatementCache) {
    super(db, statements, runsSpec);
  }

  async createRun(run: RunRecord, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    return this.db
      .transaction(() => {
        this.insertNow({ ...run, lastSeq: 0 });
        return this.appendNow(run.id, events);
      })
      .immediate();
  }

  async appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<{ run: RunRecord; events: RunEvent[] }> {
    return this.db.transaction(() => this.appendNow(runId, events)).immediate();
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
      const result = new Map<string, RunRecord>();
      for (const pipelineId of new Set(pipelineIds)) {
        const row = latest.get(pipelineId) as Row | undefined;
        if (row) result.set(pipelineId, this.decode(row));
      }
      return result;
    })();
  }

  async deleteByPipeline(pipelineId: string): Promise<number> {
    return this.db
      .transaction(() => {
        for (const table of ["run_events", "step_claims"]) {
          this.statements
            .get(`DELETE FROM ${table} WHERE run_id IN (SELECT id FROM runs WHERE ${PIPELINE_ID} = ?)`)
            .run(pipelineId);
        }
        return this.statements.get(`DELETE FROM runs WHERE ${PIPELINE_ID} = ?`).run(pipelineId).changes;
      })
      .immediate();
  }

  override async delete(id: string): Promise<boolean> {
    return this.db
      .transaction(() => {
        this.statements.get("DELETE FROM run_events WHERE run_id = ?").run(id);
        this.statements.get("DELETE FROM step_claims WHERE run_id = ?").run(id);
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
    return (this.statements.get(LEASE_SQL.orphaned).all(params) as Row[]).map((row) => this.decode(row));
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

  /** Runs stored before leases existed have none of their fields: they read back as null. */
  protected override decode(row: Row): RunRecord {
    return { ...NO_LEASE, ...super.decode(row) };
  }

  /** Must run inside an IMMEDIATE transaction. */
  private appendNow(runId: string, events: readonly NewRunEvent[]): { run: RunRecord; events: RunEvent[] } {
    const run = this.getNow(runId);
    if (run === null) throw new NotFoundError("Run", runId);
    if (events.length === 0) return { run, events: [] };
    const insert = this.statements.get("INSERT INTO run_events (run_id, seq, doc) VALUES (?, ?, ?)");
    const stored = events.map((event, i) => {
      const row = { seq: run.lastSeq + 1 + i, doc: encodeEvent(event) };
      insert.run(runId, row.seq, row.doc);
      // Returned as read back, so callers see exactly what listEvents will return.
      return decodeEvent(runId, row);
    });
    const next = foldRunEvents(run, stored);
    this.statements.get("UPDATE runs SET doc = ? WHERE id = ?").run(this.codec.encodeDoc(next), runId);
    return { run: next, events: stored };
  }
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
