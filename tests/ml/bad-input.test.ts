/** Bad requests and bad data are refused before any training, naming the field; failures register nothing. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, followRun, runToEnd, stepOf } from "../support/runs.js";
import { addDataset, blobs } from "./support/ml-data.js";

let server: TestServer;
let datasetId: string;

async function create(input: Record<string, unknown>) {
  return server.gql<{ createExperiment: { id: string; status: string } }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id status } }`,
    { input: { datasetId, target: "label", features: ["f0", "f1"], algorithm: "random_forest", ...input } },
  );
}

async function refused(input: Record<string, unknown>): Promise<{ message: string; field: unknown; code: unknown }> {
  const res = await create(input);
  const error = res.errors?.[0];
  if (!error) throw new Error(`accepted: ${JSON.stringify(input)}`);
  return { message: error.message, field: error.extensions?.field, code: error.extensions?.code };
}

/** Runs an accepted experiment to its end; returns its final record and the stages it went through. */
async function failedRun(input: Record<string, unknown>) {
  const res = await create(input);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const id = res.data!.createExperiment.id;
  const states = await collect<{ experimentProgress: { status: string; stage: string } }>(
    server.wsClient(),
    `subscription($id: ID!) { experimentProgress(id: $id) { status stage } }`,
    { id },
    1e9,
  ).done;
  const record = await server.app.stores.experiments.get(id);
  return { record: record!, stages: states.map((s) => s.experimentProgress.stage) };
}

beforeAll(async () => {
  server = await startTestServer();
  datasetId = await addDataset(server, "bad blobs", blobs({ rows: 60, seed: 2 }));
});
afterAll(() => server.stop());

