/**
 * The WebSocket layer's fan-out: many subscribers of one run share one feed and one serialisation per event, and
 * each still gets every event exactly once, in order, whenever it joined; reconnects resume exactly; progress is
 * coalesced without losing a state change. (A client that does not read: slow-consumer.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MemoryEventBus } from "../../api/src/events/memory-event-bus.js";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { TestSocket, type Received, type Stream } from "./ws-client.js";

const RUN_EVENTS = `subscription($runId: ID!, $after: Int) { runEvents(runId: $runId, after: $after) { seq type nodeId payload at } }`;

let server: TestServer;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server?.stop();
});

async function newRun(target: TestServer = server): Promise<string> {
  const run = await target.app.services.runs.create({
    pipelineId: "fanout",
    pipelineName: "Fan-out",
    pipelineVersion: 1,
    dag: {
      nodes: [
        { id: "a", kind: "extract_synthetic", config: {}, position: { x: 0, y: 0 } },
        { id: "b", kind: "extract_synthetic", config: {}, position: { x: 0, y: 0 } },
      ],
      edges: [],
    } as never,
    trigger: "API",
    // Held by a (pretend) engine, so the real engine's sweep does not end it as orphaned while the test appends.
    lease: { owner: "test", expiresAt: new Date(Date.now() + 3_600_000) },
  });
  return run.id;
}

const log = (i: number, size = 0): NewRunEvent => ({
  type: "LOG",
  nodeId: "a",
  payload: { level: "INFO", message: size > 0 ? "x".repeat(size) : `line ${i}` },
  at: new Date(),
});

async function open(target: TestServer = server): Promise<TestSocket> {
  const socket = await TestSocket.open(target.url, target.auth.authorization);
  sockets.push(socket);
  return socket;
}

const seqs = (messages: Received[]): number[] =>
  messages.map((m) => (m.payload.data?.["runEvents"] as { seq: number }).seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** The bytes of a `next` message after its id: the payload, which subscribers of one group share. */
const payloadBytes = (m: Received): string => m.raw.slice(m.raw.indexOf(',"type":"next"'));
const bus = (): MemoryEventBus => server.app.bus as MemoryEventBus;
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe("many subscribers of one run", () => {
  it("get identical, complete, ordered streams, whenever they join, from one feed and one group", async () => {
    const runId = await newRun();
    await server.app.services.runs.append(runId, [{ type: "RUN_STARTED", at: new Date() }]);
    const connections = await Promise.all(Array.from({ length: 20 }, () => open()));
    const streams: Array<{ stream: Stream; after: number }> = [];
    // 200 subscribers from the start…
    for (const [c, socket] of connections.entries()) {
      for (let k = 0; k < 10; k++)
        streams.push({ stream: socket.subscribe(`s${c}-${k}`, RUN_EVENTS, { runId }), after: 0 });
    }
    await streams[streams.length - 1]!.stream.waitFor(2);
    expect(bus().subscriberCount(`run-events:${runId}`)).toBe(1);
    expect(server.app.server.webSocketStats().runEvents).toMatchObject({ groups: 1, members: 200 });

    // …and 100 more joining while events are appended, from 0 or from a seq they already had.
    const late = await Promise.all(Array.from({ length: 10 }, () => open()));
    for (let i = 0; i < 300; i++) {
      await server.app.services.runs.append(runId, [log(i)]);
      if (i % 30 === 15) {
        const socket = late[(i - 15) / 30]!;
        for (let k = 0; k < 10; k++) {
          const after = k % 2 === 0 ? 0 : Math.max(0, i - 5 * k);
          streams.push({ stream: socket.subscribe(`late${i}-${k}`, RUN_EVENTS, { runId, after }), after });
        }
      }
      if (i % 25 === 0) await tick();
    }
    const [final] = await server.app.services.runs.append(runId, [{ type: "RUN_SUCCEEDED", at: new Date() }]);
    await Promise.all(streams.map((s) => s.stream.done));

    const bySeq = new Map<number, string>();
    for (const { stream, after } of streams) {
      expect(seqs(stream.messages)).toEqual(range(after + 1, final!.seq));
      for (const message of stream.messages) {
        const seq = (message.payload.data?.["runEvents"] as { seq: number }).seq;
        const bytes = payloadBytes(message);
        expect(bytes).toBe(bySeq.get(seq) ?? bytes);
        bySeq.set(seq, bytes);
      }
    }
    expect(bySeq.size).toBe(final!.seq);
    // The run ended: the feed, its bus subscription and the group are gone.
    await tick(20);
    expect(bus().subscriberCount(`run-events:${runId}`)).toBe(0);
    expect(server.app.server.webSocketStats()).toMatchObject({ runFeeds: 0, runEvents: { groups: 0, members: 0 } });
  });

  it("share one pipelineRuns execution per distinct subscription", async () => {
    const socket = await open();
    const query = `subscription($p: ID) { pipelineRuns(pipelineId: $p) { id status lastSeq } }`;
    const streams = Array.from({ length: 50 }, (_, i) => socket.subscribe(`p${i}`, query, { p: "fanout" }));
    await tick(100);
    expect(bus().subscriberCount("pipeline-runs:fanout")).toBe(1);
    const runId = await newRun();
    await server.app.services.runs.append(runId, [{ type: "RUN_STARTED", at: new Date() }]);
    await Promise.all(streams.map((s) => s.waitFor(2)));
    for (const stream of streams) {
      expect(stream.messages.map((m) => (m.payload.data?.["pipelineRuns"] as { status: string }).status)).toEqual([
        "QUEUED",
        "RUNNING",
      ]);
      expect(payloadBytes(stream.messages[1]!)).toBe(payloadBytes(streams[0]!.messages[1]!));
    }
    for (const stream of streams) socket.complete(stream.id);
    await tick(20);
    expect(bus().subscriberCount("pipeline-runs:fanout")).toBe(0);
  });
});

