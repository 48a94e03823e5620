/**
 * The ceiling: a plain `ws` server that broadcasts each event as one pre-serialised buffer to every client
 * (`client.send(buffer)` for each, as the ws README does it), in the very shape Millrace sends (a graphql-transport-ws
 * `next` message with the event's seq and payload). No store, no GraphQL, no protocol. Driven over IPC by run.ts.
 */
import { WebSocketServer } from "ws";
import { serveBaseline } from "./baseline-ipc.js";
import { Emitter } from "./emitter.js";

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

serveBaseline(
  {
    emitter,
    seq: () => seq,
    connections: () => wss.clients.size,
    close: () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  },
  `http://127.0.0.1:${port}/graphql`,
  "raw",
);
