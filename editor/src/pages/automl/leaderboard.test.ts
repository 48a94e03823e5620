import { describe, expect, it } from "vitest";
import { budgetUse, buildAutoMLInput, mergeLeaderboards, rankTrials, type AutoMLForm } from "./leaderboard";

const trial = (
  n: number,
  score: number | null,
  status: "SUCCEEDED" | "FAILED" | "RUNNING" = "SUCCEEDED",
  rung = 0,
) => ({
  trial: n,
  score,
  status,
  rung,
});

describe("leaderboard order", () => {
  it("puts succeeded trials first, later rungs first, then the best score, then the earlier trial", () => {
    const ranked = rankTrials(
      [trial(1, 0.7), trial(2, null, "FAILED"), trial(3, 0.9), trial(4, 0.6, "SUCCEEDED", 1), trial(5, 0.9)],
      true,
    );
    expect(ranked.map((t) => t.trial)).toEqual([4, 3, 5, 1, 2]);
  });

  it("ranks losses low to high", () => {
    expect(rankTrials([trial(1, 0.9), trial(2, 0.3), trial(3, null)], false).map((t) => t.trial)).toEqual([2, 1, 3]);
  });

  it("merges the live top ten into the stored board, live states winning", () => {
    const merged = mergeLeaderboards([trial(1, 0.5), trial(2, null, "RUNNING")], [trial(2, 0.8), trial(3, 0.6)], true);
    expect(merged.map((t) => [t.trial, t.score])).toEqual([
      [2, 0.8],
      [3, 0.6],
      [1, 0.5],
    ]);
  });
});

describe("budget use", () => {
  it("measures time against the budget and trials against the smaller of max trials and candidates", () => {
    expect(
      budgetUse({ elapsedSeconds: 15, timeBudgetSeconds: 60, trialsLaunched: 3, maxTrials: 20, candidates: 6 }),
    ).toEqual({ time: 0.25, trials: 0.5, trialLimit: 6 });
    expect(
      budgetUse({ elapsedSeconds: 90, timeBudgetSeconds: 60, trialsLaunched: 1, maxTrials: null, candidates: null }),
    ).toEqual({ time: 1, trials: null, trialLimit: null });
  });
});

describe("the AutoML input", () => {
  const form: AutoMLForm = {
    name: " tiny ",
    datasetId: "hmp-sample",
    target: "class",
    features: ["x", "y", "class", "source"],
    algorithms: ["naive_bayes"],
    strategy: "RANDOM",
    metric: "accuracy",
    folds: "3",
    timeBudgetSeconds: "30",
    maxTrials: "",
    seed: "",
    groupBy: "",
    registerAs: "",
  };
  const columns = [
    { name: "x", type: "BIGINT" },
    { name: "y", type: "BIGINT" },
    { name: "source", type: "VARCHAR" },
    { name: "class", type: "VARCHAR" },
  ];

  it("builds the input, defaults left to the API and text features one-hot", () => {
    expect(buildAutoMLInput(form, columns)).toEqual({
      ok: true,
      input: {
        name: "tiny",
        datasetId: "hmp-sample",
        target: "class",
        features: ["x", "y", "source"],
        algorithms: ["naive_bayes"],
        strategy: "RANDOM",
        metric: "accuracy",
        categorical: ["source"],
        folds: 3,
        timeBudgetSeconds: 30,
      },
    });
  });

  it("names each problem", () => {
    const built = buildAutoMLInput({ ...form, algorithms: [], folds: "1", maxTrials: "x" }, columns);
    expect(built.ok).toBe(false);
    expect(!built.ok && Object.keys(built.errors)).toEqual(["algorithms", "folds", "maxTrials"]);
  });
});
