/**
 * The soak's subscribers: `count` graphql-transport-ws connections that keep connecting and disconnecting. Each one
 * connects (acknowledged within 30 s, or that is an error) and subscribes — half to `pipelineRuns` of the soak's
 * pipeline, half to `runEvents` of a run it learnt of (from the beginning, checking every event arrives once and in
 * order; when that run ends, the next run on the same connection, 1–3 s later) — stays for its session (`session` seconds after the
 * ack), closes, and connects again after a short pause. Errors: error messages, results with errors, events
 * out of order, closes it did not ask for, socket errors. Driven over IPC by run.ts.
 */
import WebSocket from "ws";

interface Options {
  url: string;
  count: number;
  pipelineId: string;
  /** How long a connection stays after its ack, seconds: [min, max]. */
  session: [number, number];
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
/** Pause between a followed run's end and following the next one, ms: [min, max]. */
const THINK_MS: [number, number] = [1000, 3000];
const wsUrl = options.url.replace(/^http/, "ws") + "/graphql";
const RUN_EVENTS = `subscription($runId: ID!) { runEvents(runId: $runId, after: 0) { seq type } }`;
const PIPELINE_RUNS = `subscription($p: ID) { pipelineRuns(pipelineId: $p) { id status lastSeq } }`;

let running = true;
let connections = 0;
let open = 0;
let messages = 0;
let completedRuns = 0;
let errors = 0;
/** Events not received live because progress was coalesced (seq gaps). */
let coalesced = 0;
let firstError = "";
const recentRuns: string[] = [];
/** How to close each open connection (for stop). */
const finishers = new Set<() => void>();

/** Errors by kind (the message up to its first colon). */
const errorKinds: Record<string, number> = {};
function fail(message: string): void {
  errors++;
  firstError ||= message;
  const kind = message.split(":")[0] ?? message;
  errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
}

function learn(runId: string): void {
  if (recentRuns.includes(runId)) return;
  recentRuns.push(runId);
  if (recentRuns.length > 200) recentRuns.shift();
}

function cycle(index: number): void {
  if (!running) return;
  const followsRuns = index % 2 === 1;
  const socket = new WebSocket(wsUrl, "graphql-transport-ws");
  connections++;
  let closing = false;
  let opened = false;
  let lastSeq = 0;
  let operation = 0;
  let runId = "";
  // Connected and acknowledged within 30 s, or it counts as an error; then it stays for its session.
  let lifetime = setTimeout(() => {
    fail("no connection_ack within 30 s");
    finish();
  }, 30_000);
  const finish = (): void => {
    if (closing) return;
    closing = true;
    finishers.delete(finish);
    clearTimeout(lifetime);
    if (socket.readyState === WebSocket.OPEN) socket.close(1000, "bye");
    else socket.terminate();
  };
  finishers.add(finish);
  /** Follows the events of a run it learnt of, from the start, as the editor's run page does; or pipelineRuns. */
  const subscribe = (): void => {
    operation++;
    lastSeq = 0;
    runId = followsRuns ? (recentRuns[Math.floor(Math.random() * recentRuns.length)] ?? "") : "";
    socket.send(
      JSON.stringify({
        id: String(operation),
        type: "subscribe",
        payload: runId
          ? { query: RUN_EVENTS, variables: { runId } }
          : { query: PIPELINE_RUNS, variables: { p: options.pipelineId } },
      }),
    );
  };
  socket.on("open", () => {
    opened = true;
    open++;
    socket.send(JSON.stringify({ type: "connection_init" }));
  });
  socket.on("message", (data: Buffer) => {
    messages++;
    const message = JSON.parse(data.toString()) as {
      id?: string;
      type: string;
      payload?: { data?: Record<string, { seq?: number; type?: string; id?: string }>; errors?: unknown };
    };
    switch (message.type) {
      case "connection_ack": {
        clearTimeout(lifetime);
        const [min, max] = options.session;
        lifetime = setTimeout(() => finish(), (min + Math.random() * (max - min)) * 1000);
        subscribe();
        return;
      }
      case "next": {
        if (message.id !== String(operation)) return;
        if (message.payload?.errors) {
          fail(`next with errors: ${JSON.stringify(message.payload.errors).slice(0, 300)}`);
          return;
        }
        const data = message.payload?.data;
        if (runId) {
          const seq = data?.["runEvents"]?.seq ?? -1;
          // Seqs only ever increase; a gap is STEP_PROGRESS thinned out for live subscribers (at most N per node
          // and second: the store and every replay keep them all; tests/scale-ws checks nothing else is skipped).
          if (seq <= lastSeq) fail(`runEvents of ${runId}: seq ${seq} after ${lastSeq}`);
          else if (seq > lastSeq + 1) coalesced += seq - lastSeq - 1;
          lastSeq = seq;
        } else {
          const id = data?.["pipelineRuns"]?.id;
          if (id) learn(id);
        }
        return;
      }
      case "complete":
        if (message.id !== String(operation)) return;
        // A run ended (its stream completes): follow another one on the same connection after a look at the
        // result, as a person on the run page does (without it every subscriber re-subscribes in a closed loop, so
        // the load grows with whatever the server can deliver instead of being the load asked for).
        if (runId) completedRuns++;
        setTimeout(
          () => {
            if (!closing) subscribe();
          },
          THINK_MS[0] + Math.random() * (THINK_MS[1] - THINK_MS[0]),
        );
        return;
      case "ping":
        socket.send(JSON.stringify({ type: "pong" }));
        return;
      case "error":
        fail(`error: ${JSON.stringify(message.payload).slice(0, 300)}`);
        finish();
        return;
      default:
        return;
    }
  });
  socket.on("error", (error) => {
    if (!closing) fail(`socket error: ${String(error)}`);
  });
  socket.on("close", (code, reason) => {
    if (opened) open--;
    if (!closing) fail(`closed by the server: ${code} ${reason.toString()}`);
    clearTimeout(lifetime);
    if (running) setTimeout(() => cycle(index), Math.random() * 500);
  });
}

/** This process's figures, to run.ts. */
function report(type: "status" | "stop"): void {
  const figures = { connections, open, messages, completedRuns, coalesced, errors, errorKinds, firstError };
  process.send?.({ type, ...figures });
}

process.on("message", (raw: unknown) => {
  const message = raw as { cmd: string };
  switch (message.cmd) {
    case "status":
      report("status");
      return;
    case "stop":
      running = false;
      for (const finish of [...finishers]) finish();
      setTimeout(() => {
        report("stop");
        setTimeout(() => process.exit(0), 100);
      }, 3000);
      return;
    default:
      return;
  }
});

// Connections start over the first 30 seconds, not all at once.
for (let i = 0; i < options.count; i++) setTimeout(() => cycle(i), (i / options.count) * 30_000);
process.send?.({ type: "started" });
