/**
 * Metric histories in one table: a row per logged point, in logging order (rowid), read by (experiment, key).
 */
/* eslint-disable @typescript-eslint/require-await -- better-sqlite3 is synchronous; `async` keeps the port's
   promise that failures arrive as rejections, never as synchronous throws. */
import type Database from "better-sqlite3";
import {
  checkHistoryPage,
  decodeMetricValue,
  decodeOffset,
  encodeMetricValue,
  encodeOffset,
  latestOf,
} from "../metric-points.js";
import type { ExperimentMetricStore, MetricHistoryPage } from "../ports.js";
import type { MetricPoint } from "../records.js";
import type { StatementCache } from "./statement-cache.js";

interface PointRow {
  key: string;
  value: number | null;
  special: string | null;
  timestamp: number;
  step: number;
}

export function createMetricSchema(db: Database.Database): void {
  db.exec(
    "CREATE TABLE IF NOT EXISTS experiment_metrics (seq INTEGER PRIMARY KEY, experiment_id TEXT NOT NULL, " +
      "key TEXT NOT NULL, value REAL, special TEXT, timestamp INTEGER NOT NULL, step INTEGER NOT NULL)",
  );
  // Unique: a point logged twice (a client retrying, MLflow 3 re-logging a step for a model) is kept once.
  db.exec(
    "CREATE UNIQUE INDEX IF NOT EXISTS experiment_metrics_unique_point " +
      "ON experiment_metrics (experiment_id, key, step, timestamp, ifnull(value, 0), ifnull(special, ''))",
  );
}

export class SqliteMetricStore implements ExperimentMetricStore {
  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
  ) {}

  async append(experimentId: string, points: readonly MetricPoint[]): Promise<void> {
    const insert = this.statements.get(
      "INSERT OR IGNORE INTO experiment_metrics (experiment_id, key, value, special, timestamp, step) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const point of points) {
        const { value, special } = encodeMetricValue(point.value);
        insert.run(experimentId, point.key, value, special, Math.trunc(point.timestamp), Math.trunc(point.step));
      }
    })();
  }

  async history(
    experimentId: string,
    key: string,
    page: { first: number; after?: string | null },
  ): Promise<MetricHistoryPage> {
    const first = checkHistoryPage(page.first);
    const offset = decodeOffset(page.after);
    const rows = this.statements
      .get(
        "SELECT key, value, special, timestamp, step FROM experiment_metrics WHERE experiment_id = ? AND key = ? " +
          "ORDER BY step, timestamp, seq LIMIT ? OFFSET ?",
      )
      .all(experimentId, key, first + 1, offset) as PointRow[];
    return {
      items: rows.slice(0, first).map(pointOf),
      endCursor: rows.length > first ? encodeOffset(offset + first) : null,
    };
  }

  async latest(experimentId: string, keys?: readonly string[]): Promise<Map<string, MetricPoint>> {
    const names =
      keys ??
      (
        this.statements
          .get("SELECT DISTINCT key FROM experiment_metrics WHERE experiment_id = ?")
          .all(experimentId) as { key: string }[]
      ).map((row) => row.key);
    // Per key, the points at its highest (step, timestamp), found through the unique index: no scan of the history.
    const top = this.statements.get(
      "SELECT key, value, special, timestamp, step FROM experiment_metrics WHERE experiment_id = ? AND key = ? " +
        "AND (step, timestamp) = (SELECT step, timestamp FROM experiment_metrics WHERE experiment_id = ? AND key = ? " +
        "ORDER BY step DESC, timestamp DESC LIMIT 1) ORDER BY seq",
    );
    const rows = [...new Set(names)].flatMap((key) => top.all(experimentId, key, experimentId, key) as PointRow[]);
    return latestOf(rows.map(pointOf));
  }

  async deleteByExperiment(experimentId: string): Promise<number> {
    return this.statements.get("DELETE FROM experiment_metrics WHERE experiment_id = ?").run(experimentId).changes;
  }
}

function pointOf(row: PointRow): MetricPoint {
  return { key: row.key, value: decodeMetricValue(row.value, row.special), timestamp: row.timestamp, step: row.step };
}
