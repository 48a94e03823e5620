import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, runToEnd, stepOf } from "../support/runs.js";

let server: TestServer;
let datasetId: string;

// Known defects, one per row: a duplicate id (rows 0 and 3), a bad code (row 1), a null email (row 2), an age out of range (row 4).
const CSV = [
  "id,email,age,code",
  "1,a@x.io,34,AB-1",
  "2,b@x.io,29,zz",
  "3,,41,CD-2",
  "1,d@x.io,38,EF-3",
  "5,e@x.io,140,GH-4",
].join("\n");

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  const res = await fetch(`${server.url}/api/datasets?name=People&format=CSV`, {
    method: "POST",
    headers: server.auth,
    body: CSV,
  });
  datasetId = ((await res.json()) as { dataset: { id: string } }).dataset.id;
});
afterAll(async () => {
  await server.stop();
});

const RULES = [
  { type: "not_null", column: "email", severity: "HIGH" },
  { type: "unique", column: "id", severity: "HIGH" },
  { type: "range", column: "age", min: 0, max: 120, severity: "MEDIUM" },
  { type: "pattern", column: "code", pattern: "^[A-Z]{2}-[0-9]$", severity: "LOW" },
  { type: "row_count", min: 1 },
];

type ValidationView = {
  id: string;
  status: string;
  score: number | null;
  metrics: { rows: number; failingRows: number; completeness: number | null } | null;
  ruleResults: Array<{
    type: string;
    passed: boolean;
    failingRows: number | null;
    samples: Array<Record<string, unknown>>;
  }>;
  issues: Array<{ type: string; column: string | null; severity: string; count: number | null }>;
};
const FIELDS = `id status score metrics { rows failingRows completeness scoreFormula } ruleResults { type passed failingRows samples } issues { type column severity count }`;

