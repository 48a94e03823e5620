// Data quality benchmark: 10 rules (one of each type) plus a full profile on 1M rows, Millrace vs pandas doing
// the same checks on the same Parquet files, same machine, same run. Both sides must agree on every count
// before a time is reported. Prints one JSON line. Usage: node --import tsx bench/quality/run.ts
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import type { StepOutput } from "../../api/src/engine/step-runtime.js";
import { profileTable, type TableProfile } from "../../api/src/quality/profiler.js";
import { runQualityCheck } from "../../api/src/quality/quality-check.js";
import type { QualityReport } from "../../api/src/quality/quality-report.js";
import {
  CUSTOMERS_SQL,
  CUSTOMERS_TARGET,
  DATA_DIR,
  ITERATIONS,
  NOW,
  ORDERS_SQL,
  ORDERS_TARGET,
  ROOT,
  ROWS,
  RULES,
  SAMPLE_SIZE,
  type Figures,
} from "./spec.js";

const VENV = path.join(ROOT, ".tmp", "venv-quality");
const PYTHON = path.join(VENV, "bin", "python");

function ensurePandas(): void {
  if (existsSync(PYTHON)) return;
  process.stderr.write(`creating ${path.relative(ROOT, VENV)} with pandas and pyarrow…\n`);
  execFileSync("python3", ["-m", "venv", VENV], { stdio: "inherit" });
  execFileSync(path.join(VENV, "bin", "pip"), ["install", "--quiet", "pandas", "pyarrow"], { stdio: "inherit" });
}

const engine = await openDuckDbEngine({ dataDir: DATA_DIR, samplesDir: path.join(ROOT, "data") });
try {
  // The tables as a validate step sees them: run outputs (Parquet) in the data directory. Regenerated each time:
  // cheap (about a second) and never stale.
  const orders = await engine.materialize({ sql: ORDERS_SQL, output: ORDERS_TARGET });
  const customers = await engine.materialize({ sql: CUSTOMERS_SQL, output: CUSTOMERS_TARGET });
  if (orders.rows !== ROWS) throw new Error(`generated ${orders.rows} rows, expected ${ROWS}`);

  ensurePandas();
  const millrace = await timeMillrace(orders, customers.location);
  const pandas = runPandas(path.join(DATA_DIR, orders.location), path.join(DATA_DIR, customers.location));
  const disagreements = compare(millrace.figures, pandas.figures);
  if (disagreements.length > 0) throw new Error(`Millrace and pandas disagree:\n${disagreements.join("\n")}`);

  const ms = (s: number) => Math.round(s * 1000);
  console.log(
    JSON.stringify({
      benchmark: "quality",
      rows: ROWS,
      rules: RULES.length,
      work: "10 rules (one per type, failing rows + first 5 rows each) + full profile of 10 columns",
      iterationsPerSide: ITERATIONS,
      seconds: { millrace: round(millrace.best, 3), pandas: round(pandas.best, 3) },
      coldSeconds: { millrace: round(millrace.cold, 3), pandas: round(pandas.cold, 3) },
      breakdownMs: {
        millrace: { rules: ms(millrace.rules), profile: ms(millrace.profile) },
        pandas: { read: ms(pandas.read), rules: ms(pandas.rules), profile: ms(pandas.profile) },
      },
      ratio: round(pandas.best / millrace.best, 2),
      target: 3,
      agree: true,
      failingRows: millrace.figures.failingRows,
    }),
  );
} finally {
  await engine.close();
}

async function timeMillrace(orders: StepOutput, customersLocation: string) {
  let best = Infinity;
  let cold = 0;
  let rules = 0;
  let profile = 0;
  let report: QualityReport | null = null;
  let table: TableProfile | null = null;
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    report = await runQualityCheck(engine, orders, RULES, {
      now: new Date(NOW),
      sampleSize: SAMPLE_SIZE,
      references: { customers: customersLocation },
    });
    const checked = performance.now();
    table = await profileTable(engine, orders.location);
    const seconds = (performance.now() - started) / 1000;
    if (i === 0) cold = seconds;
    if (seconds < best)
      [best, rules, profile] = [seconds, (checked - started) / 1000, (performance.now() - checked) / 1000];
    process.stderr.write(
      `millrace #${i + 1}: ${seconds.toFixed(3)} s (rules ${((checked - started) / 1000).toFixed(3)} s)\n`,
    );
  }
  if (!report || !table) throw new Error("no iteration ran");
  return { best, cold, rules, profile, figures: figuresOf(report, table) };
}

function figuresOf(report: QualityReport, table: TableProfile): Figures {
  const profile: Figures["profile"] = {};
  for (const c of table.columns) {
    profile[c.name] = {
      nulls: c.nulls,
      distinct: c.distinct,
      ...(typeof c.min === "number" ? { min: c.min } : {}),
      ...(typeof c.max === "number" ? { max: c.max } : {}),
      ...(c.mean !== null && c.kind !== "boolean" ? { mean: c.mean } : {}),
      ...(c.quantiles ? { p50: c.quantiles.p50 } : {}),
    };
  }
  return {
    rows: report.rows,
    failingRows: report.failingRows,
    rules: report.rules.map((r) => ({
      failing: r.failingRows,
      passed: r.passed,
      sample: r.samples.map((s) => s.rowNumber),
    })),
    profile,
  };
}

function runPandas(ordersFile: string, customersFile: string) {
  const script = path.join(ROOT, "bench", "quality", "pandas_quality.py");
  const result = spawnSync(PYTHON, [script, ordersFile, customersFile, NOW, String(ITERATIONS), String(SAMPLE_SIZE)], {
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (result.status !== 0) throw new Error(`pandas failed (${result.status}):\n${result.stderr}`);
  process.stderr.write(result.stderr);
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as {
    best: number;
    cold: number;
    read: number;
    rules: number;
    profile: number;
    figures: Figures;
  };
}

function compare(a: Figures, b: Figures): string[] {
  const problems: string[] = [];
  const same = (x: number | undefined, y: number | undefined) =>
    x === y || (x !== undefined && y !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)));
  if (a.rows !== b.rows) problems.push(`rows: ${a.rows} vs ${b.rows}`);
  if (a.failingRows !== b.failingRows) problems.push(`failing rows: ${a.failingRows} vs ${b.failingRows}`);
  a.rules.forEach((rule, i) => {
    const other = b.rules[i];
    if (JSON.stringify(rule) !== JSON.stringify(other))
      problems.push(`rule #${i}: ${JSON.stringify(rule)} vs ${JSON.stringify(other)}`);
  });
  for (const [name, figures] of Object.entries(a.profile)) {
    const other = b.profile[name];
    if (!other) {
      problems.push(`profile ${name}: missing on the pandas side`);
      continue;
    }
    for (const key of ["nulls", "distinct", "min", "max", "mean", "p50"] as const) {
      if (!same(figures[key], other[key])) problems.push(`profile ${name}.${key}: ${figures[key]} vs ${other[key]}`);
    }
  }
  return problems;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
