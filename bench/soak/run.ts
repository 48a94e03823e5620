/**
 * Soak: one Millrace API process for `--minutes` (10 by default) with 50 concurrent runs cycling through the engine
 * (server.ts), 2,000 WebSocket subscribers connecting and disconnecting (subscribers.ts, two processes) and GraphQL
 * queries in parallel (bench/queries/load.ts: the pipelines list and dashboardStats, from two processes). Samples
 * the server's RSS, heap and open handles (after a full collection) every `--sample` seconds. At the end: zero
 * errors (runs, subscribers, queries), every run terminal in the store, RSS at the end within 10% of RSS after the
 * warm-up (the first `--warmup` minutes, 20% of the soak by default), open handles not growing. Prints the curve
 * and one JSON line. Not part of `npm test`.
 *
 * Options: --minutes=10  --concurrent=50  --subscribers=2000  --session=10-40 (s a subscriber stays connected)
 *          --qps=5 (per query kind)  --sample=15 (s)  --warmup=<minutes>
 * Store: SQLite; MONGODB_URL=mongodb://127.0.0.1:27017/soak for MongoDB (or FerretDB).
 */
import { fork, execFile, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DASHBOARD, PIPELINE_LIST } from "../queries/queries.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const MINUTES = Number(arg("minutes", "10"));
const CONCURRENT = Number(arg("concurrent", "50"));
const SUBSCRIBERS = Number(arg("subscribers", "2000"));
const SAMPLE_S = Number(arg("sample", "15"));
const WARMUP_MIN = Number(arg("warmup", String(MINUTES * 0.2)));
const SUBSCRIBER_PROCESSES = 2;
/** Seconds a subscriber stays connected: min-max. */
const SESSION = arg("session", "10-40").split("-").map(Number) as [number, number];

interface Reply {
  type: string;
  [key: string]: unknown;
}

const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`soak [${((Date.now() - started) / 1000).toFixed(0)} s] ${message}\n`);
};

function ask(child: ChildProcess, cmd: string, timeoutMs = 180_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${cmd}" reply in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (raw: unknown): void => {
      const reply = raw as Reply;
      if (reply.type !== cmd) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(reply);
    };
    child.on("message", onMessage);
    if (cmd !== "ready") child.send({ cmd });
  });
}

