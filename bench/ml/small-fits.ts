// Best-of-N fit times of the fits where fixed costs matter (issue #5), ours vs scikit-learn in one run.
// CPU time (process.cpuUsage / time.process_time, all threads of the process) is the figure to compare on a shared
// machine; best-of-N wall time is printed beside it. Usage:
//   node --import tsx bench/ml/small-fits.ts [--repeat N] [--only svm_digits,logreg_digits] [--no-sklearn]
// Needs the CSVs of export_datasets.py in .tmp/ml-bench and the venv of run.ts.
import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createEstimator } from "../../api/src/ml/registry.js";
import type { Matrix } from "../../api/src/ml/matrix.js";
import { readDatasetCsv, type CsvDataset } from "./csv.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = `${root}.tmp/ml-bench`;
const python = `${root}.tmp/venv/bin/python`;

interface Case {
  name: string;
  dataset: string;
  algorithm: "svm" | "logistic_regression" | "gradient_boosting";
  trainRows?: number;
  repeat: number;
  target: number;
}

function argValue(flag: string): string | undefined {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const repeatArg = argValue("--repeat");
const only = argValue("--only")?.split(",");
const scale = repeatArg ? Number(repeatArg) / 20 : 1;
const all: Case[] = [
  { name: "svm_digits", dataset: "digits", algorithm: "svm", repeat: 20, target: 2 },
  { name: "svm_10k", dataset: "classification_200k", algorithm: "svm", trainRows: 10_000, repeat: 5, target: 2 },
  { name: "logreg_digits", dataset: "digits", algorithm: "logistic_regression", repeat: 20, target: 2 },
  { name: "logreg_breast_cancer", dataset: "breast_cancer", algorithm: "logistic_regression", repeat: 20, target: 2 },
  { name: "gbdt_breast_cancer", dataset: "breast_cancer", algorithm: "gradient_boosting", repeat: 10, target: 1 },
];
const cases = all
  .filter((c) => !only || only.includes(c.name))
  .map((c) => ({ ...c, repeat: Math.max(1, Math.round(c.repeat * scale)) }));

function head(d: CsvDataset, rows: number | undefined): CsvDataset {
  if (!rows || rows >= d.X.rows) return d;
  const X: Matrix = { rows, cols: d.X.cols, data: d.X.data.slice(0, rows * d.X.cols) };
  return { X, y: d.y.slice(0, rows), groups: null };
}

function ours(c: Case): { cpu_s: number; wall_s: number; accuracy: number } {
  const train = head(readDatasetCsv(`${dataDir}/${c.dataset}_train.csv`), c.trainRows);
  const test = readDatasetCsv(`${dataDir}/${c.dataset}_test.csv`);
  const params = c.algorithm === "gradient_boosting" ? { early_stopping: false } : {};
  let cpu = Infinity;
  let wall = Infinity;
  let accuracy = 0;
  for (let r = 0; r < c.repeat; r++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    const model = createEstimator(c.algorithm, params).fit(train.X, train.y);
    const used = process.cpuUsage(c0);
    wall = Math.min(wall, (performance.now() - w0) / 1000);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
    if (r === c.repeat - 1) {
      const pred = model.predict(test.X);
      let hit = 0;
      for (let i = 0; i < pred.length; i++) if (pred[i] === test.y[i]) hit++;
      accuracy = hit / pred.length;
    }
  }
  return { cpu_s: cpu, wall_s: wall, accuracy };
}

const load0 = loadavg()[0]!;
const sk = process.argv.includes("--no-sklearn")
  ? []
  : (JSON.parse(
      execFileSync(
        python,
        [
          `${root}bench/ml/sklearn_small_fits.py`,
          dataDir,
          JSON.stringify(
            cases.map((c) => ({
              name: c.name,
              dataset: c.dataset,
              algorithm: c.algorithm,
              train_rows: c.trainRows ?? null,
              repeat: c.repeat,
            })),
          ),
        ],
        { encoding: "utf8", maxBuffer: 1 << 24 },
      ),
    ) as { name: string; cpu_s: number; wall_s: number; accuracy: number }[]);

const rows = cases.map((c) => {
  const o = ours(c);
  const s = sk.find((r) => r.name === c.name);
  const f = (v: number): number => +v.toFixed(4);
  return {
    name: c.name,
    best_of: c.repeat,
    ours_cpu_s: f(o.cpu_s),
    ours_wall_s: f(o.wall_s),
    sk_cpu_s: s ? f(s.cpu_s) : null,
    sk_wall_s: s ? f(s.wall_s) : null,
    cpu_ratio: s ? +(o.cpu_s / s.cpu_s).toFixed(2) : null,
    wall_ratio: s ? +(o.wall_s / s.wall_s).toFixed(2) : null,
    target: c.target,
    ours_acc: +o.accuracy.toFixed(4),
    sk_acc: s ? +s.accuracy.toFixed(4) : null,
  };
});
console.table(rows);
console.log(`load average: ${load0.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end`);
