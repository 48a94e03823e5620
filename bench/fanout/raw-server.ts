/**
 * The ceiling: a plain `ws` server that broadcasts each event as one pre-serialised buffer to every client
 * (`client.send(buffer)` for each, as the ws README does it), in the very shape Millrace sends (a graphql-transport-ws
 * `next` message with the event's seq and payload). No store, no GraphQL, no protocol. Driven over IPC by run.ts.
 */
import { WebSocketServer } from "ws";
import { Emitter, memory } from "./emitter.js";

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, path: "/graphql" });
await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
const address = wss.address();
const port = typeof address === "object" && address !== null ? address.port : 0;
let seq = 1;
const emitter = new Emitter(Number(process.env["FANOUT_RATE"] ?? 50), (t, i) => {
  seq++;
  const event = { seq, payload: { t, name: "rows_per_s", value: 1000 + i } };
  const buffer = Buffer.from(JSON.stringify({ id: "1", type: "next", payload: { data: { runEvents: event } } }));
  for (const client of wss.clients) client.send(buffer, { binary: false });
});
// Clients of the raw server see seq from 2: tell them where it starts (they expect lastSeq + 1).
wss.on("connection", (socket) => {
  socket.send(JSON.stringify({ id: "1", type: "next", payload: { data: { runEvents: { seq } } } }));
});

process.on("message", (raw: unknown) => {
  const message = raw as { cmd: string };
  const reply = ((): Record<string, unknown> => {
    switch (message.cmd) {
      case "mem":
        return { ...memory(), ws: { connections: wss.clients.size } };
      case "emit": {
        const seq0 = seq + 1;
        const t0 = emitter.start();
        return { t0, seq0, intervalMs: emitter.intervalMs };
      }
      case "cpu":
        return { cpu: process.cpuUsage(), at: performance.now() };
      case "stopEmit":
        emitter.stop();
        return { emitted: emitter.emitted, maxLateMs: emitter.maxLateMs, appendErrors: 0 };
      case "end":
        return { finalSeq: seq };
      case "exit":
        for (const client of wss.clients) client.terminate();
        wss.close();
        setTimeout(() => process.exit(0), 50);
        return {};
      default:
        return {};
    }
  })();
  process.send?.({ type: message.cmd, ...reply });
});

process.send?.({ type: "ready", url: `http://127.0.0.1:${port}/graphql`, runId: "raw", pipelineId: "raw" });