describe("reconnecting with after", () => {
  for (const missed of [40, 700]) {
    it(`receives exactly the ${missed} missed events (${missed > 256 ? "from the store" : "from memory"})`, async () => {
      const runId = await newRun();
      const first = await open();
      const watching = first.subscribe("w", RUN_EVENTS, { runId, after: 0 });
      // A second subscriber keeps the run's feed open, so the recent events stay in memory.
      const keeper = (await open()).subscribe("k", RUN_EVENTS, { runId, after: 0 });
      for (let i = 0; i < 20; i++) await server.app.services.runs.append(runId, [log(i)]);
      await watching.waitFor(21);
      first.close();
      const lastSeq = seqs(watching.messages).at(-1)!;
      for (let i = 0; i < missed; i++) await server.app.services.runs.append(runId, [log(100 + i)]);
      await keeper.waitFor(21 + missed);

      const second = await open();
      const resumed = second.subscribe("r", RUN_EVENTS, { runId, after: lastSeq });
      await server.app.services.runs.append(runId, [log(9999)]);
      const [end] = await server.app.services.runs.append(runId, [{ type: "RUN_CANCELLED", at: new Date() }]);
      const got = await resumed.done;
      expect(seqs(got)).toEqual(range(lastSeq + 1, end!.seq));
      expect(got).toHaveLength(missed + 2);
      await keeper.done;
    });
  }

  it("replays a run that has ended from memory to later subscribers: same bytes, no store read", async () => {
    const runId = await newRun();
    await server.app.services.runs.append(runId, [{ type: "RUN_STARTED", at: new Date() }]);
    for (let i = 0; i < 5; i++) await server.app.services.runs.append(runId, [log(i)]);
    const [end] = await server.app.services.runs.append(runId, [{ type: "RUN_SUCCEEDED", at: new Date() }]);
    const first = await (await open()).subscribe("first", RUN_EVENTS, { runId }).done;
    expect(seqs(first)).toEqual(range(1, end!.seq));

    const reads = vi.spyOn(server.app.stores.runs, "listEvents");
    try {
      const socket = await open();
      const [again, tail] = await Promise.all([
        socket.subscribe("again", RUN_EVENTS, { runId }).done,
        socket.subscribe("tail", RUN_EVENTS, { runId, after: 3 }).done,
      ]);
      expect(seqs(again)).toEqual(range(1, end!.seq));
      expect(seqs(tail)).toEqual(range(4, end!.seq));
      expect(again.map(payloadBytes)).toEqual(first.map(payloadBytes));
      expect(reads).not.toHaveBeenCalled();
      expect(server.app.server.webSocketStats().runEvents.endedReplays).toBeGreaterThanOrEqual(1);
    } finally {
      reads.mockRestore();
    }
  });

  it("completes at once when the run ended before `after`", async () => {
    const runId = await newRun();
    const [end] = await server.app.services.runs.append(runId, [{ type: "RUN_SUCCEEDED", at: new Date() }]);
    const stream = (await open()).subscribe("done", RUN_EVENTS, { runId, after: end!.seq });
    expect(await stream.done).toEqual([]);
  });
});

