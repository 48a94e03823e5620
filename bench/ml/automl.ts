// AutoML vs scikit-learn's GridSearchCV over the same grid (the product's default grids: RandomForest 36,
// GradientBoosting 27, LogisticRegression 9, SVM 6 candidates), 5-fold CV on the same folds, 2 workers each.
// Prints ONE JSON line. Usage: node --import tsx bench/ml/automl.ts [dataset ...]   (default: breast_cancer digits)
// Needs .tmp/venv and .tmp/ml-bench from `node --import tsx bench/ml/run.ts` (created here when missing).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { buildSearchSpace } from "../../api/src/automl/search-space.js";
import { runSearch, type SearchResult } from "../../api/src/automl/search.js";
import type { SearchStrategy } from "../../api/src/automl/search-space.js";
import type { TrainingData } from "../../api/src/experiments/training-data.js";
import { TrainingPool } from "../../api/src/ml/index.js";
import { readDatasetCsv } from "./csv.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const python = `${root}.tmp/venv/bin/python`;
const dataDir = `${root}.tmp/ml-bench`;
const FOLDS = 5;
const WORKERS = 2;

interface SklearnResult {
  sklearn: string;
  wall_s: number;
  candidates: number;
  best_score: number;
  best_model: string;
  best_params: Record<string, unknown>;
  fold_of: number[];
}

function ensureBaseline(): void {
  if (!existsSync(python)) {
    execFileSync("python3", ["-m", "venv", `${root}.tmp/venv`], { stdio: "inherit" });
    execFileSync(python, ["-m", "pip", "install", "-q", "scikit-learn", "pandas"], { stdio: "inherit" });
  }
  if (!existsSync(`${dataDir}/manifest.json`)) {
    execFileSync(python, [`${root}bench/ml/export_datasets.py`, dataDir], { stdio: ["ignore", "ignore", "inherit"] });
  }
}

/** A CSV data set as the search takes it: feature columns f0.., numeric labels. */
function trainingData(name: string): TrainingData {
  const d = readDatasetCsv(`${dataDir}/${name}_train.csv`);
  const table: Record<string, number[]> = {};
  const features: string[] = [];
  for (let j = 0; j < d.X.cols; j++) {
    const column = new Array<number>(d.X.rows);
    for (let i = 0; i < d.X.rows; i++) column[i] = d.X.data[i * d.X.cols + j]!;
    table[`f${j}`] = column;
    features.push(`f${j}`);
  }
  const labels = Array.from(d.y);
  table["label"] = labels;
  return {
    table,
    labels,
    groups: null,
    rows: d.X.rows,
    fingerprint: name,
    classes: [...new Set(labels)].sort((a, b) => a - b),
  };
}

async function ours(pool: TrainingPool, data: TrainingData, strategy: SearchStrategy, foldOf: Int32Array) {
  const features = Object.keys(data.table).filter((c) => c !== "label");
  const started = performance.now();
  const result: SearchResult = await runSearch({
    pool,
    data,
    columns: { target: "label", features, categorical: [] },
    space: buildSearchSpace(null, null),
    strategy,
    metric: "accuracy",
    folds: FOLDS,
    seed: 0,
    maxTrials: null,
    timeBudgetSeconds: null,
    concurrency: WORKERS,
    foldOf,
  });
  const wall = (performance.now() - started) / 1000;
  const best = result.best!;
  return {
    strategy,
    wall_s: +wall.toFixed(2),
    trials: result.trialsCompleted,
    best_score: best.trial.score!,
    best_model: best.candidate.algorithm,
    best_params: best.candidate.params,
  };
}

async function main(): Promise<void> {
  ensureBaseline();
  const datasets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["breast_cancer", "digits"];
  const pool = new TrainingPool({ size: WORKERS });
  const results = [];
  try {
    const warm = trainingData("breast_cancer");
    await ours(
      pool,
      warm,
      "SUCCESSIVE_HALVING",
      Int32Array.from(warm.labels, (_, i) => i % FOLDS),
    ).catch(() => null);
    for (const name of datasets) {
      const sk = JSON.parse(
        execFileSync(python, [`${root}bench/ml/sklearn_gridsearch.py`, dataDir, name, String(FOLDS), String(WORKERS)], {
          encoding: "utf8",
          maxBuffer: 1 << 26,
          // One OpenMP thread per joblib worker: 2 workers on 2 cores, as ours (no oversubscription; faster here).
          env: { ...process.env, OMP_NUM_THREADS: "1" },
        }),
      ) as SklearnResult;
      const data = trainingData(name);
      const foldOf = Int32Array.from(sk.fold_of);
      const runs = [];
      for (const strategy of ["SUCCESSIVE_HALVING", "GRID"] as const) {
        const r = await ours(pool, data, strategy, foldOf);
        runs.push({
          ...r,
          best_score: +r.best_score.toFixed(5),
          wall_ratio: +(r.wall_s / sk.wall_s).toFixed(2),
          score_delta_points: +(100 * (r.best_score - sk.best_score)).toFixed(2),
          reaches_sklearn_best: r.best_score >= sk.best_score - 1e-12,
        });
      }
      results.push({
        dataset: name,
        rows: data.rows,
        candidates: sk.candidates,
        sklearn: {
          wall_s: +sk.wall_s.toFixed(2),
          best_score: +sk.best_score.toFixed(5),
          best_model: sk.best_model,
          best_params: sk.best_params,
        },
        ours: runs,
      });
    }
  } finally {
    await pool.close();
  }
  console.log(
    JSON.stringify({
      bench: "millrace-automl",
      node: process.version,
      cores: cpus().length,
      folds: FOLDS,
      workers: WORKERS,
      note: "GridSearchCV(n_jobs=2, refit=False, OMP_NUM_THREADS=1) vs runSearch on a warm 2-worker pool, same folds, same grid, accuracy",
      results,
    }),
  );
}

await main();
