/** The AutoML search core on the worker pool, without a server: grids, strategies, budgets, reproducibility. */
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_GRIDS, buildSearchSpace, halvingPlan, orderCandidates } from "../../api/src/automl/search-space.js";
import { runSearch, type SearchOptions } from "../../api/src/automl/search.js";
import { compareLabels, type TrainingData } from "../../api/src/experiments/training-data.js";
import { TrainingPool } from "../../api/src/ml/index.js";
import { blobs, type Row } from "./support/ml-data.js";

const pool = new TrainingPool({ size: 2 });
afterAll(() => pool.close());

function dataOf(rows: Row[], features: string[], withGroups = false): TrainingData {
  const labels = rows.map((r) => r["label"] as string);
  const table: Record<string, (string | number | null)[]> = { label: labels };
  for (const f of features) table[f] = rows.map((r) => r[f] ?? null);
  return {
    table,
    labels,
    groups: withGroups ? rows.map((r) => r["group"] as string) : null,
    rows: rows.length,
    fingerprint: "sha256:test",
    classes: [...new Set(labels)].sort(compareLabels),
  };
}

const features = ["f0", "f1", "f2", "f3"];
const data = dataOf(blobs({ rows: 450, seed: 11, spread: 2.5 }), features, true);
const columns = { target: "label", features, categorical: [] as string[] };

function options(overrides: Partial<SearchOptions>): SearchOptions {
  return {
    pool,
    data,
    columns,
    space: buildSearchSpace(["logistic_regression", "knn"], null),
    strategy: "GRID",
    metric: "accuracy",
    folds: 3,
    seed: 7,
    maxTrials: null,
    timeBudgetSeconds: null,
    ...overrides,
  };
}

describe("search space", () => {
  it("has the original product's grids by default", () => {
    const space = buildSearchSpace(null, null);
    expect(space.algorithms).toEqual(["random_forest", "gradient_boosting", "logistic_regression", "svm"]);
    const per = (a: string) => space.candidates.filter((c) => c.algorithm === a).length;
    expect([per("random_forest"), per("gradient_boosting"), per("logistic_regression"), per("svm")]).toEqual([
      36, 27, 9, 6,
    ]);
    expect(DEFAULT_GRIDS.random_forest).toEqual({
      n_estimators: [50, 100, 200],
      max_depth: [5, 10, 15, 20],
      min_samples_split: [2, 5, 10],
    });
    expect(DEFAULT_GRIDS.gradient_boosting.learning_rate).toEqual([0.01, 0.1, 0.2]);
    expect(DEFAULT_GRIDS.svm.kernel).toEqual(["rbf", "linear"]);
    // Interleaved: a small budget tries every algorithm.
    expect(space.candidates.slice(0, 4).map((c) => c.algorithm)).toEqual(space.algorithms);
  });

  it("takes user grids, and refuses unknown algorithms and params before anything runs", () => {
    const space = buildSearchSpace(["RandomForest"], { RandomForest: { n_estimators: [5, 10], max_depth: 3 } });
    expect(space.candidates.map((c) => c.params)).toEqual([
      { n_estimators: 5, max_depth: 3 },
      { n_estimators: 10, max_depth: 3 },
    ]);
    expect(() => buildSearchSpace(["forest_of_doom"], null)).toThrow(/algorithm: unknown algorithm "forest_of_doom"/);
    expect(() => buildSearchSpace(["svm"], { svm: { gamma_ray: [1] } })).toThrow(
      /params\.gamma_ray: unknown parameter/,
    );
    expect(() => buildSearchSpace(["svm"], { svm: { C: [0] } })).toThrow(/params\.C: must be > 0/);
    expect(() => buildSearchSpace(["svm"], { knn: { n_neighbors: [3] } })).toThrow(/paramGrids/);
  });

  it("orders candidates by strategy, seeded", () => {
    const { candidates } = buildSearchSpace(null, null);
    expect(orderCandidates(candidates, "GRID", 1)).toEqual(candidates);
    const a = orderCandidates(candidates, "RANDOM", 1);
    expect(a).toEqual(orderCandidates(candidates, "RANDOM", 1));
    expect(a).not.toEqual(orderCandidates(candidates, "RANDOM", 2));
    expect(new Set(a.map((c) => c.id)).size).toBe(candidates.length);
  });

  it("plans successive halving rungs by a factor of three, ending on all rows", () => {
    expect(halvingPlan(27, 8100, 100)).toEqual({ rungRows: [300, 900, 2700, 8100], rungCandidates: [27, 9, 3, 1] });
    // Not enough rows for every rung: fewer rungs, more candidates on the last one.
    expect(halvingPlan(78, 1000, 100)).toEqual({ rungRows: [111, 333, 1000], rungCandidates: [78, 26, 9] });
    expect(halvingPlan(78, 250, 100)).toEqual({ rungRows: [250], rungCandidates: [78] });
  });
});