describe("progress coalescing", () => {
  it("thins STEP_PROGRESS per node for live subscribers, never drops another event, and replays everything", async () => {
    const runId = await newRun();
    const live = (await open()).subscribe("live", RUN_EVENTS, { runId, after: 0 });
    await live.waitFor(1);
    const started = performance.now();
    await server.app.services.runs.append(runId, [{ type: "RUN_STARTED", at: new Date() }]);
    for (const nodeId of ["a", "b"]) {
      await server.app.services.runs.append(runId, [
        { type: "STEP_STARTED", nodeId, payload: { attempt: 1 }, at: new Date() },
      ]);
    }
    for (let i = 1; i <= 400; i++) {
      const events: NewRunEvent[] = [
        { type: "STEP_PROGRESS", nodeId: "a", payload: { rowsOut: i }, at: new Date() },
        { type: "STEP_PROGRESS", nodeId: "b", payload: { rowsOut: i * 2 }, at: new Date() },
      ];
      if (i % 20 === 0) events.push(log(i));
      if (i === 250) events.push({ type: "STEP_SUCCEEDED", nodeId: "a", payload: { rowsOut: 250 }, at: new Date() });
      await server.app.services.runs.append(runId, events);
      if (i % 50 === 0) await tick(5);
    }
    await server.app.services.runs.append(runId, [
      { type: "STEP_SUCCEEDED", nodeId: "b", payload: { rowsOut: 800 }, at: new Date() },
      { type: "RUN_SUCCEEDED", at: new Date() },
    ]);
    const elapsedS = (performance.now() - started) / 1000;
    const got = (await live.done).map(
      (m) => m.payload.data?.["runEvents"] as { seq: number; type: string; nodeId: string },
    );
    const stored = await server.app.services.runs.events(runId, 0, 1000);

    // Every event that is not progress arrives; progress is at most 10 per node and second (+ the first one).
    const notProgress = stored.filter((e) => e.type !== "STEP_PROGRESS").map((e) => e.seq);
    expect(got.filter((e) => e.type !== "STEP_PROGRESS").map((e) => e.seq)).toEqual(notProgress);
    for (const nodeId of ["a", "b"]) {
      const progress = got.filter((e) => e.type === "STEP_PROGRESS" && e.nodeId === nodeId).length;
      expect(progress).toBeGreaterThan(0);
      expect(progress).toBeLessThanOrEqual(Math.ceil(elapsedS * 10) + 1);
    }
    expect(stored.filter((e) => e.type === "STEP_PROGRESS")).toHaveLength(800);
    const order = got.map((e) => e.seq);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(new Set(order).size).toBe(order.length);

    // History is not coalesced: a subscriber replaying the run gets every stored event.
    const replay = await (await open()).subscribe("replay", RUN_EVENTS, { runId, after: 0 }).done;
    expect(seqs(replay)).toEqual(stored.map((e) => e.seq));
  });
});
