/**
 * How the SQLite adapter stores runs: a header row, the snapshot once, one row per step. What an append writes,
 * and files written before that layout (each run one doc holding its snapshot and steps), which open migrates.
 */
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { foldRunEvents, type NewRunEvent, type RunEvent } from "../../api/src/runs/run-state.js";
import { runsSpec } from "../../api/src/store/collections.js";
import type { Stores } from "../../api/src/store/ports.js";
import type { RunRecord } from "../../api/src/store/records.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";
import { rowCodec } from "../../api/src/store/sqlite/sqlite-codec.js";
import { SqliteRunStore } from "../../api/src/store/sqlite/sqlite-run-store.js";
import { createCollectionSchema, createRunEventsSchema } from "../../api/src/store/sqlite/sqlite-schema.js";
import { StatementCache } from "../../api/src/store/sqlite/statement-cache.js";
import { bigRun } from "./run-parts.contract.js";
import { expectConsistentRun } from "./runs.contract.js";
import { event, lifecycle, run } from "./support/records.js";
import { lazyTempDir } from "./support/sqlite-target.js";

/** Writes `record` and its events the way the adapter did before the split: one doc with snapshot and steps. */
function writeOldShape(db: Database.Database, record: RunRecord, events: readonly NewRunEvent[]): RunRecord {
  const stored: RunEvent[] = events.map((e, i) => ({
    runId: record.id,
    seq: i + 1,
    type: e.type,
    nodeId: e.nodeId ?? null,
    payload: e.payload ?? {},
    at: e.at,
  }));
  const folded = foldRunEvents({ ...record, lastSeq: 0 }, stored);
  const row = rowCodec(runsSpec).encode(folded);
  db.prepare("INSERT INTO runs (id, created_at, doc) VALUES (?, ?, ?)").run(row.id, row.created_at, row.doc);
  const insert = db.prepare("INSERT INTO run_events (run_id, seq, doc) VALUES (?, ?, ?)");
  for (const e of stored) {
    const doc = { type: e.type, nodeId: e.nodeId, payload: e.payload, at: e.at.getTime() };
    insert.run(record.id, e.seq, JSON.stringify(doc));
  }
  return folded;
}

function count(file: string, sql: string, ...params: unknown[]): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("SQLite run storage", () => {
  const temp = lazyTempDir();
  const opened: Stores[] = [];
  const open = (file: string) => {
    const stores = openSqliteStores(file);
    opened.push(stores);
    return stores;
  };
  afterAll(async () => {
    for (const stores of opened) await stores.close();
    temp.remove();
  });

  it("opens a file written before snapshots and steps had tables, moving them out once", async () => {
    const file = temp.file("old-shape.sqlite");
    const db = new Database(file);
    const [active, finished] = [bigRun(30), run()];
    let expected: RunRecord[];
    try {
      createCollectionSchema(db, runsSpec);
      createRunEventsSchema(db);
      const started = [event("RUN_STARTED", 0), event("STEP_STARTED", 5, "n7")];
      expected = [writeOldShape(db, active, started), writeOldShape(db, finished, lifecycle())];
      // Stored before leases existed, too.
      db.prepare(
        "UPDATE runs SET doc = json_remove(doc, '$.leaseOwner', '$.leaseExpiresAt', '$.cancelRequestedAt') WHERE id = ?",
      ).run(finished.id);
    } finally {
      db.close();
    }

    const stores = open(file);
    for (const record of expected) expect(await stores.runs.get(record.id)).toStrictEqual(record);
    expect(count(file, "SELECT count(*) AS n FROM runs WHERE json_type(doc, '$.steps') IS NOT NULL")).toBe(0);
    expect(count(file, "SELECT count(*) AS n FROM runs WHERE json_type(doc, '$.snapshot') IS NOT NULL")).toBe(0);
    expect(count(file, "SELECT count(*) AS n FROM run_steps WHERE run_id = ?", active.id)).toBe(30);
    expect(count(file, "SELECT count(*) AS n FROM run_snapshots")).toBe(2);

    await stores.runs.appendEvents(active.id, [event("STEP_SUCCEEDED", 9, "n7"), event("RUN_SUCCEEDED", 10)]);
    await expectConsistentRun(stores.runs, active, 4);
    const logged = await stores.runs.appendEvents(finished.id, [event("LOG", 70)]);
    expect(logged.run).toStrictEqual({ ...expected[1], lastSeq: 8 });
    await expectConsistentRun(stores.runs, finished, 8);
    const again = open(file);
    expect(await again.runs.getMany([active.id, finished.id])).toStrictEqual(
      await stores.runs.getMany([active.id, finished.id]),
    );
  });

  it("reads and appends to an old-shape run written after the file was migrated", async () => {
    const file = temp.file("late-old-shape.sqlite");
    const stores = open(file);
    const late = bigRun(12);
    const db = new Database(file);
    let expected: RunRecord;
    try {
      expected = writeOldShape(db, late, [event("RUN_STARTED", 0)]);
    } finally {
      db.close();
    }
    expect(await stores.runs.get(late.id)).toStrictEqual(expected);
    expect((await stores.runs.list({ pipelineId: late.pipelineId }, { first: 1 })).items).toStrictEqual([expected]);
    await stores.runs.appendEvents(late.id, [event("STEP_STARTED", 3, "n11")]);
    await expectConsistentRun(stores.runs, late, 2);
    expect(count(file, "SELECT count(*) AS n FROM runs WHERE json_type(doc, '$.steps') IS NOT NULL")).toBe(0);
  });

  it("writes the header and only the steps an append changes, never the snapshot", async () => {
    const file = temp.file("writes.sqlite");
    open(file);
    const db = new Database(file);
    try {
      const runs = new SqliteRunStore(db, new StatementCache(db));
      db.exec("CREATE TEMP TABLE writes (what TEXT, idx INTEGER)");
      for (const [table, what] of [
        ["run_steps", "new.idx"],
        ["run_snapshots", "NULL"],
      ]) {
        for (const op of ["INSERT", "UPDATE"]) {
          db.exec(
            `CREATE TEMP TRIGGER ${table}_${op} AFTER ${op} ON main.${table} ` +
              `BEGIN INSERT INTO writes VALUES ('${table}', ${what}); END`,
          );
        }
      }
      const writes = () => {
        const rows = db.prepare("SELECT what, idx FROM writes ORDER BY rowid").raw().all();
        db.exec("DELETE FROM writes");
        return rows;
      };
      const initial = bigRun(1000);
      await runs.createRun(initial, [event("RUN_STARTED", 0)]);
      expect(writes()).toHaveLength(1000 + 1);

      await runs.appendEvents(initial.id, [event("STEP_STARTED", 1, "n500")]);
      expect(writes()).toStrictEqual([["run_steps", 500]]);
      await runs.appendEvents(initial.id, [event("LOG", 2, "n500"), event("METRIC", 3)]);
      expect(writes()).toStrictEqual([]);
      await runs.appendEvents(initial.id, [event("STEP_PROGRESS", 4, "n9"), event("STEP_STARTED", 5, "extra")]);
      expect(writes()).toStrictEqual([
        ["run_steps", 9],
        ["run_steps", 1000],
      ]);
      // A terminal event settles every unfinished step: all of them here, once.
      await runs.appendEvents(initial.id, [event("RUN_FAILED", 6)]);
      expect(writes()).toHaveLength(1001);
      await expectConsistentRun(runs, initial, 7);
    } finally {
      db.close();
    }
  });
});
