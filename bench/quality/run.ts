// Data quality benchmark: 10 rules (one of each type) plus a full profile on 1M rows, Millrace vs pandas doing
// the same checks on the same Parquet files, same machine, same run. Both sides must agree on every count
// before a time is reported. Rounds alternate (one Millrace run, then one pandas process running the job twice)
// so both meet the same machine load; the best time of each side counts. Prints one JSON line.
// Millrace runs twice per round: with an exact profile (every figure exact, compared with pandas' exactly) and
// with an approximate one (ProfileOptions.approximate: estimated distinct counts and sample quantiles), whose
// estimates are checked against pandas' exact figures within the bounds the profile states. Two ratios result.
// Usage: node --import tsx bench/quality/run.ts   (BENCH_ITERATIONS=n rounds, default 3)
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDuckDbEngine } from "../../api/src/data/duckdb/duckdb-engine.js";
import type { StepOutput } from "../../api/src/engine/step-runtime.js";
import { PROFILE_QUANTILES, profileTable, type TableProfile } from "../../api/src/quality/profiler.js";
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

interface Timing {
  seconds: number;
  /** CPU time of the same run, all threads (DuckDB's workers are threads of this process). */
  cpu: number;
  /** Millrace: rules, profile. pandas: read, rules, profile. */
  parts: Record<string, number>;
}

interface Side {
  best: Timing | null;
  cold: number | null;
  figures: Figures | null;
}

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

  const millrace: Side = { best: null, cold: null, figures: null };
  const approximate: Side & { profile: TableProfile | null } = { best: null, cold: null, figures: null, profile: null };
  const pandas: Side = { best: null, cold: null, figures: null };
  const keep = (side: Side, timing: Timing, cold: number) => {
    side.cold ??= cold;
    if (!side.best || timing.seconds < side.best.seconds) side.best = timing;
  };
  for (let round = 1; round <= ITERATIONS; round++) {
    const m = await runMillrace(orders, customers.location, false);
    millrace.figures = m.figures;
    keep(millrace, m.timing, m.timing.seconds);
    const a = await runMillrace(orders, customers.location, true);
    approximate.figures = a.figures;
    approximate.profile = a.profile;
    keep(approximate, a.timing, a.timing.seconds);
    const p = runPandas(path.join(DATA_DIR, orders.location), path.join(DATA_DIR, customers.location));
    pandas.figures = p.figures;
    keep(pandas, p.best, p.cold);
    process.stderr.write(
      `round ${round}: millrace ${m.timing.seconds.toFixed(3)} s (cpu ${m.timing.cpu.toFixed(3)} s), ` +
        `approximate ${a.timing.seconds.toFixed(3)} s (cpu ${a.timing.cpu.toFixed(3)} s), ` +
        `pandas ${p.best.seconds.toFixed(3)} s (cpu ${p.best.cpu.toFixed(3)} s), load ${os.loadavg()[0]?.toFixed(2)}\n`,
    );
  }
  const [mb, ab, pb] = [millrace.best, approximate.best, pandas.best];
  if (!mb || !ab || !pb || !millrace.figures || !approximate.figures || !approximate.profile || !pandas.figures)
    throw new Error("no round ran");
  const disagreements = compare(millrace.figures, pandas.figures);
  if (disagreements.length > 0) throw new Error(`Millrace and pandas disagree:\n${disagreements.join("\n")}`);
  const outOfBounds = [
    ...compare(approximate.figures, pandas.figures, approximate.profile),
    ...checkQuantileRanks(approximate.profile, path.join(DATA_DIR, orders.location)),
  ];
  if (outOfBounds.length > 0) throw new Error(`approximate profile out of its bounds:\n${outOfBounds.join("\n")}`);
  const estimated = approximate.profile.columns.filter((c) => c.estimates !== null);

  const ms = (parts: Record<string, number>) =>
    Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, Math.round(v * 1000)]));
  console.log(
    JSON.stringify({
      benchmark: "quality",
      rows: ROWS,
      rules: RULES.length,
      work: "10 rules (one per type: failing rows, ratios, first 5 failing rows) + full profile of 10 columns",
      rounds: ITERATIONS,
      seconds: { millrace: round(mb.seconds, 3), approximate: round(ab.seconds, 3), pandas: round(pb.seconds, 3) },
      coldSeconds: {
        millrace: round(millrace.cold ?? 0, 3),
        approximate: round(approximate.cold ?? 0, 3),
        pandas: round(pandas.cold ?? 0, 3),
      },
      // What the work costs in CPU, whatever else the machine is doing (the best runs').
      cpuSeconds: { millrace: round(mb.cpu, 3), approximate: round(ab.cpu, 3), pandas: round(pb.cpu, 3) },
      breakdownMs: { millrace: ms(mb.parts), approximate: ms(ab.parts), pandas: ms(pb.parts) },
      // Exact profile (every figure exact) vs pandas.
      ratio: round(pb.seconds / mb.seconds, 2),
      cpuRatio: round(pb.cpu / mb.cpu, 2),
      // Approximate profile vs pandas' exact one: which figures were estimated, and the widest stated bounds.
      approximateRatio: round(pb.seconds / ab.seconds, 2),
      approximateCpuRatio: round(pb.cpu / ab.cpu, 2),
      approximate: {
        distinctEstimated: estimated.filter((c) => c.estimates?.distinctRelativeError != null).map((c) => c.name),
        quantilesSampled: estimated.filter((c) => c.estimates?.quantileRankError != null).map((c) => c.name),
        maxDistinctRelativeError: round(
          Math.max(0, ...estimated.map((c) => c.estimates?.distinctRelativeError ?? 0)),
          4,
        ),
        maxQuantileRankError: round(Math.max(0, ...estimated.map((c) => c.estimates?.quantileRankError ?? 0)), 4),
      },
      target: 3,
      cores: os.availableParallelism(),
      loadAverage: round(os.loadavg()[0] ?? 0, 2),
      agree: true,
      failingRows: millrace.figures.failingRows,
    }),
  );
} finally {
  await engine.close();
}

