/**
 * The parts of a run kept apart from its header row, so that an append reads and writes only what it changes:
 * the DAG snapshot (written once, at creation) in `run_snapshots`, and one row per step in `run_steps`, at the
 * step's position in node order (`idx`), updated one row at a time.
 *
 * Databases written before the split held both inside the run's doc; `migrateRunDocs` moves them out at open.
 */
import type Database from "better-sqlite3";
import { runsSpec } from "../collections.js";
import type { RunRecord } from "../records.js";
import type { StepState } from "../../runs/run-state.js";
import { datesToMillis, type Row } from "./sqlite-codec.js";
import type { StatementCache } from "./statement-cache.js";

export type RunSnapshot = RunRecord["snapshot"];

export interface StoredParts {
  snapshot: RunSnapshot;
  steps: StepState[];
}

/** The meta key recording that every run doc of the file has been split (so open skips the scan for old ones). */
const LAYOUT_KEY = "store.sqlite.runLayout";
const SPLIT_LAYOUT = "split-1";

const STEP_DATE_KEYS = runsSpec.dateKeys;

export function createRunPartsSchema(db: Database.Database): void {
  // A rowid table: snapshots of big DAGs are far larger than WITHOUT ROWID tables are meant for.
  db.exec("CREATE TABLE IF NOT EXISTS run_snapshots (run_id TEXT PRIMARY KEY, doc TEXT NOT NULL)");
  // node_id is the step's own, kept beside its doc for ad-hoc SQL; the store finds steps by position.
  db.exec(
    "CREATE TABLE IF NOT EXISTS run_steps (run_id TEXT NOT NULL, idx INTEGER NOT NULL, node_id TEXT NOT NULL, " +
      "doc TEXT NOT NULL, PRIMARY KEY (run_id, idx)) WITHOUT ROWID",
  );
}

export class SqliteRunParts {
  constructor(private readonly statements: StatementCache) {}

  /** The parts of each given run that has them, read with one query per table. */
  read(runIds: readonly string[]): Map<string, StoredParts> {
    const parts = new Map<string, StoredParts>();
    if (runIds.length === 0) return parts;
    const ids = JSON.stringify(runIds);
    const snapshots = this.statements
      .get("SELECT run_id, doc FROM run_snapshots WHERE run_id IN (SELECT value FROM json_each(?))")
      .all(ids) as { run_id: string; doc: string }[];
    for (const row of snapshots) parts.set(row.run_id, { snapshot: JSON.parse(row.doc) as RunSnapshot, steps: [] });
    // One row and one JSON.parse per run, in idx order. Concatenated, not json_group_array'd: the docs are this
    // store's own JSON.stringify output, and re-validating each one in SQL cost more than the parse itself.
    const steps = this.statements
      .get(
        "SELECT run_id, '[' || group_concat(doc, ',' ORDER BY idx) || ']' AS docs FROM run_steps " +
          "WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id",
      )
      .all(ids) as { run_id: string; docs: string }[];
    for (const row of steps) {
      const target = parts.get(row.run_id);
      if (target) target.steps = (JSON.parse(row.docs) as Record<string, unknown>[]).map(reviveStep);
    }
    return parts;
  }

  /** Stores the parts of a new run (or replaces all of a run's parts). */
  writeAll(runId: string, parts: StoredParts): void {
    this.writeSnapshot(runId, parts.snapshot);
    this.replaceSteps(runId, parts.steps);
  }

  writeSnapshot(runId: string, snapshot: RunSnapshot): void {
    this.statements
      .get(
        "INSERT INTO run_snapshots (run_id, doc) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET doc = excluded.doc",
      )
      .run(runId, JSON.stringify(snapshot));
  }

  /** Writes the steps at `positions` (existing or new) and nothing else. */
  writeSteps(runId: string, steps: readonly StepState[], positions: readonly number[]): void {
    const upsert = this.statements.get(
      "INSERT INTO run_steps (run_id, idx, node_id, doc) VALUES (?, ?, ?, ?) " +
        "ON CONFLICT (run_id, idx) DO UPDATE SET node_id = excluded.node_id, doc = excluded.doc",
    );
    for (const position of positions) {
      const step = steps[position];
      if (step) upsert.run(runId, position, step.nodeId, JSON.stringify(datesToMillis(step)));
    }
  }

  replaceSteps(runId: string, steps: readonly StepState[]): void {
    this.statements.get("DELETE FROM run_steps WHERE run_id = ?").run(runId);
    this.writeSteps(
      runId,
      steps,
      steps.map((_, i) => i),
    );
  }

  delete(runId: string): void {
    this.statements.get("DELETE FROM run_steps WHERE run_id = ?").run(runId);
    this.statements.get("DELETE FROM run_snapshots WHERE run_id = ?").run(runId);
  }

  /** Deletes the parts of the runs `runIdsSql` selects (SQL text with its parameters). */
  deleteWhere(runIdsSql: string, ...params: unknown[]): void {
    for (const table of ["run_steps", "run_snapshots"]) {
      this.statements.get(`DELETE FROM ${table} WHERE run_id IN (${runIdsSql})`).run(...params);
    }
  }
}

/**
 * Moves the snapshot and steps of every run doc written before the split into their tables, in one IMMEDIATE
 * transaction (so concurrent openers of an old file do it once), and records that it is done. Idempotent.
 * `split` rewrites one old row; it is the run store's, so the header it writes is exactly the one it reads.
 */
export function migrateRunDocs(db: Database.Database, split: (row: Row) => void): number {
  const migrated = () =>
    (db.prepare("SELECT value FROM meta WHERE key = ?").get(LAYOUT_KEY) as { value: string } | undefined)?.value ===
    SPLIT_LAYOUT;
  // Checked before taking the write lock too, so that opening a migrated file never waits for other writers.
  if (migrated()) return 0;
  return db
    .transaction(() => {
      if (migrated()) return 0;
      const old = db
        .prepare(
          "SELECT id, created_at, doc FROM runs " +
            "WHERE json_type(doc, '$.steps') IS NOT NULL OR json_type(doc, '$.snapshot') IS NOT NULL",
        )
        .all() as Row[];
      for (const row of old) split(row);
      db.prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(LAYOUT_KEY, SPLIT_LAYOUT);
      return old.length;
    })
    .immediate();
}

/** A decoded step doc's dates back to Dates (the keys the runs codec revives, as it did inside whole docs). */
function reviveStep(doc: Record<string, unknown>): StepState {
  for (const key of STEP_DATE_KEYS) {
    const value = doc[key];
    if (typeof value === "number") doc[key] = new Date(value);
  }
  return doc as unknown as StepState;
}
