import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";
import { startServerProcess, type ServerProcess } from "../support/process.js";

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-restart-"));
const env = { DATA_DIR: dataDir, MONGODB_URL: undefined, SEED_DEMO: "false", RUN_LEASE_MS: "2000", LOG_LEVEL: "warn" };
const ROWS = 10_000_000;
const CATEGORIES = 5;
let server: ServerProcess | null = null;

afterAll(async () => {
  await server?.stop("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

type RunState = {
  status: string;
  error: string | null;
  steps: Array<{ nodeId: string; status: string; rowsOut: number | null }>;
};
const RUN = `query($id: ID!) { run(id: $id) { status error steps { nodeId status rowsOut } } }`;

async function waitFor(
  url: string,
  runId: string,
  done: (run: RunState) => boolean,
  timeoutMs: number,
): Promise<RunState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { run } = await gql<{ run: RunState }>(url, RUN, { id: runId });
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`timed out; run is ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("restart safety", () => {
  it("a run whose server was killed ends FAILED after restart, and a retry loads exactly once", async () => {
    server = await startServerProcess(env);
    const { createPipeline } = await gql<{ createPipeline: { id: string } }>(
      server.url,
      `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { ... on Pipeline { id } } }`,
      {
        input: {
          name: "Heavy then load",
          nodes: [
            {
              id: "gen",
              kind: "extract_synthetic",
              config: { rows: ROWS, numericColumns: 4, categories: CATEGORIES, seed: 7 },
            },
            { id: "sort", kind: "sort", config: { by: [{ column: "x1", descending: true }] } },
            {
              id: "per",
              kind: "aggregate",
              config: { groupBy: ["category"], aggregations: [{ fn: "COUNT", as: "n" }] },
            },
            { id: "load", kind: "load_collection", config: { collection: "once", mode: "APPEND" } },
          ],
          edges: [
            { source: "gen", target: "sort" },
            { source: "sort", target: "per" },
            { source: "per", target: "load" },
          ],
        },
      },
    );
    const { runPipeline } = await gql<{ runPipeline: { id: string } }>(
      server.url,
      `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`,
      { id: createPipeline.id },
    );
    await waitFor(
      server.url,
      runPipeline.id,
      (run) => run.steps.some((s) => s.nodeId === "sort" && s.status === "RUNNING"),
      60_000,
    );
    await server.stop("SIGKILL");

    const restartedAt = Date.now();
    server = await startServerProcess(env);
    const failed = await waitFor(
      server.url,
      runPipeline.id,
      (run) => run.status !== "RUNNING" && run.status !== "QUEUED",
      15_000,
    );
    expect(failed.status).toBe("FAILED");
    expect(failed.error).toMatch(/engine running it stopped/);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    expect(failed.steps.find((s) => s.nodeId === "load")?.status).not.toBe("SUCCEEDED");

    const { retryRun } = await gql<{ retryRun: { id: string } }>(
      server.url,
      `mutation($id: ID!) { retryRun(runId: $id) { id } }`,
      { id: runPipeline.id },
    );
    const retried = await waitFor(
      server.url,
      retryRun.id,
      (run) => run.status === "SUCCEEDED" || run.status === "FAILED",
      120_000,
    );
    expect(retried.status).toBe("SUCCEEDED");
    await server.stop();
    server = null;

    const stores = openSqliteStores(path.join(dataDir, "millrace.sqlite"));
    try {
      // One row per category, once: the killed run never loaded and the retry loaded exactly once.
      expect(await stores.rows.count("once")).toBe(CATEGORIES);
    } finally {
      await stores.close();
    }
  }, 240_000);
});
