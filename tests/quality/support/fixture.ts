// Test tables with known defects, written as Parquet by the real DuckDB engine on a temp data directory.
// The rows are plain JS data too, so tests compute expected figures from them independently of the engine.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDuckDbEngine, type DuckDbEngine } from "../../../api/src/data/duckdb/duckdb-engine.js";
import type { StepInvocation, StepOutput } from "../../../api/src/engine/step-runtime.js";
import { literal } from "../../../api/src/data/sql.js";
import type { LogLevel } from "../../../api/src/store/records.js";

export const REPO_DATA = fileURLToPath(new URL("../../../data", import.meta.url));

type Cell = string | number | boolean | null;

export interface FixtureTable {
  columns: Array<{ name: string; type: string }>;
  rows: Cell[][];
}

/**
 * Orders: 20 rows. Defects, by 0-based row number:
 *  - email null: 2, 6; amount null: 8
 *  - id duplicated: 1 on rows 0 and 12, 3 on rows 2 and 5
 *  - amount outside [0, 100]: 3 (-5), 7 (150); 9 (100) and 10 (0) are on the bounds
 *  - qty (text) not an int: 3 "x", 6 "7.5", 12 "abc"; 9 is null
 *  - email not like name@host.tld: 3 "not-an-email", 7 "h@x"
 *  - status not in new/paid/shipped: 5 "cancelled", 10 "refunded"
 *  - updated_at older than 2024-05-26 (7 days before 2024-06-02): 3, 10; 6 is null
 *  - discount > amount: 3 (0 > -5), 4 (60 > 50); 7 has no discount, 8 no amount
 *  - customer_id not among customers 1..5: 3 (9), 9 (9), 10 (7); 5 is null
 */
export const ORDERS: FixtureTable = {
  columns: [
    { name: "id", type: "BIGINT" },
    { name: "email", type: "VARCHAR" },
    { name: "amount", type: "DOUBLE" },
    { name: "qty", type: "VARCHAR" },
    { name: "status", type: "VARCHAR" },
    { name: "customer_id", type: "BIGINT" },
    { name: "updated_at", type: "TIMESTAMP" },
    { name: "discount", type: "DOUBLE" },
  ],
  rows: [
    [1, "a@x.com", 10, "1", "new", 1, "2024-06-01 10:00:00", 0],
    [2, "b@x.com", 20, "2", "paid", 2, "2024-06-01 11:00:00", 5],
    [3, null, 30, "3", "paid", 3, "2024-06-01 12:00:00", 0],
    [4, "not-an-email", -5, "x", "paid", 9, "2024-05-01 00:00:00", 0],
    [5, "e@x.com", 50, "5", "shipped", 1, "2024-06-01 13:00:00", 60],
    [3, "f@x.com", 60, "6", "cancelled", null, "2024-06-01 14:00:00", 0],
    [7, null, 70, "7.5", "new", 2, null, 0],
    [8, "h@x", 150, "8", "new", 4, "2024-06-01 15:00:00", null],
    [9, "i@x.com", null, "9", "paid", 5, "2024-06-01 16:00:00", 0],
    [10, "j@x.com", 100, null, "new", 9, "2024-06-01 17:00:00", 10],
    [11, "k@x.com", 0, "11", "refunded", 7, "2024-04-01 00:00:00", 0],
    [12, "l@x.com", 12, "12", "paid", 1, "2024-06-01 18:00:00", 0],
    [1, "m@x.com", 13, "abc", "paid", 2, "2024-06-01 19:00:00", 0],
    [14, "n@x.com", 14, "14", "new", 3, "2024-06-01 20:00:00", 0],
    [15, "o@x.com", 15, "15", "new", 3, "2024-06-01 20:00:00", 0],
    [16, "p@x.com", 16, "16", "new", 3, "2024-06-01 20:00:00", 0],
    [17, "q@x.com", 17, "17", "new", 3, "2024-06-01 20:00:00", 0],
    [18, "r@x.com", 18, "18", "new", 3, "2024-06-01 20:00:00", 0],
    [19, "s@x.com", 19, "19", "new", 3, "2024-06-01 20:00:00", 0],
    [20, "t@x.com", 20, "20", "new", 3, "2024-06-01 20:00:00", 0],
  ],
};

export const CUSTOMERS: FixtureTable = {
  columns: [
    { name: "id", type: "BIGINT" },
    { name: "name", type: "VARCHAR" },
  ],
  rows: [
    [1, "Ada"],
    [2, "Brian"],
    [3, "Chen"],
    [4, "Dana"],
    [5, "Eve"],
    [5, "Eve (duplicate record)"],
  ],
};

/** The instant the fixture's freshness rules are measured from. */
export const NOW = new Date("2024-06-02T00:00:00Z");

/** A SELECT producing `table` with its exact column types, in row order. */
export function tableSql(table: FixtureTable): string {
  const rows = table.rows.map(
    (row) => `(${row.map((cell, i) => cellSql(cell, table.columns[i]?.type ?? "VARCHAR")).join(", ")})`,
  );
  const names = table.columns.map((c) => `"${c.name}"`).join(", ");
  return `SELECT * FROM (VALUES ${rows.join(", ")}) AS t(${names})`;
}

function cellSql(cell: Cell, type: string): string {
  return `CAST(${cell === null ? "NULL" : literal(cell)} AS ${type})`;
}

export interface QualityFixture {
  engine: DuckDbEngine;
  orders: StepOutput;
  customers: StepOutput;
  /** Writes any table as a run output. */
  write(table: FixtureTable | string, nodeId: string): Promise<StepOutput>;
  close(): Promise<void>;
}

export async function openFixture(): Promise<QualityFixture> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "millrace-quality-test-"));
  const engine = await openDuckDbEngine({ dataDir, samplesDir: REPO_DATA, threads: 2 });
  const write = (table: FixtureTable | string, nodeId: string) =>
    engine.materialize({
      sql: typeof table === "string" ? table : tableSql(table),
      output: { runId: "fixture", nodeId },
    });
  return {
    engine,
    orders: await write(ORDERS, "orders"),
    customers: await write(CUSTOMERS, "customers"),
    write,
    async close() {
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Invocation extends StepInvocation {
  logs: Array<{ level: LogLevel; message: string }>;
}

/** A validate step invocation over `input`, recording its logs. */
export function invocationOf(input: StepOutput, config: Record<string, unknown>, nodeId = "gate"): Invocation {
  const logs: Invocation["logs"] = [];
  return {
    runId: "run1",
    node: { id: nodeId, kind: "validate", label: "Quality gate", config, position: { x: 0, y: 0 } },
    inputs: [input],
    params: {},
    attempt: 1,
    signal: new AbortController().signal,
    log: (level, message) => logs.push({ level, message }),
    progress: () => {},
    logs,
  };
}
