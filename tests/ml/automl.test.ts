/** AutoML through the API and as pipeline steps: leaderboard, budgets, cancel, best model registered. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, runToEnd } from "../support/runs.js";
import { addDataset, blobs } from "./support/ml-data.js";

let server: TestServer;
let datasetId: string;

const RUN = `id name status error strategy metric maxTrials timeBudgetSeconds trialsCompleted trialsLaunched bestScore
  bestExperimentId budgetUsedSeconds stoppedBy modelName modelVersion algorithms folds seed
  leaderboard { trial algorithm params score scoreStd rows rung fitSeconds status error }`;

interface Trial {
  trial: number;
  rows: number;
  algorithm: string;
  params: Record<string, unknown>;
  score: number | null;
  status: string;
  fitSeconds: number;
}
type Run = Record<string, unknown> & { id: string; status: string; leaderboard: Trial[] };

const SMALL_GRIDS = {
  logistic_regression: { C: [0.01, 0.1, 1, 10] },
  knn: { n_neighbors: [1, 5, 15] },
};

async function start(input: Record<string, unknown>) {
  return server.gql<{ startAutoML: Run }>(
    `mutation($input: StartAutoMLInput!) { startAutoML(input: $input) { ${RUN} } }`,
    {
      input: {
        datasetId,
        target: "label",
        features: ["f0", "f1", "f2"],
        algorithms: ["logistic_regression", "knn"],
        paramGrids: SMALL_GRIDS,
        folds: 3,
        seed: 5,
        ...input,
      },
    },
  );
}

function follow(id: string) {
  return collect<{
    automlProgress: {
      seq: number;
      status: string;
      stage: string;
      trialsCompleted: number;
      leaderboard: Trial[];
      running: unknown[];
    };
  }>(
    server.wsClient(),
    `subscription($id: ID!) { automlProgress(id: $id) { seq status stage trialsLaunched trialsCompleted candidates bestScore elapsedSeconds
      leaderboard { trial algorithm params score status } running { trial algorithm rows } message } }`,
    { id },
    1e9,
  );
}

async function getRun(id: string): Promise<Run> {
  const res = await server.gql<{ automlRun: Run }>(`query($id: ID!) { automlRun(id: $id) { ${RUN} } }`, { id });
  return res.data!.automlRun;
}

async function finished(input: Record<string, unknown>): Promise<Run> {
  const res = await start(input);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  await follow(res.data!.startAutoML.id).done;
  return getRun(res.data!.startAutoML.id);
}

beforeAll(async () => {
  server = await startTestServer();
  datasetId = await addDataset(server, "automl blobs", blobs({ rows: 240, seed: 21, spread: 2.2, perGroup: 8 }));
});
afterAll(() => server.stop());

describe("AutoML", () => {
  it("searches with a live leaderboard, registers the best and records it as '<name> - Best Model'", async () => {
    const res = await start({
      name: "Blob Search",
      strategy: "GRID",
      maxTrials: 5,
      groupBy: "group",
      alias: "challenger",
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.startAutoML).toMatchObject({
      status: "QUEUED",
      strategy: "GRID",
      maxTrials: 5,
      metric: "accuracy",
    });
    const states = (await follow(res.data!.startAutoML.id).done).map((s) => s.automlProgress);
    expect(states.at(-1)).toMatchObject({ status: "SUCCEEDED", stage: "DONE" });
    const counts = states.map((s) => s.trialsCompleted);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(states.some((s) => s.stage === "SEARCHING" && s.running.length > 0)).toBe(true);
    expect(states.some((s) => s.leaderboard.length > 0 && s.trialsCompleted < 5)).toBe(true);

    const run = await getRun(res.data!.startAutoML.id);
    expect(run).toMatchObject({ status: "SUCCEEDED", trialsCompleted: 5, trialsLaunched: 5, stoppedBy: "MAX_TRIALS" });
    expect(run.leaderboard).toHaveLength(5);
    const scores = run.leaderboard.map((t) => t.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(run.bestScore).toBe(scores[0]);
    // Interleaved grid: both algorithms were tried within 5 trials.
    expect(new Set(run.leaderboard.map((t) => t.algorithm))).toEqual(new Set(["logistic_regression", "knn"]));
    expect(run.budgetUsedSeconds).toBeGreaterThan(0);

    const best = await server.gql<{
      experiment: { name: string; status: string; algorithm: string; params: unknown; metrics: Record<string, number> };
    }>(`query($id: ID!) { experiment(id: $id) { name status algorithm params metrics } }`, {
      id: run.bestExperimentId,
    });
    expect(best.data!.experiment).toMatchObject({
      name: "Blob Search - Best Model",
      status: "SUCCEEDED",
      algorithm: run.leaderboard[0]!.algorithm,
      params: run.leaderboard[0]!.params,
    });
    expect(best.data!.experiment.metrics.cv_accuracy_mean).toBeCloseTo(run.bestScore as number, 12);
    expect(run).toMatchObject({ modelName: "Blob Search", modelVersion: 1 });
    const predicted = await server.gql<{ predict: { model: { version: number } } }>(
      `mutation { predict(model: "Blob Search@challenger", rows: [{ f0: 1, f1: 2, f2: 3 }]) { model { version } } }`,
    );
    expect(predicted.data!.predict.model.version).toBe(1);
  });

  it("is reproducible with a seed", async () => {
    const strip = (r: Run) => r.leaderboard.map(({ fitSeconds: _f, ...t }) => t);
    const a = await finished({ name: "Repro A", strategy: "RANDOM", maxTrials: 4, seed: 99 });
    const b = await finished({ name: "Repro B", strategy: "RANDOM", maxTrials: 4, seed: 99 });
    expect(strip(a)).toEqual(strip(b));
    const c = await finished({ name: "Repro C", strategy: "RANDOM", maxTrials: 4, seed: 100 });
    expect(strip(c).map((t) => t.params)).not.toEqual(strip(a).map((t) => t.params));
  });

  it("runs successive halving over the grid", async () => {
    const run = await finished({ name: "Halving", strategy: "SUCCESSIVE_HALVING", maxTrials: null });
    expect(run.status).toBe("SUCCEEDED");
    expect(run.stoppedBy).toBe("COMPLETED");
    expect(run.leaderboard[0]!.rows).toBe(240);
  });

  it("honours the time budget and reports what ran", async () => {
    const started = Date.now();
    const run = await finished({
      name: "Budget",
      algorithms: ["gradient_boosting"],
      paramGrids: {
        gradient_boosting: { n_estimators: [20000], early_stopping: [false], learning_rate: [0.001, 0.002] },
      },
      timeBudgetSeconds: 2,
      maxTrials: null,
    });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(run).toMatchObject({ status: "FAILED", stoppedBy: "TIME_BUDGET", modelVersion: null });
    expect(run.error).toBe("no trial finished within the time budget of 2 s");
    expect(run.leaderboard.every((t) => t.status === "CANCELLED")).toBe(true);
    expect(await server.app.stores.registeredModels.count({ name: "Budget" })).toBe(0);
  });

  it("is cancelled without registering anything", async () => {
    const res = await start({
      name: "Cancelled Search",
      algorithms: ["gradient_boosting"],
      paramGrids: { gradient_boosting: { n_estimators: [20000], early_stopping: [false] } },
    });
    const id = res.data!.startAutoML.id;
    const sub = follow(id);
    while (!sub.values.some((v) => v.automlProgress.running.length > 0)) await new Promise((r) => setTimeout(r, 20));
    const cancelled = await server.gql<{ cancelAutoML: Run }>(
      `mutation($id: ID!) { cancelAutoML(id: $id) { status stoppedBy error } }`,
      {
        id,
      },
    );
    expect(cancelled.data!.cancelAutoML).toMatchObject({ status: "CANCELLED", stoppedBy: "CANCELLED" });
    expect((await sub.done).at(-1)!.automlProgress.status).toBe("CANCELLED");
    expect(await server.app.stores.registeredModels.count({ name: "Cancelled Search" })).toBe(0);
    expect(await server.app.stores.experiments.count({ nameContains: "Cancelled Search" })).toBe(0);
  });

  it("refuses bad requests, naming the field", async () => {
    const errorOf = async (input: Record<string, unknown>) =>
      (await start({ name: "Bad", ...input })).errors?.[0]?.extensions;
    expect(await errorOf({ metric: "vibes" })).toMatchObject({ code: "BAD_USER_INPUT", field: "metric" });
    expect(await errorOf({ algorithms: ["magic"] })).toMatchObject({ field: "algorithm" });
    expect(await errorOf({ paramGrids: { knn: { k: [1] } } })).toMatchObject({ field: "params.k" });
    expect(await errorOf({ folds: 1 })).toMatchObject({ field: "folds" });
    expect(await errorOf({ maxTrials: 0 })).toMatchObject({ field: "maxTrials" });
    expect(await errorOf({ target: "nope" })).toMatchObject({ field: "target" });
    expect(await errorOf({ name: "" })).toMatchObject({ field: "name" });
  });

  it("runs as a pipeline step whose best model a deploy step promotes and a predict step uses", async () => {
    const source = [
      { id: "gen", kind: "extract_synthetic", config: { rows: 300, numericColumns: 3, categories: 2, seed: 3 } },
      {
        id: "labelled",
        kind: "derive",
        config: { columns: [{ name: "kind", expression: "CASE WHEN x1 + x2 > 100 THEN 'high' ELSE 'low' END" }] },
      },
    ];
    const trainId = await createPipeline(server, {
      name: "automl steps",
      nodes: [
        ...source,
        {
          id: "search",
          kind: "automl",
          config: {
            target: "kind",
            features: ["x1", "x2", "x3"],
            algorithms: ["LogisticRegression", "KNN"],
            strategy: "GRID",
            maxTrials: 3,
            folds: 3,
            timeBudgetSeconds: 60,
            registerAs: "Synthetic AutoML",
          },
        },
        { id: "deploy", kind: "deploy_model", config: { alias: "champion" } },
      ],
      edges: [
        { source: "gen", target: "labelled" },
        { source: "labelled", target: "search" },
        { source: "search", target: "deploy" },
      ],
    });
    const { run, events } = await runToEnd(server, trainId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("SUCCEEDED");
    const metric = (list: typeof events, node: string, name: string) =>
      list.find((e) => e.type === "METRIC" && e.nodeId === node && e.payload.name === name)?.payload.value;
    expect(metric(events, "search", "trials_completed")).toBe(3);
    expect(metric(events, "search", "best_accuracy")).toBeGreaterThan(0.8);
    expect(metric(events, "deploy", "model_version")).toBe(1);

    const scoreId = await createPipeline(server, {
      name: "automl predict",
      nodes: [
        ...source,
        {
          id: "score",
          kind: "predict",
          config: { model: "Synthetic AutoML@champion", outputColumn: "predicted", probabilities: true },
        },
      ],
      edges: [
        { source: "gen", target: "labelled" },
        { source: "labelled", target: "score" },
      ],
    });
    const scored = await runToEnd(server, scoreId);
    expect(scored.run.status).toBe("SUCCEEDED");
    expect(metric(scored.events, "score", "rows_predicted")).toBe(300);
    const preview = await server.gql<{
      stepOutputPreview: { columns: Array<{ name: string }>; rows: Array<Record<string, unknown>> };
    }>(`query($r: ID!) { stepOutputPreview(runId: $r, nodeId: "score", limit: 300) { columns { name } rows } }`, {
      r: scored.run.id,
    });
    const { columns, rows } = preview.data!.stepOutputPreview;
    expect(columns.map((c) => c.name).slice(-3)).toEqual(["predicted", "predicted_proba_high", "predicted_proba_low"]);
    const agree = rows.filter((r) => r["predicted"] === r["kind"]).length / rows.length;
    expect(agree).toBeGreaterThan(0.8);
    expect(rows.map((r) => r["id"])).toEqual(rows.map((_, i) => i));
  });
});
