/**
 * Across a restart (store closed and reopened on the same DATA_DIR): a registered model predicts exactly as
 * before, and no experiment or AutoML run of a dead process stays RUNNING.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import type { ExperimentRecord } from "../../api/src/store/records.js";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { addDataset, blobs } from "./support/ml-data.js";

const ROWS = [
  { f0: 0.25, f1: -1.5, f2: 2 },
  { f0: 3, f1: 1.125, f2: -0.5 },
  { f0: -2.75, f1: 0.5, f2: 0 },
];

async function predictBoth(server: TestServer) {
  const gql = await server.gql<{ predict: unknown }>(
    `mutation($rows: [JSONObject!]!) { predict(model: "Restart Model@champion", rows: $rows) { model { version } classLabels predictions { label probabilities } } }`,
    { rows: ROWS },
  );
  const rest = await fetch(`${server.url}/api/models/Restart%20Model/champion/predict`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ rows: ROWS }),
  });
  return { gql: gql.data?.predict, rest: await rest.json() };
}

function orphan(id: string, now: Date): ExperimentRecord {
  return {
    id,
    name: "left running by a crash",
    status: "RUNNING",
    algorithm: "random_forest",
    datasetId: null,
    runId: null,
    target: "label",
    features: ["f0"],
    params: {},
    metrics: {},
    confusionMatrix: null,
    classLabels: [],
    tags: {},
    source: "MILLRACE",
    error: null,
    createdAt: now,
    startedAt: now,
    finishedAt: null,
    durationMs: null,
    stage: "TRAINING",
    leaseOwner: "dead-host:4242:gone",
    leaseExpiresAt: new Date(now.getTime() - 60_000),
  };
}

it("predicts exactly as before after a restart, and fails what a dead process left running", async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-ml-restart-"));
  let server = await startTestServer({ dataDir });
  try {
    const datasetId = await addDataset(server, "restart blobs", blobs({ rows: 300, seed: 8, features: 3, spread: 2 }));
    for (const [algorithm, params] of [
      ["gradient_boosting", { n_estimators: 25 }],
      ["svm", {}],
    ] as const) {
      const res = await server.gql<{ createExperiment: { id: string } }>(
        `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
        { input: { datasetId, target: "label", features: ["f0", "f1", "f2"], algorithm, params } },
      );
      const id = res.data!.createExperiment.id;
      await collect(server.wsClient(), `subscription($id: ID!) { experimentProgress(id: $id) { status } }`, { id }, 1e9)
        .done;
      const reg = await server.gql(
        `mutation($id: ID!) { registerModel(experimentId: $id, name: "Restart Model", alias: "champion") { version } }`,
        { id },
      );
      expect(reg.errors).toBeUndefined();
    }
    const before = await predictBoth(server);
    expect(before.gql).toMatchObject({ model: { version: 2 } });

    // What a crashed process leaves behind: RUNNING jobs whose lease expired.
    const now = new Date();
    await server.app.stores.experiments.insert(orphan("crashed-exp", now));
    await server.app.stores.automl.insert({
      id: "crashed-automl",
      name: "left running too",
      status: "RUNNING",
      datasetId: null,
      target: "label",
      strategy: "GRID",
      metric: "accuracy",
      maxTrials: 5,
      timeBudgetSeconds: 60,
      trialsCompleted: 2,
      bestExperimentId: null,
      bestScore: 0.9,
      error: null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      leaseOwner: "dead-host:4242:gone",
      leaseExpiresAt: new Date(now.getTime() - 60_000),
    });
    // And one that was training when the server shut down.
    const long = await server.gql<{ createExperiment: { id: string } }>(
      `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
      {
        input: {
          datasetId,
          target: "label",
          features: ["f0", "f1", "f2"],
          algorithm: "gradient_boosting",
          params: { n_estimators: 50000, early_stopping: false },
        },
      },
    );
    const longId = long.data!.createExperiment.id;
    await server.stop();

    server = await startTestServer({ dataDir });
    const after = await predictBoth(server);
    expect(after).toEqual(before);

    const deadline = Date.now() + 10_000;
    let crashed = await server.app.stores.experiments.get("crashed-exp");
    while (crashed?.status === "RUNNING" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      crashed = await server.app.stores.experiments.get("crashed-exp");
    }
    expect(crashed).toMatchObject({ status: "FAILED", stage: "DONE", leaseOwner: null });
    expect(crashed!.error).toMatch(/the process running this experiment stopped \(dead-host:4242:gone\)/);
    const automl = await server.app.stores.automl.get("crashed-automl");
    expect(automl).toMatchObject({ status: "FAILED", stoppedBy: "FAILED" });
    const stopped = await server.app.stores.experiments.get(longId);
    expect(stopped!.status).toBe("CANCELLED");
    expect(stopped!.error).toBe("the server is shutting down");
    const progress = await collect<{ experimentProgress: { status: string } }>(
      server.wsClient(),
      `subscription { experimentProgress(id: "crashed-exp") { status } }`,
      {},
      1e9,
    ).done;
    expect(progress.map((p) => p.experimentProgress.status)).toEqual(["FAILED"]);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
});
