import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../support/process.js";

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-schedule-"));
const processes: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
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

describe("schedules across two API processes", () => {
  it("fires every tick exactly once", async () => {
    const env = { DATA_DIR: dataDir, MONGODB_URL: undefined, SEED_DEMO: "false", LOG_LEVEL: "warn" };
    processes.push(await startServerProcess(env), await startServerProcess(env));
    const [a, b] = processes as [ServerProcess, ServerProcess];
    const { createPipeline } = await gql<{ createPipeline: { id: string; version: number } }>(
      a.url,
      `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { ... on Pipeline { id version } } }`,
      {
        input: {
          name: "Every second",
          nodes: [{ id: "gen", kind: "extract_synthetic", config: { rows: 5, seed: 1 } }],
          schedule: { cron: "* * * * * *", overlap: "ALLOW" },
        },
      },
    );
    await new Promise((r) => setTimeout(r, 4500));
    await gql(
      b.url,
      `mutation($id: ID!, $v: Int!) { updatePipeline(id: $id, expectedVersion: $v, input: { schedule: null }) { __typename } }`,
      {
        id: createPipeline.id,
        v: createPipeline.version,
      },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const { scheduleTicks } = await gql<{
      scheduleTicks: { nodes: Array<{ fireAt: string; status: string; runId: string | null }> };
    }>(b.url, `query($p: ID!) { scheduleTicks(pipelineId: $p, first: 100) { nodes { fireAt status runId } } }`, {
      p: createPipeline.id,
    });
    const { runs } = await gql<{ runs: { nodes: Array<{ id: string; trigger: string }> } }>(
      a.url,
      `query($p: ID) { runs(pipelineId: $p, first: 100) { nodes { id trigger } } }`,
      {
        p: createPipeline.id,
      },
    );
    const ticks = scheduleTicks.nodes;
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(ticks.map((t) => t.fireAt)).size).toBe(ticks.length);
    expect(ticks.every((t) => t.status === "STARTED" && t.runId !== null)).toBe(true);
    expect(runs.nodes.map((r) => r.id).sort()).toEqual(ticks.map((t) => t.runId).sort());
    expect(runs.nodes.every((r) => r.trigger === "SCHEDULE")).toBe(true);
  });
});
