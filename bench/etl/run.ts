// ETL benchmark: Millrace's chained steps vs pandas vs one raw DuckDB query, on the same 1M-row CSV, same machine.
// Each runner is its own process (own peak RSS) running the pipeline BENCH_ITERATIONS times (default 3); runners
// are started BENCH_REPEATS times (default 2), alternating; the best time of each counts (noisy shared cores).
// Prints one JSON line. Usage: node --import tsx bench/etl/run.ts
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { ensureInput } from "./generate.js";
import { DATA_DIR, ITERATIONS, ROOT, ROWS, WORK_DIR, type RunnerReport } from "./spec.js";

const REPEATS = Math.max(1, Number(process.env["BENCH_REPEATS"] ?? 2));
const HERE = path.join(ROOT, "bench", "etl");
const VENV = path.join(ROOT, ".tmp", "venv-etl");
const PYTHON = path.join(VENV, "bin", "python");

function ensurePandas(): void {
  if (existsSync(PYTHON)) return;
  process.stderr.write(`creating ${path.relative(ROOT, VENV)} with pandas and pyarrow…\n`);
  execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
  execFileSync(path.join(VENV, "bin", "pip"), ["install", "--quiet", "pandas", "pyarrow"], { stdio: "inherit" });
}

const RUNNERS: Record<string, { command: string; args: string[]; env?: Record<string, string> }> = {
  millrace: { command: process.execPath, args: ["--import", "tsx", path.join(HERE, "millrace.ts")] },
  // The same engine with every step writing its output (no views): Millrace before lazy row-wise steps.
  millraceWritten: {
    command: process.execPath,
    args: ["--import", "tsx", path.join(HERE, "millrace.ts")],
    env: { MILLRACE_LAZY: "0" },
  },
  pandas: { command: PYTHON, args: [path.join(HERE, "pandas_etl.py"), DATA_DIR] },
  duckdb: { command: process.execPath, args: ["--import", "tsx", path.join(HERE, "duckdb-raw.ts")] },
};

function runOnce(name: string): RunnerReport {
  const { command, args, env } = RUNNERS[name]!;
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 20,
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(`${name} failed (${result.status}):\n${result.stderr}`);
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as RunnerReport;
}

await ensureInput();
ensurePandas();
const best: Record<string, RunnerReport> = {};
const peak: Record<string, number> = {};
for (let i = 0; i < REPEATS; i++) {
  for (const name of Object.keys(RUNNERS)) {
    const report = runOnce(name);
    process.stderr.write(
      `${name} #${i + 1}: best ${report.seconds.toFixed(3)} s, cold ${report.coldSeconds.toFixed(3)} s, ${report.maxRssMB} MB\n`,
    );
    if (!best[name] || report.seconds < best[name].seconds) best[name] = report;
    peak[name] = Math.max(peak[name] ?? 0, report.maxRssMB);
  }
}

const { millrace, millraceWritten, pandas, duckdb } = best as Record<
  "millrace" | "millraceWritten" | "pandas" | "duckdb",
  RunnerReport
>;
const same = (a: RunnerReport, b: RunnerReport) =>
  a.rowsIn === b.rowsIn &&
  a.groups === b.groups &&
  a.checksum.n === b.checksum.n &&
  Math.abs(a.checksum.revenue - b.checksum.revenue) < 1e-6 * Math.abs(b.checksum.revenue);
if (
  millrace.rowsIn !== ROWS ||
  !same(millrace, duckdb) ||
  !same(millrace, pandas) ||
  !same(millrace, millraceWritten)
) {
  throw new Error(`the runners disagree: ${JSON.stringify({ millrace, millraceWritten, pandas, duckdb })}`);
}
const rate = (r: RunnerReport) => Math.round(r.rowsIn / r.seconds);
const round = (x: number) => Math.round(x * 100) / 100;
const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;
const stepMs = (r: RunnerReport) => (r as RunnerReport & { stepMs?: Record<string, number> }).stepMs;
console.log(
  JSON.stringify({
    benchmark: "etl",
    rows: ROWS,
    pipeline: "csv → filter → derive → group by → parquet",
    processes: REPEATS,
    iterationsPerProcess: ITERATIONS,
    rowsPerSecond: {
      millrace: rate(millrace),
      millraceWritten: rate(millraceWritten),
      pandas: rate(pandas),
      duckdb: rate(duckdb),
    },
    seconds: {
      millrace: ms(millrace.seconds),
      millraceWritten: ms(millraceWritten.seconds),
      pandas: ms(pandas.seconds),
      duckdb: ms(duckdb.seconds),
    },
    coldSeconds: {
      millrace: ms(millrace.coldSeconds),
      millraceWritten: ms(millraceWritten.coldSeconds),
      pandas: ms(pandas.coldSeconds),
      duckdb: ms(duckdb.coldSeconds),
    },
    millraceStepMs: stepMs(millrace),
    millraceWrittenStepMs: stepMs(millraceWritten),
    ratios: {
      millraceVsPandas: round(pandas.seconds / millrace.seconds),
      millraceVsDuckdb: round(duckdb.seconds / millrace.seconds),
      millraceWrittenVsDuckdb: round(duckdb.seconds / millraceWritten.seconds),
      millraceVsMillraceWritten: round(millraceWritten.seconds / millrace.seconds),
    },
    targets: { millraceVsPandas: 3, millraceVsDuckdb: 0.7 },
    peakRssMB: peak,
    outputsAgree: true,
    workDir: path.relative(ROOT, WORK_DIR),
  }),
);
