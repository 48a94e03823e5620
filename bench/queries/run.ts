/**
 * Query speed: the editor's heaviest queries — the pipelines list with each one's last run (50 per page), a run with
 * 1,000 steps (snapshot + step states), dashboardStats over `--runs` runs (100,000 by default) — under concurrent
 * load from a separate process (load.ts), against Millrace's GraphQL endpoint and, in the same run, a plain HTTP
 * route of the same process returning the same JSON from the same store (server.ts), and a second GraphQL endpoint
 * configured the same but executing with graphql-js only (`compiledQueries: false`, the "before"). The sides are
 * measured in turn (GraphQL, GraphQL-js, plain, and again) so that the machine's noise falls on all. First checks
 * that all answer the same JSON. Prints one JSON line: req/s, p50/p99 per query and side, and the ratios to plain.
 *
 * Options: --runs=100000  --seconds=8 (per window)  --concurrency=8  --rounds=2
 * Store: SQLite; set MONGODB_URL to measure the MongoDB store.
 */
import { execFile, fork, type ChildProcess } from "node:child_process";
import { isDeepStrictEqual } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DASHBOARD, PIPELINE_LIST, RUN_DETAIL } from "./queries.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const RUNS = arg("runs", "100000");
const SECONDS = Number(arg("seconds", "8"));
const CONCURRENCY = Number(arg("concurrency", "8"));
const ROUNDS = Number(arg("rounds", "2"));

interface Reply {
  type: string;
  [key: string]: unknown;
}

function nextMessage(child: ChildProcess, type: string, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${type}" from the server in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (raw: unknown): void => {
      const reply = raw as Reply;
      if (reply.type !== type) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(reply);
    };
    child.on("message", onMessage);
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before "${type}"`)));
  });
}

interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  responseBytes: number;
}

function load(url: string, body?: string): Promise<LoadResult> {
  const options = JSON.stringify({ url, seconds: SECONDS, concurrency: CONCURRENCY, ...(body ? { body } : {}) });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(HERE, "load.ts"), options],
      { maxBuffer: 1 << 20 },
      (error, stdout) => {
        if (error) reject(new Error(`load.ts failed: ${error.message}`));
        else resolve(JSON.parse(stdout.trim()) as LoadResult);
      },
    );
  });
}

async function fetchJson(url: string, body?: string): Promise<unknown> {
  const res = await fetch(url, {
    method: body ? "POST" : "GET",
    ...(body ? { body, headers: { "content-type": "application/json" } } : {}),
  });
  return res.json();
}

const server = fork(path.join(HERE, "server.ts"), [`--runs=${RUNS}`], {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
  env: process.env,
});
try {
  process.stderr.write(`queries: seeding ${RUNS} runs…\n`);
  const ready = await nextMessage(server, "ready", 1_800_000);
  const graphqlUrl = String(ready["graphqlUrl"]);
  const graphqlJsUrl = String(ready["graphqlJsUrl"]);
  const plainUrl = String(ready["plainUrl"]);
  const bigRunId = String(ready["bigRunId"]);
  process.stderr.write(`queries: seeded in ${String(ready["seedSeconds"])} s\n`);

  const cases = [
    {
      name: "pipelinesWithLastRun",
      graphql: JSON.stringify({ query: PIPELINE_LIST, variables: { first: 50 } }),
      plain: `${plainUrl}/plain/pipelines?first=50`,
    },
    {
      name: "runWith1000Steps",
      graphql: JSON.stringify({ query: RUN_DETAIL, variables: { id: bigRunId } }),
      plain: `${plainUrl}/plain/run?id=${bigRunId}`,
    },
    {
      name: "dashboardStats",
      graphql: JSON.stringify({ query: DASHBOARD, variables: { days: 14 } }),
      plain: `${plainUrl}/plain/dashboard?days=14`,
    },
  ];

  const results: Record<string, unknown>[] = [];
  for (const c of cases) {
    // Same JSON on both sides (except what changes between two requests: nothing here, the store is still).
    // Twice: the compiled side compiles a document on its second execution.
    await fetchJson(graphqlUrl, c.graphql);
    const viaGraphql = await fetchJson(graphqlUrl, c.graphql);
    const viaGraphqlJs = await fetchJson(graphqlJsUrl, c.graphql);
    const viaPlain = await fetchJson(c.plain);
    const sameJson = isDeepStrictEqual(viaGraphql, viaPlain) && isDeepStrictEqual(viaGraphqlJs, viaPlain);
    if (!sameJson) {
      process.stderr.write(
        `queries: ${c.name}: answers differ\n graphql: ${JSON.stringify(viaGraphql).slice(0, 600)}\n` +
          ` graphql-js: ${JSON.stringify(viaGraphqlJs).slice(0, 600)}\n` +
          ` plain:   ${JSON.stringify(viaPlain).slice(0, 600)}\n`,
      );
    }
    const graphqlRuns: LoadResult[] = [];
    const graphqlJsRuns: LoadResult[] = [];
    const plainRuns: LoadResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      graphqlRuns.push(await load(graphqlUrl, c.graphql));
      graphqlJsRuns.push(await load(graphqlJsUrl, c.graphql));
      plainRuns.push(await load(c.plain));
    }
    const combine = (runs: LoadResult[]) => ({
      rps: Math.round((runs.reduce((s, r) => s + r.rps, 0) / runs.length) * 10) / 10,
      bestRps: Math.max(...runs.map((r) => r.rps)),
      p50Ms: Math.max(...runs.map((r) => r.p50Ms)),
      p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
      errors: runs.reduce((s, r) => s + r.errors, 0),
      responseBytes: runs[0]?.responseBytes ?? 0,
      rounds: runs.map((r) => ({ rps: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms })),
      ...(runs.find((r) => r.firstError) ? { firstError: runs.find((r) => r.firstError)?.firstError } : {}),
    });
    const g = combine(graphqlRuns);
    const j = combine(graphqlJsRuns);
    const p = combine(plainRuns);
    const result = {
      query: c.name,
      sameJson,
      graphql: g,
      graphqlJs: j,
      plain: p,
      rpsRatio: Math.round((g.rps / p.rps) * 100) / 100,
      p99Ratio: Math.round((g.p99Ms / p.p99Ms) * 100) / 100,
      graphqlJsRpsRatio: Math.round((j.rps / p.rps) * 100) / 100,
      bestRpsRatio: Math.round((g.bestRps / p.bestRps) * 100) / 100,
      graphqlJsBestRpsRatio: Math.round((j.bestRps / p.bestRps) * 100) / 100,
      graphqlJsP99Ratio: Math.round((j.p99Ms / p.p99Ms) * 100) / 100,
    };
    process.stderr.write(`queries: ${JSON.stringify(result)}\n`);
    results.push(result);
  }
  process.stdout.write(
    `${JSON.stringify({
      bench: "queries",
      store: String(ready["store"]),
      runs: ready["runs"],
      pipelines: ready["pipelines"],
      concurrency: CONCURRENCY,
      windowSeconds: SECONDS,
      rounds: ROUNDS,
      results,
      targets: Object.fromEntries(
        results.map((r): [string, boolean] => [String(r["query"]), (r["rpsRatio"] as number) >= 0.5]),
      ),
    })}\n`,
  );
} finally {
  server.send({ cmd: "exit" });
  await Promise.race([
    new Promise((resolve) => server.once("exit", resolve)),
    new Promise((resolve) => setTimeout(resolve, 15_000)),
  ]);
  if (server.exitCode === null) server.kill("SIGKILL");
}
