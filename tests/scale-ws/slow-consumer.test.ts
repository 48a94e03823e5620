/** A client that stops reading is cut off at the buffer bound; the others are not held back; memory stays bounded. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { TestSocket, type Received } from "./ws-client.js";

const RUN_EVENTS = `subscription($runId: ID!, $after: Int) { runEvents(runId: $runId, after: $after) { seq type nodeId payload at } }`;
const sockets: TestSocket[] = [];
let strict: TestServer;

beforeAll(async () => {
  strict = await startTestServer({ env: { WS_MAX_BUFFERED_BYTES: "262144", WS_SEND_TIMEOUT_MS: "2000" } });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await strict?.stop();
});

async function open(): Promise<TestSocket> {
  const socket = await TestSocket.open(strict.url, strict.auth.authorization);
  sockets.push(socket);
  return socket;
}

const log = (i: number, size: number): NewRunEvent => ({
  type: "LOG",
  nodeId: "a",
  payload: { level: "INFO", message: `${i} ${"x".repeat(size)}` },
  at: new Date(),
});
const seqs = (messages: Received[]): number[] =>
  messages.map((m) => (m.payload.data?.["runEvents"] as { seq: number }).seq);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a client that stops reading", () => {
  it("is disconnected while the others get every event, and what the server held for it stayed bounded", async () => {
    const run = await strict.app.services.runs.create({
      pipelineId: "slow",
      pipelineName: "Slow",
      pipelineVersion: 1,
      dag: { nodes: [], edges: [] },
      trigger: "API",
      lease: { owner: "test", expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const runId = run.id;
    const healthy = (await open()).subscribe("ok", RUN_EVENTS, { runId, after: 0 });
    const stalled = await open();
    stalled.subscribe("slow", RUN_EVENTS, { runId, after: 0 });
    await healthy.waitFor(1);
    await tick(50);
    const clients = strict.app.server.webSocketClients();
    expect(clients.size).toBe(2);
    // Stop reading: the kernel's buffers fill, then the server's queue for this client grows, up to the bound.
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    const heapBefore = process.memoryUsage().heapUsed;
    let maxBuffered = 0;
    let appended = 0;
    const deadline = Date.now() + 20_000;
    // (The paused client cannot see the close: it does not read. The server's side is what counts.)
    while (clients.size === 2 && Date.now() < deadline) {
      await strict.app.services.runs.append(runId, [log(appended, 8_000)]);
      appended++;
      for (const client of clients) maxBuffered = Math.max(maxBuffered, client.bufferedAmount);
      if (appended % 20 === 0) await tick(1);
    }
    expect(clients.size).toBe(1);
    expect(strict.app.server.webSocketStats().runEvents).toMatchObject({ groups: 1, members: 1 });
    // Bounded: the bound plus at most one flush of frames (each about 8 KB) past it.
    expect(maxBuffered).toBeLessThan(262_144 + 64 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);

    const [end] = await strict.app.services.runs.append(runId, [{ type: "RUN_SUCCEEDED", at: new Date() }]);
    expect(seqs(await healthy.done)).toEqual(range(1, end!.seq));
    expect(strict.app.server.webSocketStats()).toMatchObject({ runFeeds: 0, runEvents: { groups: 0, members: 0 } });
  });
});
