// The benchmark's data and pipeline, shared by the Millrace and raw DuckDB runners (pandas_etl.py mirrors it).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const WORK_DIR = path.join(ROOT, ".tmp", "bench-etl");
/** Millrace's data directory for the run; the input CSV lives in it. */
export const DATA_DIR = path.join(WORK_DIR, "data");
export const INPUT_CSV = "input.csv";
export const ROWS = 1_000_000;

/** The pipeline: filter → derive → aggregate (group by) → Parquet. */
export const FILTER = "price > 10 AND flag";
export const DERIVE = { name: "revenue", expression: "qty * price * (1 - discount)" };
export const GROUP_BY = ["category", "region"];
export const AGGREGATIONS = [
  { fn: "COUNT", as: "n" },
  { fn: "SUM", column: "revenue", as: "revenue" },
  { fn: "AVG", column: "price", as: "avg_price" },
  { fn: "MAX", column: "score", as: "max_score" },
];

/** Each runner process runs the pipeline this many times and reports its best time (the first run is cold). */
export const ITERATIONS = Math.max(1, Number(process.env["BENCH_ITERATIONS"] ?? 3));

/** What every runner prints (one JSON line on stdout). */
export interface RunnerReport {
  /** Best of ITERATIONS runs in one process. */
  seconds: number;
  /** The first run: cold caches and code paths. */
  coldSeconds: number;
  rowsIn: number;
  groups: number;
  /** Sum of n and of revenue over the output: the three runners must agree. */
  checksum: { n: number; revenue: number };
  maxRssMB: number;
}

export function maxRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
