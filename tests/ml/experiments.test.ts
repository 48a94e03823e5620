/** Experiments through the API: background training, progress, metrics, CV by group, cancel, compare, restart. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, runToEnd } from "../support/runs.js";
import { addDataset, blobs } from "./support/ml-data.js";

let server: TestServer;
let datasetId: string;

const EXPERIMENT = `id name status stage algorithm datasetId runId nodeId target features params metrics confusionMatrix
  classLabels error split { kind testFraction folds groupBy seed } timings dataRows dataFingerprint startedAt finishedAt`;

type Metrics = Record<string, number> & { accuracy: number; test_rows: number; train_rows: number };
type Experiment = Record<string, unknown> & { id: string; status: string; metrics: Metrics };

async function createExperiment(input: Record<string, unknown>) {
  return server.gql<{ createExperiment: Experiment }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { ${EXPERIMENT} } }`,
    { input },
  );
}

async function getExperiment(id: string): Promise<Experiment> {
  const res = await server.gql<{ experiment: Experiment }>(
    `query($id: ID!) { experiment(id: $id) { ${EXPERIMENT} } }`,
    {
      id,
    },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.experiment;
}

interface Progress {
  seq: number;
  status: string;
  stage: string;
  fold: number | null;
  iteration: number | null;
  total: number | null;
  scores: Record<string, number>;
}

function follow(id: string) {
  return collect<{ experimentProgress: Progress }>(
    server.wsClient(),
    `subscription($id: ID!) { experimentProgress(id: $id) { seq status stage fold folds iteration total scores message } }`,
    { id },
    Number.MAX_SAFE_INTEGER,
  );
}

async function trained(input: Record<string, unknown>): Promise<Experiment> {
  const res = await createExperiment(input);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  await follow(res.data!.createExperiment.id).done;
  return getExperiment(res.data!.createExperiment.id);
}

beforeAll(async () => {
  server = await startTestServer();
  datasetId = await addDataset(server, "blobs", blobs({ rows: 600, seed: 3, spread: 1.5 }));
});
afterAll(() => server.stop());

describe("experiments", () => {
  it("return QUEUED at once, train in the background and record metrics, timings and the confusion matrix", async () => {
    const res = await createExperiment({
      datasetId,
      target: "label",
      features: ["f0", "f1", "f2", "f3"],
      algorithm: "RandomForest",
      params: { n_estimators: 20 },
      testFraction: 0.25,
      seed: 7,
    });
    expect(res.errors).toBeUndefined();
    const created = res.data!.createExperiment;
    expect(created).toMatchObject({ status: "QUEUED", stage: "QUEUED", algorithm: "random_forest", target: "label" });
    const states = (await follow(created.id).done).map((s) => s.experimentProgress);
    expect(states.map((s) => s.seq)).toEqual([...states.map((s) => s.seq)].sort((a, b) => a - b));
    expect(states.at(-1)).toMatchObject({ status: "SUCCEEDED", stage: "DONE" });
    expect(states.some((s) => s.stage === "TRAINING")).toBe(true);

    const done = await getExperiment(created.id);
    expect(done.error).toBeNull();
    expect(done.status).toBe("SUCCEEDED");
    const m = done.metrics;
    expect(m.accuracy).toBeGreaterThan(0.85);
    for (const name of ["precision_macro", "recall_macro", "f1_macro", "precision_weighted", "recall_weighted"])
      expect(m[name], name).toBeGreaterThan(0.8);
    expect(m.f1_weighted).toBeGreaterThan(0.85);
    expect(m.roc_auc).toBeGreaterThan(0.9);
    expect(m.log_loss).toBeGreaterThan(0);
    expect(m.test_rows + m.train_rows).toBe(600);
    expect(done.classLabels).toEqual(["c0", "c1", "c2"]);
    const cm = done.confusionMatrix as number[][];
    expect(cm).toHaveLength(3);
    expect(cm.flat().reduce((a, b) => a + b, 0)).toBe(m.test_rows);
    expect(Object.keys(done.timings as object)).toEqual(
      expect.arrayContaining(["loadMs", "trainMs", "evaluateMs", "saveMs", "totalMs"]),
    );
    expect(done.split).toEqual({ kind: "HOLDOUT", testFraction: 0.25, folds: null, groupBy: null, seed: 7 });
    expect(done.dataRows).toBe(600);
    expect(done.dataFingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("cross-validates by group: cv mean and std, out-of-fold confusion over every row", async () => {
    const done = await trained({
      datasetId,
      target: "label",
      features: ["f0", "f1"],
      algorithm: "logistic_regression",
      cvFolds: 4,
      groupBy: "group",
      seed: 3,
    });
    expect(done.error).toBeNull();
    expect(done.status).toBe("SUCCEEDED");
    const m = done.metrics;
    expect(done.split).toMatchObject({ kind: "CV", folds: 4, groupBy: "group" });
    expect(m.cv_folds).toBe(4);
    expect(m.cv_accuracy_mean).toBeCloseTo(m.accuracy, 12);
    expect(m.cv_accuracy_std).toBeGreaterThanOrEqual(0);
    expect(m.cv_f1_macro_mean).toBeGreaterThan(0.5);
    expect((done.confusionMatrix as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(600);
    expect(done.split).toMatchObject({ kind: "CV", folds: 4, groupBy: "group" });
    expect(done.features).toEqual(["f0", "f1"]);
  });

  it("one-hot encodes the categorical features it is told to", async () => {
    const done = await trained({
      datasetId,
      target: "label",
      features: ["f0", "colour"],
      categorical: ["colour"],
      algorithm: "naive_bayes",
    });
    expect(done.status).toBe("SUCCEEDED");
  });

  it("streams partial scores while it trains, and replays the current state to a late subscriber", async () => {
    const res = await createExperiment({
      datasetId,
      target: "label",
      algorithm: "gradient_boosting",
      features: ["f0", "f1", "f2", "f3"],
      params: { n_estimators: 300, early_stopping: false, learning_rate: 0.05 },
      cvFolds: 3,
    });
    expect(res.errors).toBeUndefined();
    const id = res.data!.createExperiment.id;
    const early = await follow(id).done;
    const states = early.map((s) => s.experimentProgress);
    expect(states.some((s) => s.stage === "EVALUATING" && s.fold !== null && s.iteration !== null)).toBe(true);
    expect(states.some((s) => Object.keys(s.scores).some((k) => /^fold_\d_accuracy$/.test(k)))).toBe(true);
    // A subscriber arriving after the end gets the final state at once, then completion.
    const late = (await follow(id).done).map((s) => s.experimentProgress);
    expect(late).toHaveLength(1);
    expect(late[0]).toMatchObject({ status: "SUCCEEDED", stage: "DONE" });
    expect(late[0]!.scores.accuracy).toBeGreaterThan(0.8);
  });

  it("is cancelled at once, with nothing left to register", async () => {
    const big = await addDataset(server, "big blobs", blobs({ rows: 3000, seed: 9, spread: 3 }));
    const res = await createExperiment({
      datasetId: big,
      target: "label",
      algorithm: "gradient_boosting",
      features: ["f0", "f1", "f2", "f3"],
      params: { n_estimators: 20000, early_stopping: false, learning_rate: 0.001 },
    });
    expect(res.errors).toBeUndefined();
    const id = res.data!.createExperiment.id;
    const sub = follow(id);
    while (!sub.values.some((v) => v.experimentProgress.stage === "TRAINING"))
      await new Promise((r) => setTimeout(r, 20));
    const cancelled = await server.gql<{ cancelExperiment: Experiment }>(
      `mutation($id: ID!) { cancelExperiment(id: $id) { id status error stage } }`,
      { id },
    );
    expect(cancelled.data!.cancelExperiment).toMatchObject({ status: "CANCELLED", stage: "DONE" });
    expect((await sub.done).at(-1)!.experimentProgress.status).toBe("CANCELLED");
    const reg = await server.gql(`mutation($id: ID!) { registerModel(experimentId: $id, name: "never") { version } }`, {
      id,
    });
    expect(reg.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "experimentId" });
    expect(await server.app.services.models.versions("never").then((p) => p.items.length)).toBe(0);
  });

  it("compares experiments' metrics side by side", async () => {
    const a = await trained({ datasetId, target: "label", algorithm: "knn", features: ["f0"] });
    const b = await trained({ datasetId, target: "label", algorithm: "knn", features: ["f0", "f1", "f2", "f3"] });
    const res = await server.gql<{
      compareExperiments: {
        experiments: Array<{ id: string }>;
        metrics: Array<{
          name: string;
          values: (number | null)[];
          bestExperimentId: string | null;
          higherIsBetter: boolean;
        }>;
      };
    }>(
      `query($ids: [ID!]!) { compareExperiments(ids: $ids) { experiments { id } metrics { name values bestExperimentId higherIsBetter } } }`,
      { ids: [a.id, b.id] },
    );
    expect(res.errors).toBeUndefined();
    const cmp = res.data!.compareExperiments;
    expect(cmp.experiments.map((e) => e.id)).toEqual([a.id, b.id]);
    expect(cmp.metrics[0]!.name).toBe("accuracy");
    const accuracy = cmp.metrics.find((m) => m.name === "accuracy")!;
    expect(accuracy.values).toEqual([a.metrics.accuracy, b.metrics.accuracy]);
    expect(accuracy.bestExperimentId).toBe(b.metrics.accuracy >= a.metrics.accuracy ? b.id : a.id);
    expect(cmp.metrics.find((m) => m.name === "log_loss")!.higherIsBetter).toBe(false);
    const missing = await server.gql(`{ compareExperiments(ids: ["nope"]) { metrics { name } } }`);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("trains on the output of a finished pipeline step (runId + nodeId)", async () => {
    const pipelineId = await createPipeline(server, {
      name: "synthetic source",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 400, numericColumns: 3, categories: 3, seed: 5 } },
        {
          id: "labelled",
          kind: "derive",
          config: { columns: [{ name: "big", expression: "CASE WHEN x1 > 50 THEN 'yes' ELSE 'no' END" }] },
        },
      ],
      edges: [{ source: "gen", target: "labelled" }],
    });
    const { run } = await runToEnd(server, pipelineId);
    expect(run.status).toBe("SUCCEEDED");
    const done = await trained({
      runId: run.id,
      nodeId: "labelled",
      target: "big",
      features: ["x1", "x2"],
      algorithm: "gradient_boosting",
      params: { n_estimators: 30 },
    });
    expect(done.error).toBeNull();
    expect(done).toMatchObject({ status: "SUCCEEDED", runId: run.id, nodeId: "labelled", datasetId: null });
    expect(done.metrics.accuracy).toBeGreaterThan(0.9);
  });
});
