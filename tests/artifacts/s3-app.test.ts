// A whole Millrace on ARTIFACT_STORE=s3: step outputs land in the bucket, and a run whose outputs are gone from
// DATA_DIR (another machine, or retention) can still be previewed and retried from its failed step.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { S3ArtifactStore } from "../../api/src/artifacts/s3-artifact-store.js";
import { addDataset, blobs } from "../ml/support/ml-data.js";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, followRun, runToEnd, stepOf } from "../support/runs.js";
import { s3ForTests, uniquePrefix } from "./support/s3-server.js";

const { server: s3, skip } = await s3ForTests();
const prefix = uniquePrefix("app");
let app: TestServer;
let bucket: S3ArtifactStore;

beforeAll(async () => {
  if (!s3) return;
  app = await startTestServer({ env: { ...s3.env(prefix), AUTH_MODE: "off" } });
  bucket = new S3ArtifactStore(s3.options(prefix));
});
afterAll(async () => {
  bucket?.close();
  await app?.stop();
  await s3?.stop();
});

const node = (id: string, kind: string, config: Record<string, unknown>) => ({
  id,
  kind,
  label: id,
  config,
  position: { x: 0, y: 0 },
});

it.skipIf(!s3)(
  `archives step outputs in S3, previews and retries without local outputs${skip ? ` (${skip})` : ""}`,
  async () => {
    // load_file cannot create files/out while a plain file has that name: the run fails at its last step.
    const blocker = path.join(app.dataDir, "files", "out");
    await mkdir(path.dirname(blocker), { recursive: true });
    await writeFile(blocker, "in the way");
    const pipelineId = await createPipeline(app, {
      name: "s3 outputs",
      nodes: [
        node("gen", "extract_synthetic", { rows: 500, numericColumns: 1, categories: 3, seed: 7 }),
        node("keep", "filter", { where: "id % 2 = 0" }),
        node("csv", "convert", { to: "CSV" }),
        node("save", "load_file", { path: "out/result.csv", format: "CSV" }),
      ],
      edges: [
        { id: "e1", source: "gen", target: "keep" },
        { id: "e2", source: "keep", target: "csv" },
        { id: "e3", source: "csv", target: "save" },
      ],
    });
    const { run } = await runToEnd(app, pipelineId);
    expect(run.status).toBe("FAILED");
    expect(stepOf(run, "keep").status).toBe("SUCCEEDED");
    expect(stepOf(run, "save").status).toBe("FAILED");

    // Every finished step's output (and the CSV copy) is in the bucket, under runs/<runId>/; the filter's is a
    // view over gen.parquet (steps/impl/lazy.ts), archived as its definition.
    expect((await bucket.list(`runs/${run.id}/`)).map((i) => i.key)).toEqual([
      `runs/${run.id}/csv.csv`,
      `runs/${run.id}/gen.parquet`,
      `runs/${run.id}/keep.view`,
    ]);

    // The outputs leave DATA_DIR (another worker, or retention): a preview fetches them back.
    await rm(path.join(app.dataDir, "runs"), { recursive: true, force: true });
    const preview = await app.gql(
      `query($runId: ID!) { stepOutputPreview(runId: $runId, nodeId: "keep", limit: 3) { rowCount columns { name } rows } }`,
      { runId: run.id },
    );
    expect(preview.errors).toBeUndefined();
    expect(preview.data).toMatchObject({ stepOutputPreview: { rowCount: stepOf(run, "keep").rowsOut } });
    expect((preview.data as { stepOutputPreview: { rows: unknown[] } }).stepOutputPreview.rows).toHaveLength(3);

    // Retry from the failed step with no local outputs at all: the load step reads "keep" back from S3.
    await rm(path.join(app.dataDir, "runs"), { recursive: true, force: true });
    await rm(blocker);
    const retried = await app.gql(`mutation($runId: ID!) { retryRun(runId: $runId, fromFailed: true) { id } }`, {
      runId: run.id,
    });
    expect(retried.errors).toBeUndefined();
    const retryId = (retried.data as { retryRun: { id: string } }).retryRun.id;
    const second = await followRun(app, retryId);
    expect(second.run.status).toBe("SUCCEEDED");
    const csv = await readFile(path.join(app.dataDir, "files", "out", "result.csv"), "utf8");
    expect(csv.trim().split("\n")).toHaveLength(1 + (stepOf(run, "keep").rowsOut ?? -1));
  },
);

it.skipIf(!s3)("keeps model artifacts in S3, and training's scratch tables out of it", async () => {
  const datasetId = await addDataset(app, "blobs", blobs({ rows: 200, seed: 5, spread: 1.5 }));
  const created = await app.gql<{ createExperiment: { id: string } }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
    { input: { datasetId, target: "label", features: ["f0", "f1"], algorithm: "logistic_regression", seed: 1 } },
  );
  expect(created.errors).toBeUndefined();
  const id = created.data!.createExperiment.id;
  const states = await collect<{ experimentProgress: { status: string } }>(
    app.wsClient(),
    `subscription($id: ID!) { experimentProgress(id: $id) { status } }`,
    { id },
    Number.MAX_SAFE_INTEGER,
  ).done;
  expect(states.at(-1)?.experimentProgress.status).toBe("SUCCEEDED");
  const keys = (await bucket.list()).map((i) => i.key);
  expect(keys).toContain(`experiments/${id}/model.json.gz`);
  // The training data read into runs/experiment-<id>/ is scratch: no run has that id, so it is not archived.
  expect(keys.filter((k) => k.startsWith("runs/experiment-"))).toEqual([]);
});
