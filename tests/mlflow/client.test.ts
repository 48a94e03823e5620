/**
 * The real MLflow client (`pip install mlflow-skinny`, in the virtualenv .ci/run makes; MLFLOW_PYTHON names its
 * python) logs into Millrace with only MLFLOW_TRACKING_URI and MLFLOW_TRACKING_TOKEN set; the run, its metric
 * history, the artifact, the registered version and its alias are then read back through GraphQL.
 * Locally the test is skipped when no MLFLOW_PYTHON is set; under CI a missing client is a failure.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";

const PYTHON = process.env["MLFLOW_PYTHON"];
const SCRIPT = fileURLToPath(new URL("./client_script.py", import.meta.url));
const available = PYTHON !== undefined && PYTHON !== "" && existsSync(PYTHON);

if (!available && process.env["CI"] === "true") {
  describe("MLflow client", () => {
    it("is installed by .ci/run (MLFLOW_PYTHON)", () => {
      expect.fail(`MLFLOW_PYTHON is ${PYTHON ?? "unset"}: .ci/run must create the MLflow virtualenv`);
    });
  });
}

interface ScriptOutput {
  mlflow_version: string;
  experiment_id: string;
  run_id: string;
  status: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  loss_steps: [number, number][];
  artifacts: string[];
  notes: string;
  model_uri: string;
  model_version: string;
  alias_version: string;
  found_runs: string[];
}

function runScript(env: Record<string, string>, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON ?? "python3",
      [SCRIPT, ...args],
      { env: { ...process.env, ...env }, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

describe.skipIf(!available)("MLflow client", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("logs a run, an artifact and a model, registers a version with an alias; GraphQL shows the same", async () => {
    const created = await server.gql<{ createApiToken: { token: string } }>(
      `mutation { createApiToken(name: "mlflow client", role: EDITOR) { token } }`,
    );
    expect(created.errors).toBeUndefined();
    const token = created.data?.createApiToken.token ?? "";
    const { stdout } = await runScript(
      {
        MLFLOW_TRACKING_URI: server.url,
        MLFLOW_TRACKING_TOKEN: token,
        // A failing request fails the test at once instead of being retried for minutes.
        MLFLOW_HTTP_REQUEST_MAX_RETRIES: "0",
      },
      ["client-test-experiment", "client-test-model"],
    );
    const out = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as ScriptOutput;
    expect(out.mlflow_version).toMatch(/^\d+\.\d+\.\d+/);
    expect(out).toMatchObject({
      status: "FINISHED",
      params: { learning_rate: "0.1", max_depth: "4", optimizer: "adam" },
      metrics: { loss: 0.2, accuracy: 0.91, f1: 0.88 },
      tags: { team: "data-science", stage: "test" },
      artifacts: ["docs/notes.txt"],
      notes: "hello from mlflow\n",
      model_version: "1",
      alias_version: "1",
      found_runs: [out.run_id],
    });
    expect(out.loss_steps).toStrictEqual([0, 1, 2, 3, 4].map((step) => [step, 1 / (step + 1)]));

    const res = await server.gql<{
      experiment: {
        name: string;
        status: string;
        source: string;
        group: string;
        groupId: string;
        params: Record<string, string>;
        metrics: Record<string, number>;
        tags: Record<string, string>;
        metricHistory: { points: { step: number; value: number }[] };
      };
      registeredModel: { aliases: { alias: string; version: number }[]; aliasHistory: { toVersion: number }[] };
      models: { nodes: { version: number; source: string; sourceUri: string; experimentId: string }[] };
    }>(
      `query($id: ID!) {
        experiment(id: $id) { name status source group groupId params metrics tags
          metricHistory(key: "loss") { points { step value } } }
        registeredModel(name: "client-test-model") { aliases { alias version } aliasHistory { toVersion } }
        models(filter: { name: "client-test-model" }) { nodes { version source sourceUri experimentId } } }`,
      { id: out.run_id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.experiment).toMatchObject({
      name: "client-run",
      status: "SUCCEEDED",
      source: "MLFLOW",
      group: "client-test-experiment",
      groupId: out.experiment_id,
      params: { learning_rate: "0.1", max_depth: "4", optimizer: "adam" },
      metrics: { loss: 0.2, accuracy: 0.91, f1: 0.88 },
      tags: expect.objectContaining({ team: "data-science", stage: "test", "mlflow.runName": "client-run" }) as unknown,
    });
    expect(res.data?.experiment.metricHistory.points).toStrictEqual(
      [0, 1, 2, 3, 4].map((step) => ({ step, value: 1 / (step + 1) })),
    );
    expect(res.data?.registeredModel).toMatchObject({
      aliases: [{ alias: "champion", version: 1 }],
      aliasHistory: [{ toVersion: 1 }],
    });
    expect(res.data?.models.nodes).toStrictEqual([
      { version: 1, source: "MLFLOW", sourceUri: out.model_uri, experimentId: out.run_id },
    ]);
  }, 240_000);
});
