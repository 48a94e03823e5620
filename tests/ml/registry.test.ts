/** The model registry and prediction: versions, moving aliases with history, predict (GraphQL and REST). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { addDataset, blobs } from "./support/ml-data.js";

let server: TestServer;
let experimentIds: string[] = [];

async function train(datasetId: string, algorithm: string, params: Record<string, unknown> = {}): Promise<string> {
  const res = await server.gql<{ createExperiment: { id: string } }>(
    `mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }`,
    {
      input: {
        datasetId,
        target: "label",
        features: ["f0", "f1", "colour"],
        categorical: ["colour"],
        algorithm,
        params,
      },
    },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const id = res.data!.createExperiment.id;
  await collect(server.wsClient(), `subscription($id: ID!) { experimentProgress(id: $id) { status } }`, { id }, 1e9)
    .done;
  return id;
}

async function register(experimentId: string, name: string, alias?: string) {
  return server.gql<{
    registerModel: { id: string; name: string; version: number; aliases: string[]; createdBy: string };
  }>(
    `mutation($e: ID!, $n: String!, $a: String) { registerModel(experimentId: $e, name: $n, alias: $a) { id name version aliases createdBy artifactUri target classLabels inputSchema { name kind categories } dataFingerprint } }`,
    { e: experimentId, n: name, a: alias ?? null },
  );
}

const ROWS = [
  { f0: 0.5, f1: -1.2, colour: "red" },
  { f0: 3.1, f1: 2.2, colour: "blue", ignored: "extra fields are ignored" },
  { f0: -2, f1: 0, colour: "purple" },
  { f0: null, f1: 1, colour: null },
];

beforeAll(async () => {
  server = await startTestServer();
  const ds = await addDataset(server, "reg blobs", blobs({ rows: 300, seed: 5, features: 2 }));
  experimentIds = [await train(ds, "logistic_regression"), await train(ds, "random_forest", { n_estimators: 15 })];
  experimentIds.push(await train(ds, "gradient_boosting", { n_estimators: 20 }));
});
afterAll(() => server.stop());

describe("model registry", () => {
  it("registers experiments as versions 1, 2, 3 of a name, with the artifact's schema and fingerprint", async () => {
    const versions = [];
    for (const id of experimentIds) {
      const res = await register(id, "Blob Classifier");
      expect(res.errors).toBeUndefined();
      versions.push(res.data!.registerModel);
    }
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    const v1 = versions[0] as Record<string, unknown>;
    expect(v1).toMatchObject({ createdBy: "admin@localhost", target: "label", classLabels: ["c0", "c1", "c2"] });
    expect(v1.inputSchema).toEqual([
      { name: "f0", kind: "NUMBER", categories: null },
      { name: "f1", kind: "NUMBER", categories: null },
      { name: "colour", kind: "CATEGORY", categories: ["blue", "green", "red"] },
    ]);
    expect(v1.dataFingerprint).toMatch(/^sha256:/);
    expect(await server.app.stores.models.count({ name: "Blob Classifier" })).toBe(3);
  });

  it("moves aliases between versions and keeps who moved them when", async () => {
    const set = (alias: string, version: number) =>
      server.gql(
        `mutation($a: String!, $v: Int!) { setModelAlias(name: "Blob Classifier", alias: $a, version: $v) { name } }`,
        {
          a: alias,
          v: version,
        },
      );
    expect((await set("champion", 1)).errors).toBeUndefined();
    expect((await set("challenger", 3)).errors).toBeUndefined();
    expect((await set("champion", 2)).errors).toBeUndefined();
    // Another user removes one: the history says who.
    const editor = await server.tokenFor("EDITOR");
    const removed = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${editor}` },
      body: JSON.stringify({
        query: `mutation { removeModelAlias(name: "Blob Classifier", alias: "challenger") { name } }`,
      }),
    });
    expect(((await removed.json()) as { errors?: unknown }).errors).toBeUndefined();
    const res = await server.gql<{
      registeredModel: {
        latestVersion: number;
        aliases: Array<{ alias: string; version: number }>;
        aliasHistory: Array<{
          alias: string;
          fromVersion: number | null;
          toVersion: number | null;
          by: string;
          at: string;
        }>;
        versions: { nodes: Array<{ version: number; aliases: string[] }> };
      };
    }>(
      `{ registeredModel(name: "Blob Classifier") { latestVersion aliases { alias version } aliasHistory { alias fromVersion toVersion by at } versions { nodes { version aliases } } } }`,
    );
    const reg = res.data!.registeredModel;
    expect(reg.latestVersion).toBe(3);
    expect(reg.aliases).toEqual([{ alias: "champion", version: 2 }]);
    expect(reg.aliasHistory.map(({ at: _at, ...h }) => h)).toEqual([
      { alias: "champion", fromVersion: null, toVersion: 1, by: "admin@localhost" },
      { alias: "challenger", fromVersion: null, toVersion: 3, by: "admin@localhost" },
      { alias: "champion", fromVersion: 1, toVersion: 2, by: "admin@localhost" },
      { alias: "challenger", fromVersion: 3, toVersion: null, by: "editor1@test.local" },
    ]);
    expect(reg.aliasHistory.every((h) => !Number.isNaN(Date.parse(h.at)))).toBe(true);
    const byVersion = Object.fromEntries(reg.versions.nodes.map((v) => [v.version, v.aliases]));
    expect(byVersion).toEqual({ 1: [], 2: ["champion"], 3: [] });
    const filtered = await server.gql<{ models: { nodes: Array<{ version: number }> } }>(
      `{ models(filter: { alias: "champion" }) { nodes { version } } }`,
    );
    expect(filtered.data!.models.nodes.map((n) => n.version)).toEqual([2]);
    const bad = await set("Not An Alias", 1);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "alias" });
    const missing = await set("champion", 9);
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("predicts labels and class probabilities by alias, version or latest", async () => {
    const predict = (model: string) =>
      server.gql<{
        predict: {
          model: { version: number };
          classLabels: string[];
          predictions: Array<{ label: string; probabilities: number[] }>;
        };
      }>(
        `mutation($m: String!, $rows: [JSONObject!]!) { predict(model: $m, rows: $rows) { model { version } classLabels predictions { label probabilities } } }`,
        { m: model, rows: ROWS },
      );
    const champion = await predict("Blob Classifier@champion");
    expect(champion.errors).toBeUndefined();
    expect(champion.data!.predict.model.version).toBe(2);
    expect(champion.data!.predict.classLabels).toEqual(["c0", "c1", "c2"]);
    const preds = champion.data!.predict.predictions;
    expect(preds).toHaveLength(4);
    for (const p of preds) {
      expect(p.probabilities).toHaveLength(3);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(p.label).toBe(["c0", "c1", "c2"][p.probabilities.indexOf(Math.max(...p.probabilities))]);
    }
    expect((await predict("Blob Classifier/1")).data!.predict.model.version).toBe(1);
    expect((await predict("Blob Classifier")).data!.predict.model.version).toBe(3);
    expect((await predict("Blob Classifier/latest")).data!.predict.model.version).toBe(3);
    const noAlias = await predict("Blob Classifier@staging");
    expect(noAlias.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(noAlias.errors?.[0]?.message).toMatch(/no alias "staging" \(aliases: champion\)/);
    expect((await predict("Nobody@champion")).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("validates rows against the stored schema, naming the row and the field", async () => {
    const errorOf = async (rows: unknown[]) => {
      const res = await server.gql(
        `mutation($rows: [JSONObject!]!) { predict(model: "Blob Classifier/1", rows: $rows) { classLabels } }`,
        {
          rows,
        },
      );
      return res.errors?.[0];
    };
    expect(
      await errorOf([
        { f0: 1, f1: 2, colour: "red" },
        { f0: 1, colour: "red" },
      ]),
    ).toMatchObject({
      message: expect.stringMatching(/^rows\[1\]\.f1: is missing/),
      extensions: { code: "BAD_USER_INPUT", field: "rows[1].f1" },
    });
    expect(await errorOf([{ f0: "7", f1: 2, colour: "red" }])).toMatchObject({
      message: 'rows[0].f0: must be a finite number, got "7"',
    });
    expect(await errorOf([{ f0: 1, f1: 2, colour: { nested: true } }])).toMatchObject({
      extensions: { field: "rows[0].colour" },
    });
    expect(await errorOf([])).toMatchObject({ extensions: { field: "rows" } });
  });

  it("serves predictions over REST: POST /api/models/:name/:ref/predict", async () => {
    const post = (ref: string, body: unknown) =>
      fetch(`${server.url}/api/models/${encodeURIComponent("Blob Classifier")}/${ref}/predict`, {
        method: "POST",
        headers: { "content-type": "application/json", ...server.auth },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const anonymous = await fetch(
      `${server.url}/api/models/${encodeURIComponent("Blob Classifier")}/champion/predict`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ rows: ROWS }),
      },
    );
    expect(anonymous.status).toBe(401);
    const res = await post("champion", { rows: ROWS });
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      model: { name: string; version: number };
      classLabels: string[];
      predictions: Array<{ label: string; probabilities: Record<string, number> }>;
    };
    expect(json.model).toMatchObject({ name: "Blob Classifier", version: 2 });
    expect(Object.keys(json.predictions[0]!.probabilities)).toEqual(["c0", "c1", "c2"]);
    const graphql = await server.gql<{ predict: { predictions: Array<{ label: string; probabilities: number[] }> } }>(
      `mutation($rows: [JSONObject!]!) { predict(model: "Blob Classifier@champion", rows: $rows) { predictions { label probabilities } } }`,
      { rows: ROWS },
    );
    expect(json.predictions.map((p) => Object.values(p.probabilities))).toEqual(
      graphql.data!.predict.predictions.map((p) => p.probabilities),
    );
    expect((await post("3", { rows: ROWS })).status).toBe(200);
    expect(
      ((await (await post("latest", { rows: ROWS })).json()) as { model: { version: number } }).model.version,
    ).toBe(3);
    const bad = await post("1", { rows: [{ f0: 1 }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_USER_INPUT", field: "rows[0].f1" } });
    expect((await post("staging", { rows: ROWS })).status).toBe(404);
    expect((await post("1", "{not json")).status).toBe(400);
    expect((await post("1", { nope: 1 })).status).toBe(400);
  });
});
