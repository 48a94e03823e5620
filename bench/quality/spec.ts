// The quality benchmark's data and rules, shared by run.ts and mirrored by pandas_quality.py.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WORK_DIR = path.join(ROOT, ".tmp", "bench-quality");
/** Millrace's data directory; the tables are run outputs in it, as a validate step would see them. */
export const DATA_DIR = path.join(WORK_DIR, "data");
export const ROWS = 1_000_000;
export const CUSTOMERS = 50_000;
export const ORDERS_TARGET = { runId: "bench", nodeId: "orders" };
export const CUSTOMERS_TARGET = { runId: "bench", nodeId: "customers" };
/** Freshness is measured from here (the newest generated timestamp). */
export const NOW = "2024-06-01T00:00:00Z";
/** Rounds: each runs Millrace once, then a pandas process (twice); the best time of each side counts. */
export const ITERATIONS = Math.max(1, Number(process.env["BENCH_ITERATIONS"] ?? 3));
export const SAMPLE_SIZE = 5;

/** The 10 rules: one of each type. pandas_quality.py implements the same ones, with the same semantics. */
export const RULES = [
  { type: "not_null", columns: ["email", "amount"], severity: "HIGH" },
  { type: "unique", column: "id", severity: "HIGH" },
  { type: "range", column: "amount", min: 0, max: 1000 },
  { type: "type_check", column: "qty", expected: "int" },
  { type: "pattern", column: "email", pattern: "^[^@\\s]+@[^@\\s]+\\.[a-z]+$" },
  {
    type: "allowed_values",
    column: "status",
    values: ["new", "paid", "shipped", "delivered", "returned"],
    severity: "LOW",
  },
  { type: "row_count", min: 1 },
  { type: "freshness", column: "updated_at", maxAgeHours: 30 * 24, scope: "rows" },
  { type: "custom_sql", expression: "discount <= amount" },
  { type: "referential", column: "customer_id", reference: "customers", referenceColumn: "id", severity: "HIGH" },
];

/** 1M orders with a known sprinkling of defects; hash() makes them deterministic. */
export const ORDERS_SQL = `
WITH base AS (SELECT range AS i, hash(range) AS h1, hash(range + 1000003) AS h2, hash(range * 7 + 13) AS h3 FROM range(${ROWS}))
SELECT
  CAST(CASE WHEN h1 % 1000 = 0 AND i > 0 THEN i - 1 ELSE i END AS BIGINT) AS id,
  CASE WHEN h2 % 100 = 0 THEN NULL WHEN h2 % 200 = 1 THEN 'user' || i || '@example' ELSE 'user' || i || '@example.com' END AS email,
  CASE WHEN h3 % 200 = 0 THEN NULL WHEN h3 % 500 = 1 THEN -CAST(h3 % 1000 AS DOUBLE) / 10 ELSE CAST(h3 % 110000 AS DOUBLE) / 100 END AS amount,
  CASE WHEN h1 % 300 = 7 THEN 'n/a' WHEN h1 % 300 = 8 THEN CAST(CAST(h1 % 100 AS DOUBLE) / 4 AS VARCHAR) ELSE CAST(h1 % 50 AS VARCHAR) END AS qty,
  CASE WHEN h2 % 1000 = 5 THEN 'unknown' ELSE ['new', 'paid', 'shipped', 'delivered', 'returned'][CAST(h2 % 5 AS INTEGER) + 1] END AS status,
  CASE WHEN h3 % 700 = 3 THEN NULL WHEN h3 % 500 = 2 THEN 60000 + CAST(h3 % 100 AS BIGINT) ELSE CAST(h3 % ${CUSTOMERS} AS BIGINT) + 1 END AS customer_id,
  TIMESTAMP '2024-06-01' - to_seconds(CAST(h1 % (40 * 86400) AS BIGINT)) AS updated_at,
  CASE WHEN h2 % 400 = 9 THEN NULL WHEN h2 % 200 = 3 THEN amount + 1 ELSE amount * CAST(h2 % 50 AS DOUBLE) / 100 END AS discount,
  CASE WHEN h3 % 500 = 7 THEN 'usa' ELSE ['DE', 'FR', 'US', 'GB', 'ES', 'IT', 'NL', 'PL'][CAST(h3 % 8 AS INTEGER) + 1] END AS country,
  (CAST(h1 % 10000 AS DOUBLE) + CAST(h2 % 10000 AS DOUBLE) + CAST(h3 % 10000 AS DOUBLE)) / 300 AS score
FROM base`;

export const CUSTOMERS_SQL = `SELECT CAST(range AS BIGINT) AS id, 'customer ' || range AS name FROM range(1, ${CUSTOMERS + 1})`;

/** What each side computed, compared before any time is reported. */
export interface Figures {
  rows: number;
  failingRows: number;
  /** Per rule: failing rows (null for row_count) and the first failing row numbers. */
  rules: Array<{ failing: number | null; passed: boolean; sample: number[] }>;
  /** Per profiled column: nulls, distinct, and min/max/mean/p50 for numeric columns. */
  profile: Record<string, { nulls: number; distinct: number; min?: number; max?: number; mean?: number; p50?: number }>;
}
