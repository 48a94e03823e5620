import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
});
afterAll(async () => {
  await server.stop();
});

describe("system info and the demo", () => {
  it("reports version, store and active runs", async () => {
    const res = await server.gql<{
      systemInfo: { version: string; store: { ok: boolean; kind: string }; activeRuns: number };
    }>(`{ systemInfo { version store { ok kind latencyMs } activeRuns startedAt } }`);
    expect(res.data?.systemInfo).toMatchObject({
      version: "0.1.0",
      store: { ok: true, kind: "sqlite" },
      activeRuns: 0,
    });
  });

  it("seeds only what is missing and resets the demo pipelines only when confirmed", async () => {
    await server.gql(`mutation { deletePipeline(id: "automl") { id } }`);
    await server.gql(
      `mutation { updatePipeline(id: "hmp-etl", expectedVersion: 1, input: { name: "Edited" }) { __typename } }`,
    );
    await server.gql(`mutation { createPipeline(input: { name: "Mine" }) { __typename } }`);
    const seeded = await server.gql<{ seedDemo: { pipelines: number } }>(
      `mutation { seedDemo { pipelines datasets } }`,
    );
    expect(seeded.data?.seedDemo.pipelines).toBe(1);
    const edited = await server.gql<{ pipeline: { name: string } }>(`{ pipeline(id: "hmp-etl") { name } }`);
    expect(edited.data?.pipeline.name).toBe("Edited");

    const refused = await server.gql(`mutation { resetDemo(confirm: "yes") { pipelines } }`);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "confirm" });
    const reset = await server.gql<{ resetDemo: { pipelines: number } }>(
      `mutation { resetDemo(confirm: "RESET") { pipelines } }`,
    );
    expect(reset.data?.resetDemo.pipelines).toBe(5);
    const after = await server.gql<{ pipeline: { name: string; version: number }; pipelines: { totalCount: number } }>(
      `{ pipeline(id: "hmp-etl") { name version } pipelines { totalCount } }`,
    );
    expect(after.data).toEqual({
      pipeline: { name: "HMP Data ETL Pipeline", version: 1 },
      pipelines: { totalCount: 6 },
    });
  });
});