describe("runSearch", () => {
  it("runs every grid candidate with grouped CV and ranks them", async () => {
    const result = await runSearch(options({}));
    expect(result.stoppedBy).toBe("COMPLETED");
    expect(result.trialsCompleted).toBe(9 + 8);
    const scores = result.leaderboard.map((t) => t.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(result.best!.trial).toEqual(result.leaderboard[0]);
    expect(result.best!.metrics["cv_accuracy_mean"]).toBeCloseTo(result.best!.trial.score!, 12);
    expect(result.best!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(450);
  });

  it("is reproducible with a seed", async () => {
    const strip = (r: Awaited<ReturnType<typeof runSearch>>) => r.leaderboard.map(({ fitSeconds: _f, ...t }) => t);
    const a = await runSearch(options({ strategy: "RANDOM", maxTrials: 6 }));
    const b = await runSearch(options({ strategy: "RANDOM", maxTrials: 6 }));
    expect(strip(a)).toEqual(strip(b));
    expect(a.stoppedBy).toBe("MAX_TRIALS");
    expect(a.trialsLaunched).toBe(6);
  });

  it("honours the time budget: stops launching, aborts what runs, reports what ran", async () => {
    const slow = buildSearchSpace(["gradient_boosting"], {
      gradient_boosting: { n_estimators: [3000], early_stopping: [false], learning_rate: [0.01, 0.02, 0.03, 0.04] },
    });
    const started = performance.now();
    const result = await runSearch(options({ space: slow, timeBudgetSeconds: 1.5 }));
    const seconds = (performance.now() - started) / 1000;
    expect(result.stoppedBy).toBe("TIME_BUDGET");
    expect(seconds).toBeLessThan(4);
    expect(result.trialsLaunched).toBeLessThan(4);
    expect(result.leaderboard.some((t) => t.status === "CANCELLED")).toBe(true);
  });

  it("successive halving promotes the best to more rows and ends on all rows", async () => {
    const space = buildSearchSpace(["knn"], { knn: { n_neighbors: [1, 3, 5, 7, 9, 15, 25, 35, 51] } });
    const result = await runSearch(options({ space, strategy: "SUCCESSIVE_HALVING", folds: 3 }));
    const rungs = [...new Set(result.leaderboard.map((t) => t.rung))].sort();
    expect(rungs.length).toBeGreaterThan(1);
    const last = result.leaderboard.filter((t) => t.rung === rungs.at(-1));
    expect(last.every((t) => t.rows === 450)).toBe(true);
    expect(result.best!.trial.rows).toBe(450);
    expect(result.trialsCompleted).toBeLessThan(9 * rungs.length);
  });

  it("stops at once when cancelled", async () => {
    const controller = new AbortController();
    const running = runSearch(options({ signal: controller.signal, onTrialStarted: () => controller.abort() }));
    const result = await running;
    expect(result.stoppedBy).toBe("CANCELLED");
    expect(result.trialsCompleted).toBe(0);
  });
});