/** SOAK_CPU_PROF=<dir>: the server writes a V8 CPU profile there. */
const PROFILE_DIR = process.env["SOAK_CPU_PROF"];
const spawnTs = (script: string, args: string[], server = false): ChildProcess =>
  fork(script, args, {
    execArgv: [
      "--import",
      "tsx",
      ...(server ? ["--expose-gc"] : []),
      ...(server && PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: process.env,
  });

interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

/** Queries in parallel at an open pace: `--qps` per query kind (5 by default), 2 in flight at most. */
const QPS = Number(arg("qps", "5"));
function queryLoad(url: string, body: string, seconds: number): Promise<LoadResult> {
  const options = JSON.stringify({ url, seconds, concurrency: 2, body, rate: QPS });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", path.join(HERE, "..", "queries", "load.ts"), options],
      { maxBuffer: 1 << 20 },
      (error, stdout) =>
        error
          ? reject(new Error(`load.ts failed: ${error.message}`))
          : resolve(JSON.parse(stdout.trim()) as LoadResult),
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = spawnTs(path.join(HERE, "server.ts"), [`--concurrent=${CONCURRENT}`], true);
const subscribers: ChildProcess[] = [];
try {
  const ready = await ask(server, "ready");
  const url = String(ready["url"]);
  log(`store ${String(ready["store"])}, ${MINUTES} min, ${CONCURRENT} runs, ${SUBSCRIBERS} subscribers`);
  await ask(server, "cycle");
  const totalS = MINUTES * 60;
  for (let i = 0; i < SUBSCRIBER_PROCESSES; i++) {
    const options = {
      url,
      count: Math.ceil(SUBSCRIBERS / SUBSCRIBER_PROCESSES),
      pipelineId: ready["pipelineId"],
      session: SESSION,
    };
    subscribers.push(spawnTs(path.join(HERE, "subscribers.ts"), [JSON.stringify(options)]));
  }
  const graphqlUrl = `${url}/graphql`;
  const loads = Promise.all([
    queryLoad(graphqlUrl, JSON.stringify({ query: PIPELINE_LIST, variables: { first: 50 } }), totalS),
    queryLoad(graphqlUrl, JSON.stringify({ query: DASHBOARD, variables: { days: 14 } }), totalS),
  ]);

  const curve: Array<Record<string, unknown>> = [];
  for (let t = 0; t < totalS;) {
    const wait = Math.min(SAMPLE_S, totalS - t);
    await sleep(wait * 1000);
    t += wait;
    const s = await ask(server, "sample");
    const subs = await Promise.all(subscribers.map((c) => ask(c, "status")));
    const point = {
      atS: t,
      rssMB: s["rssMB"],
      heapMB: s["heapMB"],
      handles: s["handles"],
      loopDelayMs: s["loopDelay"],
      wsConnections: (s["ws"] as { connections: number }).connections,
      runsStarted: s["started"],
      subscriberConnections: subs.reduce((n, r) => n + (r["connections"] as number), 0),
      subscriberErrors: subs.reduce((n, r) => n + (r["errors"] as number), 0),
    };
    curve.push(point);
    log(JSON.stringify(point));
  }
  const queries = await loads;
  const subs = await Promise.all(subscribers.map((c) => ask(c, "stop", 30_000)));
  log("draining runs…");
  const drained = await ask(server, "drain", 180_000);
  await sleep(2000);
  const end = await ask(server, "sample");
  log(`end: ${JSON.stringify(end)}`);

  const afterWarmup = curve.find((p) => (p["atS"] as number) >= WARMUP_MIN * 60) ?? curve[0];
  const last = curve.at(-1);
  const rssWarm = (afterWarmup?.["rssMB"] as number) ?? 0;
  const rssEnd = (last?.["rssMB"] as number) ?? 0;
  const handlesWarm = (afterWarmup?.["handles"] as number) ?? 0;
  const handlesEnd = (last?.["handles"] as number) ?? 0;
  const subscriberErrors = subs.reduce((n, r) => n + (r["errors"] as number), 0);
  const queryErrors = queries.reduce((n, q) => n + q.errors, 0);
  const outcomes = drained["outcomes"] as Record<string, number>;
  const runErrors = Object.entries(outcomes)
    .filter(([status]) => status !== "SUCCEEDED")
    .reduce((n, [, c]) => n + c, 0);
  const result = {
    bench: "soak",
    store: ready["store"],
    minutes: MINUTES,
    concurrentRuns: CONCURRENT,
    subscribers: SUBSCRIBERS,
    runs: {
      started: drained["started"],
      outcomes,
      startErrors: drained["startErrors"],
      notTerminal: drained["notTerminal"],
      inStore: drained["total"],
    },
    subscriberSessions: subs.reduce((n, r) => n + (r["connections"] as number), 0),
    subscriberMessages: subs.reduce((n, r) => n + (r["messages"] as number), 0),
    runEventStreamsCompleted: subs.reduce((n, r) => n + (r["completedRuns"] as number), 0),
    progressEventsCoalesced: subs.reduce((n, r) => n + ((r["coalesced"] as number | undefined) ?? 0), 0),
    subscriberErrors,
    subscriberErrorKinds: subs.reduce<Record<string, number>>((all, r) => {
      for (const [kind, n] of Object.entries(r["errorKinds"] as Record<string, number>))
        all[kind] = (all[kind] ?? 0) + n;
      return all;
    }, {}),
    queries: queries.map((q) => ({
      requests: q.requests,
      errors: q.errors,
      rps: q.rps,
      p50Ms: q.p50Ms,
      p99Ms: q.p99Ms,
    })),
    firstErrors: [
      drained["firstError"],
      ...subs.map((r) => r["firstError"]),
      ...queries.map((q) => q.firstError ?? ""),
    ].filter(Boolean),
    rssAfterWarmupMB: rssWarm,
    rssEndMB: rssEnd,
    rssChangePct: Math.round(((rssEnd - rssWarm) / rssWarm) * 1000) / 10,
    rssAfterDrainMB: end["rssMB"],
    handlesAfterWarmup: handlesWarm,
    handlesEnd,
    handlesAfterDrain: end["handles"],
    handlesAfterDrainByType: end["handlesByType"],
    curve: curve.map((p) => [
      p["atS"],
      p["rssMB"],
      p["heapMB"],
      p["handles"],
      p["wsConnections"],
      (p["loopDelayMs"] as { p99Ms: number }).p99Ms,
    ]),
    curveColumns: ["atS", "rssMB", "heapMB", "handles", "wsConnections", "loopDelayP99Ms"],
    targets: {
      zeroErrors:
        subscriberErrors === 0 && queryErrors === 0 && runErrors === 0 && (drained["startErrors"] as number) === 0,
      everyRunTerminal: drained["notTerminal"] === 0 && drained["active"] === 0,
      rssWithin10Pct: Math.abs(rssEnd - rssWarm) <= rssWarm * 0.1,
      handlesNotGrowing: handlesEnd <= handlesWarm * 1.1 + 5,
    },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  for (const c of subscribers) if (c.exitCode === null) c.kill();
  server.send({ cmd: "exit" });
  await Promise.race([new Promise((resolve) => server.once("exit", resolve)), sleep(20_000)]);
  if (server.exitCode === null) server.kill("SIGKILL");
}
