import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe("health and error hygiene", () => {
  it("reports the store as reachable", async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; store: { ok: boolean; kind: string } };
    expect(body).toMatchObject({ status: "ok", store: { ok: true, kind: "sqlite" } });
  });

  it("keeps GraphQL's own errors informative and never sends a stack trace", async () => {
    const res = await server.gql(`{ pipelines { nodes { nonsense } } }`);
    expect(res.errors?.[0]?.extensions?.["code"]).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors?.[0]?.message).toContain("nonsense");
    expect(JSON.stringify(res)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it("refuses a cross-site simple request (CSRF prevention)", async () => {
    const res = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ pipelines { totalCount } }")}`);
    expect(res.status).toBe(400);
  });

  it("hides internal failures and says so in /healthz when the store is gone", async () => {
    await server.app.stores.close();
    const res = await server.gql<{ pipelines: unknown }>(`{ pipelines { totalCount } }`);
    expect(res.errors?.[0]).toEqual({
      message: "Internal server error",
      locations: [{ line: 1, column: 3 }],
      path: ["pipelines"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { store: { ok: boolean } }).store.ok).toBe(false);
  });
});