describe("a request is refused at once, naming the field", () => {
  it("missing or unknown target", async () => {
    expect(await refused({ target: "" })).toMatchObject({ code: "BAD_USER_INPUT", field: "target" });
    const unknown = await refused({ target: "activity" });
    expect(unknown).toMatchObject({ field: "target" });
    expect(unknown.message).toMatch(/column "activity" not found; the data has f0, f1, f2, f3, colour, group, label/);
  });

  it("non-numeric features without an encoder (and accepted with one)", async () => {
    const r = await refused({ features: ["f0", "colour"] });
    expect(r).toMatchObject({ field: "features" });
    expect(r.message).toMatch(/column "colour" is VARCHAR, not numeric; list it in categorical/);
    expect((await create({ features: ["f0", "colour"], categorical: ["colour"] })).errors).toBeUndefined();
    expect(await refused({ features: ["f0"], categorical: ["colour"] })).toMatchObject({ field: "categorical" });
    expect(await refused({ features: ["f0", "label"] })).toMatchObject({ field: "features" });
    expect(await refused({ features: ["f0", "nope"] })).toMatchObject({ field: "features" });
  });

  it("an unknown algorithm or parameter, or a bad parameter value", async () => {
    const algo = await refused({ algorithm: "deep_forest" });
    expect(algo).toMatchObject({ field: "algorithm" });
    expect(algo.message).toMatch(/unknown algorithm "deep_forest"; expected one of gradient_boosting, random_forest/);
    const param = await refused({ params: { n_trees: 10 } });
    expect(param).toMatchObject({ field: "params.n_trees" });
    expect(param.message).toMatch(/unknown parameter for random_forest; expected one of n_estimators/);
    expect(await refused({ params: { max_depth: 0 } })).toMatchObject({ field: "params.max_depth" });
    expect(await refused({ params: { n_estimators: "many" } })).toMatchObject({ field: "params.n_estimators" });
    expect(await refused({ algorithm: "svm", params: { kernel: "poly" } })).toMatchObject({ field: "params.kernel" });
  });

  it("fewer rows than folds, a bad split or a bad group column", async () => {
    const tiny = await addDataset(server, "tiny", "f0,f1,label\n1,2,a\n2,3,b\n3,4,a\n");
    const folds = await refused({ datasetId: tiny, cvFolds: 5 });
    expect(folds).toMatchObject({ field: "cvFolds" });
    expect(folds.message).toMatch(/3 rows are fewer than 5 folds/);
    expect(await refused({ cvFolds: 1 })).toMatchObject({ field: "cvFolds" });
    expect(await refused({ cvFolds: 3, testFraction: 0.2 })).toMatchObject({ field: "cvFolds" });
    expect(await refused({ testFraction: 1 })).toMatchObject({ field: "testFraction" });
    expect(await refused({ groupBy: "recording" })).toMatchObject({ field: "groupBy" });
    expect(await refused({ groupBy: "label" })).toMatchObject({ field: "groupBy" });
  });

  it("an unknown dataset, or a step that has no output", async () => {
    expect(await refused({ datasetId: "nope" })).toMatchObject({ code: "NOT_FOUND" });
    expect(await refused({ datasetId: null })).toMatchObject({ field: "datasetId" });
    expect(await refused({ datasetId: null, runId: "nope", nodeId: "x" })).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("bad data fails the experiment before training, naming the field", () => {
  it("a single class", async () => {
    const one = await addDataset(server, "one class", "f0,f1,label\n1,2,a\n2,3,a\n3,4,a\n4,5,a\n");
    const { record, stages } = await failedRun({ datasetId: one });
    expect(record.status).toBe("FAILED");
    expect(record.error).toBe('target: "label" has a single class ("a"); at least two are needed');
    expect(stages).not.toContain("TRAINING");
    expect(record.artifactKey).toBeNull();
  });

  it("a target missing on some rows, or too few groups", async () => {
    const gaps = await addDataset(server, "gaps", "f0,f1,label\n1,2,a\n2,3,\n3,4,b\n4,5,a\n");
    const { record } = await failedRun({ datasetId: gaps });
    expect(record.error).toBe('target: row 1 has no value in "label"; filter unlabeled rows first');
    const oneGroup = await addDataset(server, "one group", "f0,f1,g,label\n1,2,x,a\n2,3,x,b\n3,4,x,a\n4,5,x,b\n");
    const grouped = await failedRun({ datasetId: oneGroup, groupBy: "g" });
    expect(grouped.record.error).toMatch(/^groupBy: "g" has 1 distinct value; a split by group needs at least 2/);
  });

  it("NaN and Infinity features (from a step output), in a train step too", async () => {
    const pipelineId = await createPipeline(server, {
      name: "non-finite",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 50, numericColumns: 2, categories: 2, seed: 1 } },
        {
          id: "bad",
          kind: "sql",
          config: {
            query:
              "SELECT x1, CASE WHEN id = 7 THEN 'NaN'::DOUBLE WHEN id = 9 THEN 'inf'::DOUBLE ELSE x2 END AS x2, category FROM input",
          },
        },
        {
          id: "train",
          kind: "train",
          config: { algorithm: "RandomForest", target: "category", registerAs: "Never Registered" },
        },
      ],
      edges: [
        { source: "gen", target: "bad" },
        { source: "bad", target: "train" },
      ],
    });
    const { run } = await runToEnd(server, pipelineId);
    expect(run.status).toBe("FAILED");
    const train = stepOf(run, "train");
    expect(train.attempts).toBe(1);
    expect(train.error).toMatch(/step "Train model" \(train\): x2: row 7 is NaN; features must be finite numbers/);
    // The failed training registered nothing.
    expect(await server.app.stores.models.count({ name: "Never Registered" })).toBe(0);
    expect(await server.app.stores.registeredModels.count({ name: "Never Registered" })).toBe(0);

    const res = await server.gql<{ createExperiment: { id: string } }>(
      `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
      { input: { runId: run.id, nodeId: "bad", target: "category", algorithm: "knn", features: ["x1", "x2"] } },
    );
    const id = res.data!.createExperiment.id;
    await collect(server.wsClient(), `subscription($id: ID!) { experimentProgress(id: $id) { status } }`, { id }, 1e9)
      .done;
    expect((await server.app.stores.experiments.get(id))!.error).toMatch(/^x2: row 7 is NaN/);

    const inf = await createPipeline(server, {
      name: "infinite",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 50, numericColumns: 2, categories: 2, seed: 1 } },
        {
          id: "bad",
          kind: "sql",
          config: { query: "SELECT x1, CASE WHEN id = 4 THEN '-inf'::DOUBLE ELSE x2 END AS x2, category FROM input" },
        },
        { id: "train", kind: "train", config: { algorithm: "RandomForest", target: "category" } },
      ],
      edges: [
        { source: "gen", target: "bad" },
        { source: "bad", target: "train" },
      ],
    });
    const infRun = (await runToEnd(server, inf)).run;
    expect(stepOf(infRun, "train").error).toMatch(/x2: row 4 is -Infinity; features must be finite numbers/);
  });

  it("a train step with a bad config fails without retry, naming the field", async () => {
    const pipelineId = await createPipeline(server, {
      name: "bad train config",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 30, numericColumns: 2, categories: 2, seed: 1 } },
        {
          id: "train",
          kind: "train",
          config: { algorithm: "SVM", target: "category", features: ["x1", "x2"], params: { C: -1 } },
        },
      ],
      edges: [{ source: "gen", target: "train" }],
    });
    const { run } = await runToEnd(server, pipelineId);
    expect(stepOf(run, "train").error).toMatch(/step "Train model" \(train\): params\.C: must be > 0, got -1/);
    expect(await server.app.stores.experiments.count({ nameContains: run.id })).toBe(0);
  });
});

describe("a cancelled training registers nothing", () => {
  it("cancelling the run of a train step cancels its experiment, and no version appears", async () => {
    const pipelineId = await createPipeline(server, {
      name: "cancelled training",
      nodes: [
        { id: "gen", kind: "extract_synthetic", config: { rows: 3000, numericColumns: 3, categories: 4, seed: 2 } },
        {
          id: "train",
          kind: "train",
          config: {
            algorithm: "GradientBoosting",
            target: "category",
            features: ["x1", "x2", "x3"],
            params: { n_estimators: 50000, early_stopping: false },
            registerAs: "Cancelled Step Model",
          },
        },
      ],
      edges: [{ source: "gen", target: "train" }],
    });
    const started = await server.gql<{ runPipeline: { id: string } }>(
      `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`,
      { id: pipelineId },
    );
    const runId = started.data!.runPipeline.id;
    const findExperiment = async () =>
      (await server.app.stores.experiments.list({}, { first: 50 })).items.find((e) => e.runId === runId);
    const deadline = Date.now() + 20_000;
    while ((await findExperiment())?.stage !== "TRAINING" && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    await server.gql(`mutation($id: ID!) { cancelRun(runId: $id) { id } }`, { id: runId });
    const { run } = await followRun(server, runId);
    expect(run.status).toBe("CANCELLED");
    const experiment = await findExperiment();
    expect(experiment).toMatchObject({ status: "CANCELLED", artifactKey: null });
    expect(await server.app.stores.registeredModels.count({ name: "Cancelled Step Model" })).toBe(0);
    expect(await server.app.stores.models.count({ name: "Cancelled Step Model" })).toBe(0);
  });
});
