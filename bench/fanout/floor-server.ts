/**
 * The floor: what one Node process on this machine needs just to write the events to N sockets, with none of a real
 * server's work. `node:http` upgrade and a hand-written frame header; every subscriber follows the same stream, so a
 * pass over the sockets writes each one the concatenated frames it has not had yet (one write per socket per pass,
 * bytes shared between sockets), in slices of ~4 ms so that the emitter's timer runs between them — the same
 * batching Millrace's flusher does, without GraphQL, a store or per-connection queues. Driven over IPC by run.ts.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { Socket } from "node:net";
import { serveBaseline } from "./baseline-ipc.js";
import { Emitter } from "./emitter.js";

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const SLICE_MS = 4;

/** An unmasked server text frame. */
function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) frame[1] = length;
  else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, header);
  return frame;
}

const message = (event: unknown): Buffer =>
  textFrame(Buffer.from(JSON.stringify({ id: "1", type: "next", payload: { data: { runEvents: event } } })));

interface Subscriber {
  socket: Socket;
  /** Index in `frames` of the first frame it has not been written yet. */
  next: number;
}

const subscribers: Subscriber[] = [];
const frames: Buffer[] = [];
/** Concatenations of frames[from..] for this pass, shared by every socket that is at `from`. */
let tails = new Map<number, Buffer>();
let cursor = 0;
let passScheduled = false;

function tail(from: number): Buffer {
  let bytes = tails.get(from);
  if (bytes === undefined) {
    bytes = Buffer.concat(frames.slice(from));
    tails.set(from, bytes);
  }
  return bytes;
}

/** Writes sockets from `cursor` on for ~SLICE_MS, then yields; a new pass starts while any socket is behind. */
function writeSlice(): void {
  passScheduled = false;
  const started = performance.now();
  let written = 0;
  while (cursor < subscribers.length) {
    const subscriber = subscribers[cursor++] as Subscriber;
    if (subscriber.next < frames.length && !subscriber.socket.destroyed) {
      subscriber.socket.write(tail(subscriber.next));
      subscriber.next = frames.length;
    }
    if (++written % 8 === 0 && performance.now() - started > SLICE_MS) break;
  }
  if (cursor >= subscribers.length) {
    cursor = 0;
    tails = new Map();
    if (!subscribers.some((s) => s.next < frames.length)) return;
  }
  schedulePass();
}

function schedulePass(): void {
  if (passScheduled) return;
  passScheduled = true;
  setImmediate(writeSlice);
}

let seq = 1;
const emitter = new Emitter(Number(process.env["FANOUT_RATE"] ?? 50), (t, i) => {
  seq++;
  frames.push(message({ seq, payload: { t, name: "rows_per_s", value: 1000 + i } }));
  // Each subscriber appears once in the loop; a pass under way picks the new frame up for the sockets it has not
  // reached yet (their `tail` is computed afresh for the new end).
  tails = new Map();
  schedulePass();
});

const server = createServer((_req, res) => res.writeHead(426).end());
server.on("upgrade", (req, socket: Socket) => {
  const key = req.headers["sec-websocket-key"];
  if (typeof key !== "string") {
    socket.destroy();
    return;
  }
  const accept = createHash("sha1")
    .update(key + WS_GUID)
    .digest("base64");
  socket.setNoDelay(true);
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
  );
  // Clients of the floor see seq from the current one: tell them where it starts (they expect lastSeq + 1).
  socket.write(message({ seq }));
  socket.on("error", () => socket.destroy());
  socket.resume();
  subscribers.push({ socket, next: frames.length });
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const address = server.address();
const port = typeof address === "object" && address !== null ? address.port : 0;

serveBaseline(
  {
    emitter,
    seq: () => seq,
    connections: () => subscribers.length,
    close: () => {
      for (const s of subscribers) s.socket.destroy();
      server.close();
    },
  },
  `http://127.0.0.1:${port}/graphql`,
  "floor",
);
