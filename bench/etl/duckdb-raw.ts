// Runner: the same pipeline as one hand-written DuckDB query, straight from the CSV to the Parquet file.
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { DATA_DIR, DERIVE, FILTER, INPUT_CSV, ITERATIONS, maxRssMB, type RunnerReport } from "./spec.js";

const input = path.join(DATA_DIR, INPUT_CSV);
const output = path.join(DATA_DIR, "out", "duckdb.parquet");
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
const times: number[] = [];
for (let i = 0; i < ITERATIONS; i++) {
  const started = performance.now();
  await connection.run(`COPY (
    SELECT category, region, count(*) AS n, sum(${DERIVE.name}) AS revenue, avg(price) AS avg_price, max(score) AS max_score
    FROM (SELECT *, ${DERIVE.expression} AS ${DERIVE.name} FROM read_csv('${input}') WHERE ${FILTER})
    GROUP BY category, region ORDER BY category, region
  ) TO '${output}' (FORMAT parquet)`);
  times.push((performance.now() - started) / 1000);
}
const reader = await connection.runAndReadAll(
  `SELECT (SELECT count(*) FROM read_csv('${input}')) AS rows_in, count(*) AS groups, sum(n) AS n, sum(revenue) AS revenue FROM read_parquet('${output}')`,
);
const row = reader.getRowObjectsJS()[0]!;
connection.closeSync();
instance.closeSync();
const report: RunnerReport = {
  seconds: Math.min(...times),
  coldSeconds: times[0]!,
  rowsIn: Number(row["rows_in"]),
  groups: Number(row["groups"]),
  checksum: { n: Number(row["n"]), revenue: Number(row["revenue"]) },
  maxRssMB: maxRssMB(),
};
console.log(JSON.stringify(report));
