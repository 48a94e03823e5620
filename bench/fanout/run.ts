/**
 * Fan-out: N WebSocket subscribers (1k / 5k / 10k) of one busy run emitting ~50 events/s, against one Millrace API
 * process (graphql-transport-ws `runEvents`, SQLite store), and in the same run the ceiling: a raw `ws` server
 * broadcasting each event as one pre-serialised buffer to as many clients. Clients run in separate processes
 * (clients.ts, 2,500 connections each). Per size and server: delivered events/s in a measuring window, event→client
 * latency p50/p99 (from the time the event was due, carried in it), what each connection adds to the server's RSS
 * and heap, server and client CPU, and whether every subscriber got every event in order. At 10k, Millrace also
 * serves 1,000 `pipelineRuns` subscribers of the same pipeline (reported on their own). Prints one JSON line.
 *
 * Options: --sizes=1000,5000,10000  --rate=50  --seconds=10 (measuring window)  --warmup=3
 */
import { execFileSync, fork, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const SIZES = arg("sizes", "1000,5000,10000").split(",").map(Number);
/** --servers=millrace to skip the raw ceiling (profiling); add `floor` for the bare-sockets floor (floor-server.ts). */
const SERVERS = arg("servers", "raw,millrace").split(",");
const KNOWN_SERVERS = ["raw", "millrace", "floor"];
for (const kind of SERVERS) {
  if (!KNOWN_SERVERS.includes(kind)) {
    process.stderr.write(`fanout: --servers: unknown server "${kind}" (one of ${KNOWN_SERVERS.join(", ")})\n`);
    process.exit(2);
  }
}
const RATE = Number(arg("rate", "50"));
const SECONDS = Number(arg("seconds", "10"));
const WARMUP = Number(arg("warmup", "3"));
const PER_PROCESS = 2500;
const PIPELINE_RUNS_SUBSCRIBERS = 1000;

// The server holds one descriptor per connection (+ the pipelineRuns watchers, + its own): check `ulimit -n`, and
// when the soft limit is too low but the hard one is enough, run again under a raised limit (children inherit it).
const NEEDED_FDS = Math.max(...SIZES) + PIPELINE_RUNS_SUBSCRIBERS + 1024;
const [softFds = 0, hardFds = 0] = execFileSync("bash", ["-c", "ulimit -Sn; ulimit -Hn"], { encoding: "utf8" })
  .trim()
  .split("\n")
  .map((v) => (v === "unlimited" ? Number.POSITIVE_INFINITY : Number(v)));
if (softFds < NEEDED_FDS) {
  if (hardFds < NEEDED_FDS || process.env["FANOUT_RAISED_FDS"]) {
    process.stderr.write(`fanout: ulimit -n is ${softFds} (hard ${hardFds}); ${NEEDED_FDS} descriptors are needed\n`);
    process.exit(2);
  }
  const argv = [process.execPath, ...process.execArgv, ...process.argv.slice(1)].map((a) => `'${a}'`).join(" ");
  const again = spawnSync("bash", ["-c", `ulimit -n ${NEEDED_FDS} && exec ${argv}`], {
    stdio: "inherit",
    env: { ...process.env, FANOUT_RAISED_FDS: "1" },
  });
  process.exit(again.status ?? 1);
}

interface Reply {
  type: string;
  [key: string]: unknown;
}

/** A child process answering `{cmd}` messages with `{type: cmd, …}`. */
class Child {
  private readonly waiting = new Map<string, Array<(reply: Reply) => void>>();
  readonly exited: Promise<void>;

  constructor(readonly process: ChildProcess) {
    process.on("message", (raw) => {
      const reply = raw as Reply;
      const waiters = this.waiting.get(reply.type);
      const next = waiters?.shift();
      if (next) next(reply);
    });
    this.exited = new Promise((resolve) => process.once("exit", () => resolve()));
  }

  next(type: string, timeoutMs = 120_000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" from child in ${timeoutMs} ms`)), timeoutMs);
      const list = this.waiting.get(type) ?? [];
      list.push((reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.waiting.set(type, list);
    });
  }

  ask(cmd: string, extra: Record<string, unknown> = {}, timeoutMs?: number): Promise<Reply> {
    const reply = this.next(cmd, timeoutMs);
    this.process.send({ cmd, ...extra });
    return reply;
  }
}

/** FANOUT_CPU_PROF=<dir>: the Millrace server writes a V8 CPU profile there (open it in Chrome DevTools). */
const PROFILE_DIR = process.env["FANOUT_CPU_PROF"];
const spawn = (script: string, args: string[] = [], env: Record<string, string> = {}): Child =>
  new Child(
    fork(path.join(HERE, script), args, {
      execArgv: [
        "--import",
        "tsx",
        "--expose-gc",
        ...(PROFILE_DIR && script === "millrace-server.ts" ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []),
      ],
      env: { ...process.env, FANOUT_RATE: String(RATE), ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );

const started = Date.now();
const log = (message: string): void => {
  process.stderr.write(`fanout [${((Date.now() - started) / 1000).toFixed(1)} s] ${message}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMs = (a: Reply, b: Reply): number => {
  const x = a["cpu"] as NodeJS.CpuUsage;
  const y = b["cpu"] as NodeJS.CpuUsage;
  return (y.user - x.user + y.system - x.system) / 1000;
};

interface StreamFigures {
  subscribers: number;
  deliveredPerS: number;
  expectedPerS: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  clientCpuPct: number;
  allReceivedInOrder: boolean;
  outOfOrder: number;
  missing: number;
  closedEarly: number;
  errors: number;
}

/** Merges the clients' latency histograms (0.1 ms buckets) into quantiles. */
function quantiles(windows: Reply[]): { p50: number; p99: number; max: number } {
  const merged = new Map<number, number>();
  let overflow = 0;
  for (const w of windows) {
    overflow += w["overflow"] as number;
    for (const [bucket, n] of w["histogram"] as Array<[number, number]>)
      merged.set(bucket, (merged.get(bucket) ?? 0) + n);
  }
  const buckets = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0) + overflow;
  const at = (q: number): number => {
    const rank = Math.ceil(q * total);
    let seen = 0;
    for (const [bucket, n] of buckets) {
      seen += n;
      if (seen >= rank) return Math.round((bucket + 1) * 10) / 100;
    }
    return Number.POSITIVE_INFINITY;
  };
  return { p50: at(0.5), p99: at(0.99), max: overflow > 0 ? Number.POSITIVE_INFINITY : at(1) };
}

async function startClients(
  url: string,
  count: number,
  mode: string,
  ids: { runId: string; pipelineId: string },
  firstAddress: number,
): Promise<Child[]> {
  const children: Child[] = [];
  for (let i = 0, left = count; left > 0; i++, left -= PER_PROCESS) {
    const options = {
      url,
      count: Math.min(PER_PROCESS, left),
      mode,
      ...ids,
      localAddress: `127.0.0.${firstAddress + i}`,
    };
    children.push(spawn("clients.ts", [JSON.stringify(options)]));
  }
  const opened = await Promise.all(children.map((c) => c.next("opened", 180_000).catch((e: unknown) => e)));
  const failed = opened.find((o) => o instanceof Error || (o as Reply).type !== "opened");
  if (failed)
    throw new Error(`clients failed to connect: ${failed instanceof Error ? failed.message : JSON.stringify(failed)}`);
  return children;
}

async function statuses(children: Child[]): Promise<Reply[]> {
  return Promise.all(children.map((c) => c.ask("status")));
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(250);
  }
  return false;
}

type ServerKind = "raw" | "floor" | "millrace";

async function measure(kind: ServerKind, size: number): Promise<Record<string, unknown>> {
  const server = spawn(`${kind}-server.ts`);
  const ready = await server.next("ready", 120_000);
  const url = kind === "millrace" ? `${String(ready["url"])}/graphql` : String(ready["url"]);
  const ids = { runId: String(ready["runId"]), pipelineId: String(ready["pipelineId"]) };
  let clients: Child[] = [];
  let watchers: Child[] = [];
  try {
    await sleep(500);
    const before = await server.ask("mem");
    const connectStarted = performance.now();
    log(`${kind} ${size}: connecting`);
    clients = await startClients(url, size, kind === "millrace" ? "runEvents" : "raw", ids, 10);
    const subscribed = await waitUntil(
      async () => (await statuses(clients)).reduce((s, r) => s + (r["subscribed"] as number), 0) >= size,
      120_000,
    );
    if (!subscribed) throw new Error(`${kind}: not all ${size} subscribers subscribed`);
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    log(`${kind} ${size}: all subscribed in ${connectSeconds.toFixed(1)} s`);
    await sleep(1000);
    const after = await server.ask("mem");
    if (kind === "millrace" && size >= 10_000) {
      watchers = await startClients(url, PIPELINE_RUNS_SUBSCRIBERS, "pipelineRuns", ids, 40);
      await sleep(1000);
    }

    const schedule = await server.ask("emit");
    log(`${kind} ${size}: emitting`);
    await sleep(WARMUP * 1000);
    const all = [...clients, ...watchers];
    const resets = await Promise.all(all.map((c) => c.ask("reset", { schedule })));
    const cpu0 = await server.ask("cpu");
    await sleep(SECONDS * 1000);
    const cpu1 = await server.ask("cpu");
    const windows = await Promise.all(all.map((c) => c.ask("stop")));
    log(`${kind} ${size}: window done`);
    const elapsedS = ((cpu1["at"] as number) - (cpu0["at"] as number)) / 1000;
    const stopped = await server.ask("stopEmit");
    const end = await server.ask("end");
    const finalSeq = end["finalSeq"] as number;
    log(`${kind} ${size}: ended at seq ${finalSeq}`);

    const figures = async (group: Child[], groupWindows: Reply[], groupResets: Reply[], subscribers: number) => {
      // Every subscriber must reach the last seq (runEvents: the terminal event, then complete).
      await waitUntil(
        async () => (await statuses(group)).every((r) => (r["lastSeqs"] as { min: number }).min >= finalSeq),
        30_000,
      );
      const status = await statuses(group);
      const q = quantiles(groupWindows);
      const received = groupWindows.reduce((s, w) => s + (w["received"] as number), 0);
      const clientCpu = groupWindows.reduce((s, w, i) => s + cpuMs(groupResets[i] as Reply, w), 0);
      const minLast = Math.min(...status.map((r) => (r["lastSeqs"] as { min: number }).min));
      const sum = (key: string) => status.reduce((s, r) => s + (r[key] as number), 0);
      const result: StreamFigures = {
        subscribers,
        deliveredPerS: Math.round(received / elapsedS),
        expectedPerS: subscribers * RATE,
        p50Ms: q.p50,
        p99Ms: q.p99,
        maxMs: q.max,
        clientCpuPct: Math.round((clientCpu / (elapsedS * 1000)) * 100),
        allReceivedInOrder: sum("outOfOrder") === 0 && minLast >= finalSeq,
        outOfOrder: sum("outOfOrder"),
        missing: status.reduce((s, r) => s + Math.max(0, finalSeq - (r["lastSeqs"] as { min: number }).min), 0),
        closedEarly: sum("closedEarly"),
        errors: sum("errors"),
      };
      return result;
    };

    const main = await figures(clients, windows.slice(0, clients.length), resets.slice(0, clients.length), size);
    const pipelineRuns =
      watchers.length > 0
        ? await figures(
            watchers,
            windows.slice(clients.length),
            resets.slice(clients.length),
            PIPELINE_RUNS_SUBSCRIBERS,
          )
        : undefined;
    const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
    return {
      ...main,
      connectSeconds: Math.round(connectSeconds * 10) / 10,
      serverCpuPct: Math.round((cpuMs(cpu0, cpu1) / (elapsedS * 1000)) * 100),
      rssPerConnectionKB: kb(((after["rss"] as number) - (before["rss"] as number)) / size),
      heapPerConnectionKB: kb(((after["heapUsed"] as number) - (before["heapUsed"] as number)) / size),
      serverRssMB: Math.round((after["rss"] as number) / 1024 / 1024),
      emitterMaxLateMs: Math.round(stopped["maxLateMs"] as number),
      appendErrors: stopped["appendErrors"],
      ...(kind === "millrace" ? { appendP50Ms: stopped["appendP50Ms"], appendP99Ms: stopped["appendP99Ms"] } : {}),
      ...(kind === "millrace" ? { shared: (after["ws"] as Record<string, unknown>)["runEvents"] } : {}),
      ...(pipelineRuns ? { pipelineRuns } : {}),
    };
  } finally {
    for (const c of [...clients, ...watchers]) c.process.send({ cmd: "close" });
    await Promise.all([...clients, ...watchers].map((c) => Promise.race([c.exited, sleep(5000)])));
    server.process.send({ cmd: "exit" });
    await Promise.race([server.exited, sleep(10_000)]);
    if (server.process.exitCode === null) server.process.kill("SIGKILL");
    await sleep(1000);
  }
}

const results: Record<string, unknown>[] = [];
for (const size of SIZES) {
  if (!SERVERS.includes("raw")) {
    for (const kind of SERVERS as ServerKind[]) {
      process.stderr.write(`fanout: ${kind} ${JSON.stringify(await measure(kind, size))}\n`);
    }
    continue;
  }
  process.stderr.write(`fanout: ${size} subscribers, raw ws…\n`);
  const raw = await measure("raw", size);
  process.stderr.write(`fanout: ${JSON.stringify(raw)}\nfanout: ${size} subscribers, Millrace…\n`);
  const millrace = await measure("millrace", size);
  process.stderr.write(`fanout: ${JSON.stringify(millrace)}\n`);
  const floor = SERVERS.includes("floor") ? await measure("floor", size) : undefined;
  if (floor) process.stderr.write(`fanout: floor ${JSON.stringify(floor)}\n`);
  results.push({
    subscribers: size,
    millrace,
    rawWs: raw,
    ...(floor ? { floor } : {}),
    deliveryRatio: Math.round(((millrace["deliveredPerS"] as number) / (raw["deliveredPerS"] as number)) * 100) / 100,
  });
}
const largest = results.at(-1) as { millrace: Record<string, number | boolean>; deliveryRatio: number } | undefined;
process.stdout.write(
  `${JSON.stringify({
    bench: "fanout",
    ratePerS: RATE,
    windowSeconds: SECONDS,
    results,
    targets: largest
      ? {
          held: largest.millrace["allReceivedInOrder"] === true,
          p99Under100Ms: (largest.millrace["p99Ms"] as number) < 100,
          deliveryAtLeast08OfRaw: largest.deliveryRatio >= 0.8,
          rssPerConnectionUnder20KB: (largest.millrace["rssPerConnectionKB"] as number) <= 20,
        }
      : {},
  })}\n`,
);
