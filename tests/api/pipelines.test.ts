import { currentVersionOf } from "../../api/src/runs/run.service.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const SAVE_RESULT = `
  __typename
  ... on Pipeline { id name version nodes { id kind label config position { x y } } edges { id source target } }
  ... on InvalidPipeline { message issues { code message nodeIds edgeIds field } }
  ... on VersionConflict { message expectedVersion currentVersion current { version name } }
`;
const CREATE = `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { ${SAVE_RESULT} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdatePipelineInput!) { updatePipeline(id: $id, expectedVersion: $v, input: $input) { ${SAVE_RESULT} } }`;

const chain = {
  name: "Chain",
  nodes: [
    { id: "src", kind: "extract_sample", config: { sample: "hmp" }, position: { x: 0, y: 0 } },
    { id: "flt", kind: "filter", config: { where: "x > 10" }, position: { x: 200, y: 0 } },
  ],
  edges: [{ source: "src", target: "flt" }],
};

async function create(input: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await server.gql<{ createPipeline: { __typename: string; id: string; version: number } }>(CREATE, {
    input,
  });
  expect(res.errors).toBeUndefined();
  expect(res.data?.createPipeline.__typename).toBe("Pipeline");
  return res.data!.createPipeline;
}

async function count(): Promise<number> {
  const res = await server.gql<{ pipelines: { totalCount: number } }>(`{ pipelines { totalCount } }`);
  return res.data!.pipelines.totalCount;
}

describe("pipelines over GraphQL", () => {
  it("creates a pipeline with defaults filled and reads it back", async () => {
    const created = await create(chain);
    const res = await server.gql<{ pipeline: Record<string, unknown> }>(
      `query($id: ID!) { pipeline(id: $id) { id name version nodes { id label config } edges { id source target } lastRun { id } } }`,
      { id: created.id },
    );
    expect(res.data?.pipeline).toEqual({
      id: created.id,
      name: "Chain",
      version: 1,
      nodes: [
        { id: "src", label: "Sample data", config: { sample: "hmp" } },
        { id: "flt", label: "Filter rows", config: { where: "x > 10" } },
      ],
      edges: [{ id: "src-flt", source: "src", target: "flt" }],
      lastRun: null,
    });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
  });

  it("refuses an invalid DAG with typed issues and saves nothing", async () => {
    const before = await count();
    const res = await server.gql<{
      createPipeline: { __typename: string; issues: Array<{ code: string; nodeIds: string[] }> };
    }>(CREATE, {
      input: {
        name: "Broken",
        nodes: [
          ...chain.nodes,
          { id: "loop", kind: "filter", config: { where: "y > 1" } },
          { id: "odd", kind: "teleport" },
        ],
        edges: [
          ...chain.edges,
          { source: "flt", target: "loop" },
          { source: "loop", target: "flt" },
          { source: "flt", target: "nowhere" },
        ],
      },
    });
    expect(res.data?.createPipeline.__typename).toBe("InvalidPipeline");
    const codes = res.data?.createPipeline.issues.map((i) => `${i.code}:${i.nodeIds.sort().join(",")}`);
    expect(codes).toEqual(expect.arrayContaining(["CYCLE:flt,loop", "UNKNOWN_STEP_KIND:odd", "DANGLING_EDGE:nowhere"]));
    expect(await count()).toBe(before);
  });

  it("names the node and field of an invalid config", async () => {
    const res = await server.gql<{
      createPipeline: { issues: Array<{ code: string; nodeIds: string[]; field: string; message: string }> };
    }>(CREATE, { input: { ...chain, nodes: [chain.nodes[0], { id: "flt", kind: "filter", config: { wher: "x" } }] } });
    const issues = res.data!.createPipeline.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "INVALID_CONFIG", nodeIds: ["flt"], field: "/where" }),
        expect.objectContaining({ code: "INVALID_CONFIG", nodeIds: ["flt"], field: "/wher" }),
      ]),
    );
  });

  it("rejects a config that is not a JSON object, naming where it is", async () => {
    const before = await count();
    const res = await server.gql(CREATE, {
      input: { ...chain, nodes: [{ id: "src", kind: "extract_sample", config: "{not json" }] },
    });
    expect(res.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    expect(res.errors?.[0]?.message).toContain("config");
    const literal = await server.gql(
      `mutation { createPipeline(input: { name: "x", nodes: [{ id: "a", kind: "filter", config: [1] }] }) { __typename } }`,
    );
    expect(literal.errors?.[0]?.message).toMatch(/JSONObject/);
    expect(await count()).toBe(before);
  });

  it("updates with optimistic concurrency and reports a stale version with the current one", async () => {
    const { id } = await create(chain);
    const first = await server.gql<{ updatePipeline: { __typename: string; version: number; name: string } }>(UPDATE, {
      id,
      v: 1,
      input: { name: "Renamed" },
    });
    expect(first.data?.updatePipeline).toMatchObject({ __typename: "Pipeline", version: 2, name: "Renamed" });

    const stale = await server.gql<{ updatePipeline: Record<string, unknown> }>(UPDATE, {
      id,
      v: 1,
      input: { name: "Lost?" },
    });
    expect(stale.data?.updatePipeline).toMatchObject({
      __typename: "VersionConflict",
      expectedVersion: 1,
      currentVersion: 2,
      current: { version: 2, name: "Renamed" },
    });
    const now = await server.gql<{ pipeline: { name: string; version: number } }>(
      `query($id: ID!) { pipeline(id: $id) { name version } }`,
      { id },
    );
    expect(now.data?.pipeline).toEqual({ name: "Renamed", version: 2 });
  });

  it("an invalid update leaves the stored pipeline unchanged", async () => {
    const { id } = await create(chain);
    const res = await server.gql<{ updatePipeline: { __typename: string } }>(UPDATE, {
      id,
      v: 1,
      input: {
        edges: [
          { source: "flt", target: "src" },
          { source: "src", target: "flt" },
        ],
      },
    });
    expect(res.data?.updatePipeline.__typename).toBe("InvalidPipeline");
    const now = await server.gql<{ pipeline: { version: number; edges: unknown[] } }>(
      `query($id: ID!) { pipeline(id: $id) { version edges { id } } }`,
      { id },
    );
    expect(now.data?.pipeline).toEqual({ version: 1, edges: [{ id: "src-flt" }] });
  });

  it("answers NOT_FOUND for an unknown id, on reads and writes", async () => {
    const read = await server.gql(`{ pipeline(id: "nope") { id } }`);
    expect(read.errors?.[0]).toMatchObject({ message: 'Pipeline "nope" not found', extensions: { code: "NOT_FOUND" } });
    const write = await server.gql(UPDATE, { id: "nope", v: 1, input: { name: "x" } });
    expect(write.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
    const del = await server.gql(`mutation { deletePipeline(id: "nope") { id } }`);
    expect(del.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
  });

  it("names the field of bad scalar input", async () => {
    const res = await server.gql(CREATE, { input: { name: "   " } });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "name" } });
    const params = await server.gql(CREATE, {
      input: { name: "p", params: [{ name: "n", type: "NUMBER", default: "ten" }] },
    });
    expect(params.errors?.[0]).toMatchObject({ extensions: { code: "BAD_USER_INPUT", field: "params[0].default" } });
  });

  it("filters by name literally: an operator-shaped string matches only itself", async () => {
    await create({ name: '{"$ne": null}' });
    await create({ name: "ordinary" });
    const res = await server.gql<{ pipelines: { nodes: Array<{ name: string }> } }>(
      `query($f: PipelineFilterInput) { pipelines(filter: $f) { nodes { name } } }`,
      {
        f: { name: '{"$ne": null}' },
      },
    );
    expect(res.data?.pipelines.nodes).toEqual([{ name: '{"$ne": null}' }]);
    const objectValue = await server.gql(`query($f: PipelineFilterInput) { pipelines(filter: $f) { totalCount } }`, {
      f: { name: { $ne: null } },
    });
    expect(objectValue.errors?.[0]?.extensions?.["code"]).toBe("BAD_USER_INPUT");
    const contains = await server.gql<{ pipelines: { nodes: Array<{ name: string }> } }>(
      `{ pipelines(filter: { nameContains: "ORDIN" }) { nodes { name } } }`,
    );
    expect(contains.data?.pipelines.nodes).toEqual([{ name: "ordinary" }]);
    const wildcard = await server.gql<{ pipelines: { totalCount: number } }>(
      `{ pipelines(filter: { nameContains: ".*" }) { totalCount } }`,
    );
    expect(wildcard.data?.pipelines.totalCount).toBe(0);
  });

  it("pages through every pipeline once with cursors", async () => {
    for (let i = 0; i < 7; i++) await create({ name: `page-${i}`, tags: ["paging"] });
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: {
        data?: {
          pipelines: {
            nodes: Array<{ name: string }>;
            pageInfo: { endCursor: string | null; hasNextPage: boolean };
            totalCount: number;
          };
        } | null;
      } = await server.gql(
        `query($after: String) { pipelines(filter: { tag: "paging" }, first: 3, after: $after) { nodes { name } pageInfo { endCursor hasNextPage } totalCount } }`,
        { after },
      );
      const page = res.data!.pipelines;
      expect(page.totalCount).toBe(7);
      seen.push(...page.nodes.map((n) => n.name));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(["page-6", "page-5", "page-4", "page-3", "page-2", "page-1", "page-0"]);
    const bad = await server.gql(`{ pipelines(first: 0) { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    const badCursor = await server.gql(`{ pipelines(after: "garbage") { totalCount } }`);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("deletes a pipeline with its runs and their events", async () => {
    const { id } = await create(chain);
    const pipeline = await server.app.services.pipelines.get(id);
    const run = await server.app.services.runs.create({ ...currentVersionOf(pipeline), trigger: "MANUAL" });
    await server.app.services.runs.append(run.id, [{ type: "RUN_STARTED", at: new Date() }]);
    const res = await server.gql<{ deletePipeline: { id: string; deletedRuns: number } }>(
      `mutation($id: ID!) { deletePipeline(id: $id) { id deletedRuns } }`,
      { id },
    );
    expect(res.data?.deletePipeline).toEqual({ id, deletedRuns: 1 });
    expect(await server.app.stores.runs.get(run.id)).toBeNull();
    expect(await server.app.stores.runs.listEvents(run.id, 0, 10)).toEqual([]);
    const gone = await server.gql(`query($id: ID!) { run(id: $id) { id } }`, { id: run.id });
    expect(gone.errors?.[0]?.extensions?.["code"]).toBe("NOT_FOUND");
  });

  it("lists the whole step catalog when no category is given", async () => {
    const res = await server.gql<{ stepKinds: Array<{ category: string }> }>(`{ stepKinds { category } }`);
    expect(new Set(res.data!.stepKinds.map((k) => k.category))).toEqual(
      new Set(["EXTRACT", "TRANSFORM", "VALIDATE", "LOAD", "TRAIN", "PREDICT"]),
    );
  });

  it("lists the step catalog by category", async () => {
    const res = await server.gql<{
      stepKinds: Array<{ id: string; category: string; configSchema: { type: string } }>;
    }>(`{ stepKinds(category: EXTRACT) { id category configSchema } }`);
    const kinds = res.data!.stepKinds;
    expect(kinds.map((k) => k.id)).toContain("extract_sample");
    expect(kinds.every((k) => k.category === "EXTRACT" && k.configSchema.type === "object")).toBe(true);
  });
});

describe("duplicating", () => {
  it("copies the DAG under a new name, as a new pipeline at version 1", async () => {
    const { id } = await create(chain);
    await server.gql(UPDATE, { id, v: 1, input: { tags: ["x"] } });
    const res = await server.gql<{
      duplicatePipeline: { __typename: string; id: string; name: string; version: number; nodes: unknown[] };
    }>(
      `mutation($id: ID!) { duplicatePipeline(id: $id) { __typename ... on Pipeline { id name version nodes { id } } } }`,
      { id },
    );
    expect(res.data?.duplicatePipeline).toMatchObject({
      __typename: "Pipeline",
      name: "Chain (copy)",
      version: 1,
      nodes: [{ id: "src" }, { id: "flt" }],
    });
    expect(res.data?.duplicatePipeline.id).not.toBe(id);
  });
});
