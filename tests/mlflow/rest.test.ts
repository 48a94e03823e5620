/**
 * The MLflow-compatible REST API against a real server: experiments, runs, metric histories, search, log-batch
 * limits, artifacts, logged models and the registry, with MLflow's error codes; and the same data in GraphQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { errorOf, mlflowClient, type MlflowClient } from "./support.js";

let server: TestServer;
let mlflow: MlflowClient;

beforeAll(async () => {
  server = await startTestServer();
  mlflow = mlflowClient(server);
});
afterAll(async () => {
  await server?.stop();
});

type Run = {
  info: { run_id: string; status: string; run_name: string; lifecycle_stage: string; artifact_uri: string };
  data: {
    metrics?: { key: string; value: number | string; step: number }[];
    params?: { key: string; value: string }[];
    tags?: { key: string; value: string }[];
  };
};

async function createExperiment(name: string): Promise<string> {
  const reply = await mlflow.post<{ experiment_id: string }>("experiments/create", { name });
  expect(reply.status).toBe(200);
  return reply.body.experiment_id;
}

async function createRun(experimentId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const reply = await mlflow.post<{ run: Run }>("runs/create", {
    experiment_id: experimentId,
    start_time: Date.now(),
    ...extra,
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body.run.info.run_id;
}

const now = () => Date.now();

describe("MLflow experiments", () => {
  it("has a Default experiment with id 0", async () => {
    const byName = await mlflow.get<{ experiment: { experiment_id: string; name: string } }>(
      "experiments/get-by-name",
      { experiment_name: "Default" },
    );
    expect(byName.status).toBe(200);
    expect(byName.body.experiment).toMatchObject({ experiment_id: "0", name: "Default", lifecycle_stage: "active" });
    const byId = await mlflow.get("experiments/get", { experiment_id: "0" });
    expect(byId.body).toMatchObject({ experiment: { name: "Default" } });
    expect(errorOf(await mlflow.post("experiments/delete", { experiment_id: "0" }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
  });

  it("creates, finds, tags, renames, deletes and restores experiments with MLflow's error codes", async () => {
    const id = await createExperiment("rest-exp");
    expect(errorOf(await mlflow.post("experiments/create", { name: "rest-exp" }))).toStrictEqual([
      400,
      "RESOURCE_ALREADY_EXISTS",
    ]);
    expect(errorOf(await mlflow.post("experiments/create", {}))).toStrictEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(errorOf(await mlflow.get("experiments/get", { experiment_id: "123" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
    expect(errorOf(await mlflow.get("experiments/get-by-name", { experiment_name: "nope" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
    expect(
      (await mlflow.post("experiments/set-experiment-tag", { experiment_id: id, key: "owner", value: "ann" })).status,
    ).toBe(200);
    expect((await mlflow.post("experiments/update", { experiment_id: id, new_name: "rest-exp-2" })).status).toBe(200);
    const got = await mlflow.get<{ experiment: Record<string, unknown> }>("experiments/get", { experiment_id: id });
    expect(got.body.experiment).toMatchObject({
      name: "rest-exp-2",
      artifact_location: `mlflow-artifacts:/${id}`,
      tags: [{ key: "owner", value: "ann" }],
    });
    const search = await mlflow.post<{ experiments: { name: string }[] }>("experiments/search", {
      filter: "name LIKE 'rest-exp%'",
      max_results: 10,
    });
    expect(search.body.experiments.map((e) => e.name)).toStrictEqual(["rest-exp-2"]);

    expect((await mlflow.post("experiments/delete", { experiment_id: id })).status).toBe(200);
    const active = await mlflow.post<{ experiments?: { name: string }[] }>("experiments/search", {
      filter: "name = 'rest-exp-2'",
    });
    expect(active.body.experiments ?? []).toStrictEqual([]);
    const deleted = await mlflow.post<{ experiments: { lifecycle_stage: string }[] }>("experiments/search", {
      filter: "name = 'rest-exp-2'",
      view_type: "DELETED_ONLY",
    });
    expect(deleted.body.experiments[0]?.lifecycle_stage).toBe("deleted");
    expect(errorOf(await mlflow.post("runs/create", { experiment_id: id }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    expect((await mlflow.post("experiments/restore", { experiment_id: id })).status).toBe(200);
    expect((await mlflow.get("experiments/get", { experiment_id: id })).body).toMatchObject({
      experiment: { lifecycle_stage: "active" },
    });
  });
});

describe("MLflow auth", () => {
  it("answers UNAUTHENTICATED without a token and PERMISSION_DENIED below the role", async () => {
    const anonymous = mlflowClient(server, null);
    expect(errorOf(await anonymous.get("experiments/get", { experiment_id: "0" }))).toStrictEqual([
      401,
      "UNAUTHENTICATED",
    ]);
    expect(errorOf(await mlflowClient(server, "not-a-token").get("experiments/get", { experiment_id: "0" }))[0]).toBe(
      401,
    );
    const viewer = mlflowClient(server, await server.tokenFor("VIEWER"));
    expect((await viewer.get("experiments/get", { experiment_id: "0" })).status).toBe(200);
    expect((await viewer.post("runs/search", { experiment_ids: ["0"] })).status).toBe(200);
    expect(errorOf(await viewer.post("experiments/create", { name: "viewer-exp" }))).toStrictEqual([
      403,
      "PERMISSION_DENIED",
    ]);
    expect((await viewer.artifact("PUT", "/0/x/artifacts/a.txt", "x")).status).toBe(403);
    const editor = mlflowClient(server, await server.tokenFor("EDITOR"));
    expect((await editor.post("experiments/create", { name: "editor-exp" })).status).toBe(200);
  });

  it("answers ENDPOINT_NOT_FOUND for what it does not implement", async () => {
    expect(errorOf(await mlflow.get("no/such/endpoint"))).toStrictEqual([404, "ENDPOINT_NOT_FOUND"]);
  });
});

describe("MLflow runs", () => {
  let experimentId: string;
  beforeAll(async () => {
    experimentId = await createExperiment("runs-exp");
  });

  it("logs params, metrics by step and tags, and reads them back with the metric history", async () => {
    const runId = await createRun(experimentId, { run_name: "first", tags: [{ key: "team", value: "ds" }] });
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    for (const [step, value] of [
      [0, 0.9],
      [2, 0.5],
      [1, 0.7],
    ] as const)
      expect(
        (await mlflow.post("runs/log-metric", { run_id: runId, key: "loss", value, timestamp: now(), step })).status,
      ).toBe(200);
    await mlflow.post("runs/log-metric", { run_id: runId, key: "odd", value: "NaN", timestamp: now() });
    expect((await mlflow.post("runs/log-parameter", { run_id: runId, key: "lr", value: "0.1" })).status).toBe(200);
    // The same value again is fine; another value is not (params are immutable).
    expect((await mlflow.post("runs/log-parameter", { run_id: runId, key: "lr", value: "0.1" })).status).toBe(200);
    expect(errorOf(await mlflow.post("runs/log-parameter", { run_id: runId, key: "lr", value: "0.2" }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    expect(
      errorOf(await mlflow.post("runs/log-parameter", { run_id: runId, key: "../escape", value: "1" })),
    ).toStrictEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect((await mlflow.post("runs/set-tag", { run_id: runId, key: "stage", value: "test" })).status).toBe(200);
    expect((await mlflow.post("runs/set-tag", { run_id: runId, key: "gone", value: "x" })).status).toBe(200);
    expect((await mlflow.post("runs/delete-tag", { run_id: runId, key: "gone" })).status).toBe(200);
    expect(errorOf(await mlflow.post("runs/delete-tag", { run_id: runId, key: "gone" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);

    const run = (await mlflow.get<{ run: Run }>("runs/get", { run_id: runId })).body.run;
    expect(run.info).toMatchObject({ run_name: "first", status: "RUNNING", lifecycle_stage: "active" });
    expect(run.info.artifact_uri).toBe(`mlflow-artifacts:/${experimentId}/${runId}/artifacts`);
    expect(run.data.metrics).toEqual([
      expect.objectContaining({ key: "loss", value: 0.5, step: 2 }),
      expect.objectContaining({ key: "odd", value: "NaN", step: 0 }),
    ]);
    expect(run.data.params).toStrictEqual([{ key: "lr", value: "0.1" }]);
    expect(Object.fromEntries((run.data.tags ?? []).map((t) => [t.key, t.value]))).toStrictEqual({
      "mlflow.runName": "first",
      team: "ds",
      stage: "test",
    });

    const history = await mlflow.get<{ metrics: { step: number; value: number }[] }>("metrics/get-history", {
      run_id: runId,
      metric_key: "loss",
    });
    expect(history.body.metrics.map((m) => [m.step, m.value])).toStrictEqual([
      [0, 0.9],
      [1, 0.7],
      [2, 0.5],
    ]);
    const paged = await mlflow.get<{ metrics: unknown[]; next_page_token?: string }>("metrics/get-history", {
      run_id: runId,
      metric_key: "loss",
      max_results: 2,
    });
    expect(paged.body.metrics).toHaveLength(2);
    const rest = await mlflow.get<{ metrics: { step: number }[] }>("metrics/get-history", {
      run_id: runId,
      metric_key: "loss",
      max_results: 2,
      page_token: paged.body.next_page_token,
    });
    expect(rest.body.metrics.map((m) => m.step)).toStrictEqual([2]);

    const ended = await mlflow.post<{ run_info: { status: string; end_time: number } }>("runs/update", {
      run_id: runId,
      status: "FINISHED",
      end_time: now(),
    });
    expect(ended.body.run_info.status).toBe("FINISHED");
    expect(errorOf(await mlflow.get("runs/get", { run_id: "0123456789abcdef0123456789abcdef" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
  });

  it("enforces log-batch limits: 1,000 metrics, 100 params, 100 tags per request", async () => {
    const runId = await createRun(experimentId);
    const metrics = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ key: "m", value: i, timestamp: 1_000 + i, step: i }));
    const pairs = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: "v" }));
    expect(errorOf(await mlflow.post("runs/log-batch", { run_id: runId, metrics: metrics(1001) }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    expect(errorOf(await mlflow.post("runs/log-batch", { run_id: runId, params: pairs(101, "p") }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    expect(errorOf(await mlflow.post("runs/log-batch", { run_id: runId, tags: pairs(101, "t") }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    const rejected = await mlflow.post<{ message: string }>("runs/log-batch", {
      run_id: runId,
      metrics: metrics(1000),
      params: pairs(1, "p"),
    });
    expect(errorOf(rejected)).toStrictEqual([400, "INVALID_PARAMETER_VALUE"]);
    // Nothing of a rejected batch is kept; a batch at the limits is.
    expect(
      (await mlflow.get<{ metrics?: unknown[] }>("metrics/get-history", { run_id: runId, metric_key: "m" })).body
        .metrics ?? [],
    ).toHaveLength(0);
    const ok = await mlflow.post("runs/log-batch", { run_id: runId, metrics: metrics(1000) });
    expect(ok.status).toBe(200);
    expect(
      (await mlflow.post("runs/log-batch", { run_id: runId, params: pairs(100, "p"), tags: pairs(100, "t") })).status,
    ).toBe(200);
    const history = await mlflow.get<{ metrics: unknown[] }>("metrics/get-history", { run_id: runId, metric_key: "m" });
    expect(history.body.metrics).toHaveLength(1000);
    expect(
      errorOf(
        await mlflow.post("runs/log-batch", {
          run_id: runId,
          params: [
            { key: "dup", value: "1" },
            { key: "dup", value: "2" },
          ],
        }),
      ),
    ).toStrictEqual([400, "INVALID_PARAMETER_VALUE"]);
  });

  it("searches runs by status, params, metrics and tags, orders and pages them", async () => {
    const exp = await createExperiment("search-exp");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await createRun(exp, { run_name: `r${i}`, start_time: 1_000_000 + i });
      await mlflow.post("runs/log-batch", {
        run_id: id,
        metrics: [{ key: "acc", value: i / 5, timestamp: now(), step: 0 }],
        params: [{ key: "kind", value: i % 2 === 0 ? "even" : "odd" }],
        tags: [{ key: "t", value: i < 3 ? "low" : "high" }],
      });
      if (i < 2) await mlflow.post("runs/update", { run_id: id, status: "FINISHED", end_time: now() });
      ids.push(id);
    }
    const search = async (body: Record<string, unknown>) => {
      const reply = await mlflow.post<{ runs?: Run[]; next_page_token?: string }>("runs/search", {
        experiment_ids: [exp],
        ...body,
      });
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      return reply.body;
    };
    const names = (body: { runs?: Run[] }) => (body.runs ?? []).map((r) => r.info.run_name);
    expect(names(await search({}))).toStrictEqual(["r4", "r3", "r2", "r1", "r0"]);
    expect(names(await search({ filter: "attributes.status = 'FINISHED'" }))).toStrictEqual(["r1", "r0"]);
    expect(names(await search({ filter: "params.kind = 'even'" }))).toStrictEqual(["r4", "r2", "r0"]);
    expect(names(await search({ filter: "metrics.acc > 0.5" }))).toStrictEqual(["r4", "r3"]);
    expect(names(await search({ filter: "tags.t = 'low' and metrics.acc >= 0.2" }))).toStrictEqual(["r2", "r1"]);
    expect(names(await search({ filter: "tags.`t` != 'low'", order_by: ["metrics.acc ASC"] }))).toStrictEqual([
      "r3",
      "r4",
    ]);
    expect(names(await search({ filter: "attributes.run_name IN ('r1', 'r3')" }))).toStrictEqual(["r3", "r1"]);
    expect(
      names(await search({ filter: "params.kind LIKE 'ev%'", order_by: ["params.kind", "start_time ASC"] })),
    ).toStrictEqual(["r0", "r2", "r4"]);
    const first = await search({ max_results: 2, order_by: ["attributes.start_time ASC"] });
    expect(names(first)).toStrictEqual(["r0", "r1"]);
    const second = await search({
      max_results: 2,
      order_by: ["attributes.start_time ASC"],
      page_token: first.next_page_token,
    });
    expect(names(second)).toStrictEqual(["r2", "r3"]);
    const third = await search({
      max_results: 2,
      order_by: ["attributes.start_time ASC"],
      page_token: second.next_page_token,
    });
    expect(names(third)).toStrictEqual(["r4"]);
    expect(third.next_page_token).toBeUndefined();
    expect(
      errorOf(await mlflow.post("runs/search", { experiment_ids: [exp], filter: "metrics.acc > 'high'" })),
    ).toStrictEqual([400, "INVALID_PARAMETER_VALUE"]);
    expect(errorOf(await mlflow.post("runs/search", { experiment_ids: [exp], filter: "bogus ~~ 1" }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);

    // Deleted runs: only in DELETED_ONLY / ALL, restorable; logging to them is refused.
    const [gone] = ids;
    expect((await mlflow.post("runs/delete", { run_id: gone })).status).toBe(200);
    expect(names(await search({}))).not.toContain("r0");
    expect(names(await search({ run_view_type: "DELETED_ONLY" }))).toStrictEqual(["r0"]);
    expect(names(await search({ run_view_type: "ALL" }))).toHaveLength(5);
    expect(errorOf(await mlflow.post("runs/set-tag", { run_id: gone, key: "x", value: "y" }))).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    expect((await mlflow.post("runs/restore", { run_id: gone })).status).toBe(200);
    expect(names(await search({}))).toContain("r0");
  });

  it("keeps runs RUNNING while their client logs: the orphan sweep of trainings leaves them alone", async () => {
    const runId = await createRun(experimentId);
    await server.app.services.experiments.sweepOrphans();
    const run = await mlflow.get<{ run: Run }>("runs/get", { run_id: runId });
    expect(run.body.run.info.status).toBe("RUNNING");
  });

  it("records dataset inputs", async () => {
    const runId = await createRun(experimentId);
    const dataset = {
      dataset: { name: "iris", digest: "abc", source_type: "local", source: "{}" },
      tags: [{ key: "mlflow.data.context", value: "training" }],
    };
    expect((await mlflow.post("runs/log-inputs", { run_id: runId, datasets: [dataset] })).status).toBe(200);
    const run = await mlflow.get<{ run: { inputs: { dataset_inputs: unknown[] } } }>("runs/get", { run_id: runId });
    expect(run.body.run.inputs.dataset_inputs).toStrictEqual([dataset]);
  });
});

describe("MLflow artifacts", () => {
  it("stores files through the proxy in the ArtifactStore and lists them", async () => {
    const exp = await createExperiment("artifact-exp");
    const runId = await createRun(exp);
    const root = `/${exp}/${runId}/artifacts`;
    expect((await mlflow.artifact("PUT", `${root}/docs/notes.txt`, "hello")).status).toBe(200);
    expect((await mlflow.artifact("PUT", `${root}/model.bin`, "bytes!")).status).toBe(200);
    const download = await mlflow.artifact("GET", `${root}/docs/notes.txt`);
    expect([download.status, await download.text()]).toStrictEqual([200, "hello"]);
    expect(await server.app.services.models["deps"].artifacts.exists(`mlflow${root}/docs/notes.txt`)).toBe(true);

    const listing = await fetch(
      `${server.url}/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(root.slice(1))}`,
      {
        headers: server.auth,
      },
    );
    expect(await listing.json()).toStrictEqual({
      files: [
        { path: "docs", is_dir: true },
        { path: "model.bin", is_dir: false, file_size: 6 },
      ],
    });
    const list = await mlflow.get<{ root_uri: string; files: unknown[] }>("artifacts/list", {
      run_id: runId,
      path: "docs",
    });
    expect(list.body).toStrictEqual({
      root_uri: `mlflow-artifacts:${root}`,
      files: [{ path: "docs/notes.txt", is_dir: false, file_size: 5 }],
    });
    const missing = await mlflow.artifact("GET", `${root}/nope.txt`);
    expect([missing.status, ((await missing.json()) as { error_code: string }).error_code]).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
    const bad = await mlflow.artifact("PUT", `${root}/.hidden`, "x");
    expect([bad.status, ((await bad.json()) as { error_code: string }).error_code]).toStrictEqual([
      400,
      "INVALID_PARAMETER_VALUE",
    ]);
    expect((await mlflow.artifact("DELETE", `${root}/model.bin`)).status).toBe(200);
    expect((await mlflow.artifact("GET", `${root}/model.bin`)).status).toBe(404);
  });
});

describe("MLflow logged models and registry", () => {
  it("creates, finalizes, tags and searches logged models", async () => {
    const exp = await createExperiment("logged-exp");
    const runId = await createRun(exp);
    const created = await mlflow.post<{ model: { info: { model_id: string; artifact_uri: string; status: string } } }>(
      "logged-models",
      { experiment_id: exp, name: "model", source_run_id: runId, params: [{ key: "a", value: "1" }] },
    );
    expect(created.status).toBe(200);
    const { model_id: modelId, artifact_uri: uri, status } = created.body.model.info;
    expect([modelId, uri, status]).toStrictEqual([
      expect.stringMatching(/^m-[0-9a-f]{32}$/),
      `mlflow-artifacts:/${exp}/models/${modelId}/artifacts`,
      "LOGGED_MODEL_PENDING",
    ]);
    expect((await mlflow.patch(`logged-models/${modelId}/tags`, { tags: [{ key: "k", value: "v" }] })).status).toBe(
      200,
    );
    const ready = await mlflow.patch<{ model: { info: { status: string; tags: unknown[] } } }>(
      `logged-models/${modelId}`,
      {
        model_id: modelId,
        status: "LOGGED_MODEL_READY",
      },
    );
    expect(ready.body.model.info).toMatchObject({ status: "LOGGED_MODEL_READY", tags: [{ key: "k", value: "v" }] });
    const search = await mlflow.post<{ models: { info: { model_id: string } }[] }>("logged-models/search", {
      experiment_ids: [exp],
    });
    expect(search.body.models.map((m) => m.info.model_id)).toStrictEqual([modelId]);
    const run = await mlflow.get<{ run: { outputs: { model_outputs: { model_id: string }[] } } }>("runs/get", {
      run_id: runId,
    });
    expect(run.body.run.outputs.model_outputs.map((o) => o.model_id)).toStrictEqual([modelId]);
    expect((await mlflow.delete(`logged-models/${modelId}/tags/k`, {})).status).toBe(200);
    expect((await mlflow.delete(`logged-models/${modelId}`, {})).status).toBe(200);
    expect(errorOf(await mlflow.get(`logged-models/${modelId}`))).toStrictEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
  });

  it("registers models and versions in the Millrace registry, with aliases, tags and download URIs", async () => {
    const exp = await createExperiment("registry-exp");
    const runId = await createRun(exp);
    await mlflow.post("runs/log-metric", { run_id: runId, key: "accuracy", value: 0.9, timestamp: now() });
    const created = await mlflow.post("registered-models/create", {
      name: "rest-model",
      description: "from REST",
      tags: [{ key: "team", value: "ds" }],
    });
    expect(created.status).toBe(200);
    expect(errorOf(await mlflow.post("registered-models/create", { name: "rest-model" }))).toStrictEqual([
      400,
      "RESOURCE_ALREADY_EXISTS",
    ]);
    const version = await mlflow.post<{ model_version: Record<string, unknown> }>("model-versions/create", {
      name: "rest-model",
      source: `runs:/${runId}/model`,
      run_id: runId,
    });
    expect(version.body.model_version).toMatchObject({
      name: "rest-model",
      version: "1",
      run_id: runId,
      status: "READY",
      source: `runs:/${runId}/model`,
    });
    await mlflow.post("model-versions/create", { name: "rest-model", source: `runs:/${runId}/model`, run_id: runId });
    expect(
      (await mlflow.post("registered-models/alias", { name: "rest-model", alias: "champion", version: "1" })).status,
    ).toBe(200);
    expect(
      (await mlflow.post("registered-models/alias", { name: "rest-model", alias: "champion", version: "2" })).status,
    ).toBe(200);
    const byAlias = await mlflow.get<{ model_version: { version: string; aliases: string[] } }>(
      "registered-models/alias",
      { name: "rest-model", alias: "champion" },
    );
    expect(byAlias.body.model_version).toMatchObject({ version: "2", aliases: ["champion"] });
    expect(errorOf(await mlflow.get("registered-models/alias", { name: "rest-model", alias: "nope" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
    expect(
      errorOf(await mlflow.post("registered-models/alias", { name: "rest-model", alias: "champion", version: "9" })),
    ).toStrictEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
    const uri = await mlflow.get("model-versions/get-download-uri", { name: "rest-model", version: "1" });
    expect(uri.body).toStrictEqual({ artifact_uri: `mlflow-artifacts:/${exp}/${runId}/artifacts/model` });
    expect(
      (await mlflow.post("model-versions/set-tag", { name: "rest-model", version: "1", key: "k", value: "v" })).status,
    ).toBe(200);
    expect(
      (await mlflow.patch("model-versions/update", { name: "rest-model", version: "1", description: "d" })).status,
    ).toBe(200);
    expect((await mlflow.get("model-versions/get", { name: "rest-model", version: "1" })).body).toMatchObject({
      model_version: { description: "d", tags: [{ key: "k", value: "v" }] },
    });
    const got = await mlflow.get<{ registered_model: Record<string, unknown> }>("registered-models/get", {
      name: "rest-model",
    });
    expect(got.body.registered_model).toMatchObject({
      name: "rest-model",
      description: "from REST",
      aliases: [{ alias: "champion", version: "2" }],
      tags: [{ key: "team", value: "ds" }],
      latest_versions: [expect.objectContaining({ version: "2" })],
    });
    const search = await mlflow.get<{ registered_models: { name: string }[] }>("registered-models/search", {
      filter: "name LIKE 'rest-%'",
    });
    expect(search.body.registered_models.map((m) => m.name)).toStrictEqual(["rest-model"]);
    const versions = await mlflow.get<{ model_versions: { version: string }[] }>("model-versions/search", {
      filter: `name = 'rest-model' and run_id = '${runId}'`,
    });
    expect(versions.body.model_versions.map((v) => v.version)).toStrictEqual(["2", "1"]);

    // The same registry in GraphQL, with the alias history.
    const gql = await server.gql<{
      registeredModel: {
        aliases: unknown[];
        aliasHistory: { fromVersion: number | null; toVersion: number }[];
        tags: unknown;
      };
      models: { nodes: { version: number; source: string; experimentId: string; metrics: unknown }[] };
    }>(
      `{ registeredModel(name: "rest-model") { aliases { alias version } aliasHistory { fromVersion toVersion } tags }
         models(filter: { name: "rest-model" }) { nodes { version source experimentId metrics } } }`,
    );
    expect(gql.errors).toBeUndefined();
    expect(gql.data?.registeredModel).toMatchObject({
      aliases: [{ alias: "champion", version: 2 }],
      aliasHistory: [
        { fromVersion: null, toVersion: 1 },
        { fromVersion: 1, toVersion: 2 },
      ],
      tags: { team: "ds" },
    });
    expect(gql.data?.models.nodes[0]).toMatchObject({
      version: 2,
      source: "MLFLOW",
      experimentId: runId,
      metrics: { accuracy: 0.9 },
    });

    const renamed = await mlflow.post<{ registered_model: { name: string; aliases: unknown[] } }>(
      "registered-models/rename",
      { name: "rest-model", new_name: "rest-model-2" },
    );
    expect(renamed.body.registered_model).toMatchObject({ name: "rest-model-2", aliases: [{ alias: "champion" }] });
    expect((await mlflow.get("model-versions/get", { name: "rest-model-2", version: "2" })).status).toBe(200);
    expect(errorOf(await mlflow.post("registered-models/rename", { name: "rest-model", new_name: "x" }))).toStrictEqual(
      [404, "RESOURCE_DOES_NOT_EXIST"],
    );
    await mlflow.post("registered-models/rename", { name: "rest-model-2", new_name: "rest-model" });
    expect((await mlflow.delete("registered-models/alias", { name: "rest-model", alias: "champion" })).status).toBe(
      200,
    );
    expect((await mlflow.delete("model-versions/delete", { name: "rest-model", version: "1" })).status).toBe(200);
    expect(errorOf(await mlflow.get("model-versions/get", { name: "rest-model", version: "1" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
    expect((await mlflow.delete("registered-models/delete", { name: "rest-model" })).status).toBe(200);
    expect(errorOf(await mlflow.get("registered-models/get", { name: "rest-model" }))).toStrictEqual([
      404,
      "RESOURCE_DOES_NOT_EXIST",
    ]);
  });
});

describe("MLflow runs in GraphQL", () => {
  it("are experiments with source MLFLOW, tags, group and metric history, and change live", async () => {
    const exp = await createExperiment("graphql-exp");
    const changes = collect<{ experimentChanged: { name: string; status: string; metrics: Record<string, number> } }>(
      server.wsClient(),
      `subscription($g: ID) { experimentChanged(source: MLFLOW, groupId: $g) { name status metrics } }`,
      { g: exp },
      4,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const runId = await createRun(exp, { run_name: "live" });
    await mlflow.post("runs/log-metric", { run_id: runId, key: "loss", value: 0.5, timestamp: now(), step: 0 });
    await mlflow.post("runs/log-metric", { run_id: runId, key: "loss", value: 0.25, timestamp: now(), step: 1 });
    await mlflow.post("runs/update", { run_id: runId, status: "FINISHED", end_time: now() });
    const seen = await changes.done;
    expect(seen.map((s) => s.experimentChanged.status)).toStrictEqual(["RUNNING", "RUNNING", "RUNNING", "SUCCEEDED"]);
    expect(seen[2]?.experimentChanged.metrics).toStrictEqual({ loss: 0.25 });

    const res = await server.gql<{
      experiment: Record<string, unknown> & { metricHistory: { points: { step: number; value: number }[] } };
      experiments: { nodes: { id: string }[] };
    }>(
      `query($id: ID!, $g: ID!) {
        experiment(id: $id) { name status source group groupId lifecycleStage tags artifactUri
          metricHistory(key: "loss") { points { step value } endCursor } }
        experiments(filter: { source: MLFLOW, groupId: $g }) { nodes { id } } }`,
      { id: runId, g: exp },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.experiment).toMatchObject({
      name: "live",
      status: "SUCCEEDED",
      source: "MLFLOW",
      group: "graphql-exp",
      groupId: exp,
      lifecycleStage: "active",
      tags: { "mlflow.runName": "live" },
      artifactUri: `mlflow-artifacts:/${exp}/${runId}/artifacts`,
      metricHistory: {
        points: [
          { step: 0, value: 0.5 },
          { step: 1, value: 0.25 },
        ],
        endCursor: null,
      },
    });
    expect(res.data?.experiments.nodes.map((n) => n.id)).toStrictEqual([runId]);
  });
});
