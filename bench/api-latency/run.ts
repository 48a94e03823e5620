/**
 * Does a heavy run block the API? GraphQL latency (p50/p99) from a separate load process while the server is
 * idle (the baseline, same run) and while it executes a CPU-heavy pipeline (20M synthetic rows → sort →
 * aggregate). Prints one JSON line.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startServerProcess } from "../../tests/support/process.js";

const run = promisify(execFile);
const SECONDS = 8;
const LOAD = path.join(path.dirname(new URL(import.meta.url).pathname), "load.ts");

async function measure(url: string): Promise<Record<string, number>> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", LOAD, url, String(SECONDS), "4"]);
  return JSON.parse(stdout) as Record<string, number>;
}

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

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-bench-latency-"));
const server = await startServerProcess({
  DATA_DIR: dataDir,
  MONGODB_URL: undefined,
  SEED_DEMO: "true",
  LOG_LEVEL: "warn",
});
try {
  const idle = await measure(server.url);
  const { createPipeline } = await gql<{ createPipeline: { id: string } }>(
    server.url,
    `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { ... on Pipeline { id } } }`,
    {
      input: {
        name: "Heavy",
        nodes: [
          { id: "gen", kind: "extract_synthetic", config: { rows: 20_000_000, numericColumns: 6, seed: 3 } },
          { id: "sort", kind: "sort", config: { by: [{ column: "x1" }, { column: "x2", descending: true }] } },
          {
            id: "agg",
            kind: "aggregate",
            config: { groupBy: ["category"], aggregations: [{ fn: "AVG", column: "x3", as: "m" }] },
          },
        ],
        edges: [
          { source: "gen", target: "sort" },
          { source: "sort", target: "agg" },
        ],
      },
    },
  );
  const { runPipeline } = await gql<{ runPipeline: { id: string } }>(
    server.url,
    `mutation($id: ID!) { runPipeline(pipelineId: $id) { id } }`,
    { id: createPipeline.id },
  );
  const busy = await measure(server.url);
  const { run: state } = await gql<{ run: { status: string } }>(
    server.url,
    `query($id: ID!) { run(id: $id) { status } }`,
    { id: runPipeline.id },
  );
  process.stdout.write(
    `${JSON.stringify({
      bench: "api-latency-during-run",
      query: "{ pipelines { totalCount } }",
      seconds: SECONDS,
      concurrency: 4,
      idle,
      duringHeavyRun: busy,
      runStillRunningAtEnd: state.status === "RUNNING",
      p99Ratio: Math.round((busy["p99"]! / idle["p99"]!) * 100) / 100,
    })}\n`,
  );
} finally {
  await server.stop("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
}
