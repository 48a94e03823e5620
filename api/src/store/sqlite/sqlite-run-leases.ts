/**
 * SQL of run leases, cancellation requests and step claims. Each operation is one statement: atomic by itself and
 * serialised with every other writer of the file, other processes included, by SQLite's write lock.
 */
import type Database from "better-sqlite3";
import { fieldExpr } from "./sqlite-sql.js";

const OWNER = fieldExpr("leaseOwner");
const EXPIRES = fieldExpr("leaseExpiresAt");
/** Literal values, spelled exactly like the partial index's WHERE: SQLite only uses the index for that spelling. */
const ACTIVE = `${fieldExpr("status")} IN ('QUEUED', 'RUNNING')`;
/** No lease, or an expired one (a missing field reads as NULL, so runs stored before leases existed are free). */
const FREE = `(${OWNER} IS NULL OR ${EXPIRES} IS NULL OR ${EXPIRES} <= @now)`;

export function createRunLeaseSchema(db: Database.Database): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS step_claims (run_id TEXT NOT NULL, node_id TEXT NOT NULL, attempt INTEGER NOT NULL, " +
      "owner TEXT NOT NULL, claimed_at INTEGER NOT NULL, PRIMARY KEY (run_id, node_id, attempt)) WITHOUT ROWID",
  );
  // Only active runs, in age order: listOrphanedRuns reads a few entries whatever the number of finished runs.
  db.exec(`CREATE INDEX IF NOT EXISTS runs_active ON runs (created_at, id) WHERE ${ACTIVE}`);
}

export const LEASE_SQL = {
  /** Params: id, owner, now, expiresAt (epoch ms). */
  acquire:
    "UPDATE runs SET doc = json_set(doc, '$.leaseOwner', @owner, '$.leaseExpiresAt', @expiresAt) " +
    `WHERE id = @id AND ${ACTIVE} AND (${FREE} OR ${OWNER} = @owner)`,
  release: `UPDATE runs SET doc = json_set(doc, '$.leaseOwner', NULL, '$.leaseExpiresAt', NULL) WHERE id = ? AND ${OWNER} = ?`,
  /** Params: now, limit. */
  orphaned:
    `SELECT id, created_at, doc FROM runs INDEXED BY runs_active WHERE ${ACTIVE} AND ${FREE} ` +
    "ORDER BY created_at, id LIMIT @limit",
  cancel: `UPDATE runs SET doc = json_set(doc, '$.cancelRequestedAt', ?) WHERE id = ? AND ${fieldExpr("cancelRequestedAt")} IS NULL`,
  claim:
    "INSERT INTO step_claims (run_id, node_id, attempt, owner, claimed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
} as const;