describe("standalone validations", () => {
  it("validates a dataset in the background and publishes the result, every count computed", async () => {
    const client = server.wsClient();
    const done = collect<{ validationCompleted: ValidationView }>(
      client,
      `subscription($d: ID) { validationCompleted(datasetId: $d) { ${FIELDS} } }`,
      { d: datasetId },
      1,
    );
    await new Promise((r) => setTimeout(r, 100));
    const created = await server.gql<{ createValidation: { id: string; status: string } }>(
      `mutation($d: ID!, $rules: [JSONObject!]!) { createValidation(datasetId: $d, rules: $rules, name: "People check") { id status } }`,
      { d: datasetId, rules: RULES },
    );
    expect(created.errors).toBeUndefined();
    const [result] = (await done.done).map((d) => d.validationCompleted);
    expect(result!.id).toBe(created.data!.createValidation.id);
    expect(result!.status).toBe("WARNED");
    expect(result!.ruleResults.map((r) => [r.type, r.passed, r.failingRows])).toEqual([
      ["not_null", false, 1],
      ["unique", false, 2],
      ["range", false, 1],
      ["pattern", false, 1],
      ["row_count", true, null],
    ]);
    expect(result!.ruleResults[0]!.samples[0]).toEqual({
      rowNumber: 2,
      values: { id: 3, email: null, age: 41, code: "CD-2" },
    });
    expect(result!.metrics).toMatchObject({ rows: 5, failingRows: 5 }); // every row has one defect
    expect(result!.score).toBeGreaterThan(0);
    expect(result!.score).toBeLessThan(100);
    expect(result!.issues.map((i) => `${i.type}:${i.column}:${i.count}`)).toEqual(
      expect.arrayContaining(["not_null:email:1", "unique:id:2", "range:age:1", "pattern:code:1"]),
    );
    const history = await server.gql<{ validations: { totalCount: number } }>(
      `query($d: ID) { validations(filter: { datasetId: $d }) { totalCount } }`,
      { d: datasetId },
    );
    expect(history.data?.validations.totalCount).toBe(1);
  });

  it("refuses bad rules before anything runs, naming each rule and field", async () => {
    const before = await server.gql<{ validations: { totalCount: number } }>(`{ validations { totalCount } }`);
    const res = await server.gql(
      `mutation($d: ID!, $rules: [JSONObject!]!) { createValidation(datasetId: $d, rules: $rules) { id } }`,
      {
        d: datasetId,
        rules: [
          { type: "not_null", column: "nope" },
          { type: "pattern", column: "code", pattern: "([a-z" },
          { type: "range", column: "age", min: 9, max: 1 },
          { type: "teleport" },
        ],
      },
    );
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rules" });
    const problems = (error?.extensions?.["problems"] as string[]).join("\n");
    for (const fragment of [
      "#0",
      "nope",
      "#1",
      "regular expression",
      "#2",
      "min (9) is greater than max (1)",
      "#3",
      "teleport",
    ])
      expect(problems).toContain(fragment);
    const after = await server.gql<{ validations: { totalCount: number } }>(`{ validations { totalCount } }`);
    expect(after.data?.validations.totalCount).toBe(before.data?.validations.totalCount);
  });

  it("checks referential rules against another dataset, named by its id", async () => {
    const upload = await fetch(`${server.url}/api/datasets?name=Known%20ids&format=CSV`, {
      method: "POST",
      headers: server.auth,
      body: ["id", "1", "2", "3"].join("\n"),
    });
    const knownIds = ((await upload.json()) as { dataset: { id: string } }).dataset.id;
    const validate = (rules: unknown[]) =>
      server.gql<{ createValidation: { id: string } }>(
        `mutation($d: ID!, $rules: [JSONObject!]!) { createValidation(datasetId: $d, rules: $rules) { id } }`,
        { d: datasetId, rules },
      );
    const unknown = await validate([
      { type: "referential", column: "id", reference: "no-such-dataset", referenceColumn: "id" },
    ]);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rules" });
    expect((unknown.errors?.[0]?.extensions?.["problems"] as string[]).join("\n")).toMatch(/#0.*no-such-dataset/);
    const badColumn = await validate([
      { type: "referential", column: "id", reference: knownIds, referenceColumn: "nope" },
    ]);
    expect((badColumn.errors?.[0]?.extensions?.["problems"] as string[]).join("\n")).toContain("nope");

    const created = await validate([{ type: "referential", column: "id", reference: knownIds, referenceColumn: "id" }]);
    expect(created.errors).toBeUndefined();
    const id = created.data!.createValidation.id;
    let view: ValidationView | undefined;
    for (let i = 0; i < 200 && (!view || view.status === "RUNNING"); i++) {
      await new Promise((r) => setTimeout(r, 50));
      view = (
        await server.gql<{ validation: ValidationView }>(`query($id: ID!) { validation(id: $id) { ${FIELDS} } }`, {
          id,
        })
      ).data?.validation;
    }
    // Ids 1, 2, 3 and 1 again are known; 5 (row 4) is not.
    expect(view?.status).toBe("WARNED");
    expect(view?.ruleResults.map((r) => [r.type, r.passed, r.failingRows])).toEqual([["referential", false, 1]]);
    expect(view?.ruleResults[0]?.samples[0]).toMatchObject({ rowNumber: 4 });
  });

  it("profiles a dataset: types, nulls, distinct counts, statistics and quantiles", async () => {
    const res = await server.gql<{
      datasetProfile: { rows: number; approximate: boolean; columns: Array<Record<string, unknown>> };
    }>(
      `query($d: ID!) { datasetProfile(datasetId: $d) { rows approximate columns { name type nulls distinct min max mean quantiles { p50 } bins { count } topValues { value count } estimates { distinctRelativeError } } } }`,
      { d: datasetId },
    );
    const profile = res.data!.datasetProfile;
    expect(profile.rows).toBe(5);
    // A small table is profiled exactly: nothing is an estimate.
    expect(profile.approximate).toBe(false);
    expect(profile.columns.every((c) => c["estimates"] === null)).toBe(true);
    const age = profile.columns.find((c) => c["name"] === "age")!;
    expect(age).toMatchObject({
      nulls: 0,
      distinct: 5,
      min: 29,
      max: 140,
      mean: (34 + 29 + 41 + 38 + 140) / 5,
      quantiles: { p50: 38 },
    });
    const email = profile.columns.find((c) => c["name"] === "email")!;
    expect(email).toMatchObject({ nulls: 1, distinct: 4 });
  });
});

describe("the validate step in pipelines", () => {
  it("gates the HMP ETL demo: rules pass, the data is loaded, the validation is recorded with the run", async () => {
    const { run } = await runToEnd(server, "hmp-etl");
    expect(run.status).toBe("SUCCEEDED");
    expect(stepOf(run, "load").rowsOut).toBe(392_080);
    const v = await server.gql<{ validations: { nodes: Array<{ status: string; nodeId: string; score: number }> } }>(
      `query($r: ID) { validations(filter: { runId: $r }) { nodes { status nodeId score } } }`,
      {
        r: run.id,
      },
    );
    expect(v.data?.validations.nodes).toEqual([{ status: "PASSED", nodeId: "validate", score: 100 }]);
  });

  it("blocks downstream steps when a BLOCK rule fails, naming the rule", async () => {
    const id = await createPipeline(server, {
      name: "Strict gate",
      nodes: [
        { id: "hmp", kind: "extract_sample", config: { sample: "hmp" } },
        {
          id: "gate",
          kind: "validate",
          config: { mode: "BLOCK", rules: [{ type: "range", column: "x", max: 30, name: "x below 31" }] },
        },
        { id: "load", kind: "load_collection", config: { collection: "never", mode: "REPLACE" } },
      ],
      edges: [
        { source: "hmp", target: "gate" },
        { source: "gate", target: "load" },
      ],
    });
    const { run } = await runToEnd(server, id);
    expect(run.status).toBe("FAILED");
    expect(stepOf(run, "gate").error).toContain("x below 31");
    expect(stepOf(run, "load").status).toBe("SKIPPED");
    expect((await server.app.stores.rows.list()).map((c) => c.name)).not.toContain("never");
    const v = await server.gql<{
      validations: { nodes: Array<{ status: string; ruleResults: Array<{ failingRows: number }> }> };
    }>(`query($r: ID) { validations(filter: { runId: $r }) { nodes { status ruleResults { failingRows } } } }`, {
      r: run.id,
    });
    expect(v.data?.validations.nodes[0]?.status).toBe("FAILED");
    expect(v.data?.validations.nodes[0]?.ruleResults[0]?.failingRows).toBeGreaterThan(0);
  });
});