async function runMillrace(
  orders: StepOutput,
  customersLocation: string,
  approximate: boolean,
): Promise<{ timing: Timing; figures: Figures; profile: TableProfile }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await runQualityCheck(engine, orders, RULES, {
    now: new Date(NOW),
    sampleSize: SAMPLE_SIZE,
    references: { customers: customersLocation },
  });
  const checked = performance.now();
  const table = await profileTable(engine, orders.location, { approximate });
  const done = performance.now();
  const used = process.cpuUsage(cpuBefore);
  return {
    timing: {
      seconds: (done - started) / 1000,
      cpu: (used.user + used.system) / 1e6,
      parts: { rules: (checked - started) / 1000, profile: (done - checked) / 1000 },
    },
    figures: figuresOf(report, table),
    profile: table,
  };
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

/** One pandas process running the job twice (its first run warms imports and caches); its best run counts. */
function runPandas(ordersFile: string, customersFile: string): { best: Timing; cold: number; figures: Figures } {
  const script = path.join(ROOT, "bench", "quality", "pandas_quality.py");
  const result = spawnSync(PYTHON, [script, ordersFile, customersFile, NOW, "2", String(SAMPLE_SIZE)], {
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (result.status !== 0) throw new Error(`pandas failed (${result.status}):\n${result.stderr}`);
  const line = result.stdout.trim().split("\n").at(-1) ?? "";
  const out = JSON.parse(line) as {
    best: number;
    cold: number;
    cpu: number;
    read: number;
    rules: number;
    profile: number;
    figures: Figures;
  };
  return {
    best: { seconds: out.best, cpu: out.cpu, parts: { read: out.read, rules: out.rules, profile: out.profile } },
    cold: out.cold,
    figures: out.figures,
  };
}

/**
 * Millrace's figures against pandas'. With `estimates` (an approximate profile), an estimated distinct count may
 * differ from the exact one by its stated relative error, and sampled quantiles are checked by checkQuantileRanks.
 */
function compare(a: Figures, b: Figures, estimates?: TableProfile): string[] {
  const problems: string[] = [];
  const same = (x: number | undefined, y: number | undefined) =>
    x === y || (x !== undefined && y !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)));
  if (a.rows !== b.rows) problems.push(`rows: ${a.rows} vs ${b.rows}`);
  if (a.failingRows !== b.failingRows) problems.push(`failing rows: ${a.failingRows} vs ${b.failingRows}`);
  a.rules.forEach((rule, i) => {
    const other = b.rules[i];
    if (JSON.stringify(rule) !== JSON.stringify(other)) {
      problems.push(`rule #${i}: ${JSON.stringify(rule)} vs ${JSON.stringify(other)}`);
    }
  });
  for (const [name, figures] of Object.entries(a.profile)) {
    const other = b.profile[name];
    if (!other) {
      problems.push(`profile ${name}: missing on the pandas side`);
      continue;
    }
    const stated = estimates?.columns.find((c) => c.name === name)?.estimates;
    for (const key of ["nulls", "distinct", "min", "max", "mean", "p50"] as const) {
      const bound = key === "distinct" ? stated?.distinctRelativeError : null;
      if (key === "p50" && stated?.quantileRankError != null) continue;
      if (bound != null && figures[key] !== undefined && other[key] !== undefined) {
        const error = Math.abs(figures[key] - other[key]) / other[key];
        if (error > bound)
          problems.push(`profile ${name}.${key}: ${figures[key]} vs ${other[key]} (error ${error} > ${bound})`);
      } else if (!same(figures[key], other[key])) {
        problems.push(`profile ${name}.${key}: ${figures[key]} vs ${other[key]}`);
      }
    }
  }
  return problems;
}

/** Each sampled quantile q must be a value whose exact rank interval (pandas) meets q ± the stated bound. */
function checkQuantileRanks(profile: TableProfile, ordersFile: string): string[] {
  const asked = profile.columns.flatMap((c) => {
    const bound = c.estimates?.quantileRankError;
    if (bound == null || !c.quantiles) return [];
    const quantiles = c.quantiles;
    return PROFILE_QUANTILES.map((q, j) => {
      const key = (["p05", "p25", "p50", "p75", "p95"] as const)[j] ?? "p50";
      return { column: c.name, q, bound, value: quantiles[key] };
    });
  });
  if (asked.length === 0) return [];
  const script = path.join(ROOT, "bench", "quality", "pandas_quality.py");
  const result = spawnSync(PYTHON, [script, "--ranks", ordersFile], {
    input: JSON.stringify(asked.map(({ column, value }) => ({ column, value }))),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`pandas --ranks failed (${result.status}):\n${result.stderr}`);
  const ranks = JSON.parse(result.stdout) as Array<{ below: number; atOrBelow: number }>;
  return asked.flatMap((a, i) => {
    const r = ranks[i];
    if (!r) return [`${a.column} q${a.q}: no rank`];
    const ok = r.atOrBelow >= a.q - a.bound && r.below <= a.q + a.bound;
    return ok ? [] : [`${a.column} q${a.q} = ${a.value}: exact rank ${r.below}..${r.atOrBelow}, bound ±${a.bound}`];
  });
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
