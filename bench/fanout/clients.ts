/**
 * A load client process for the fan-out benchmark: `count` WebSocket connections to one server, each following one
 * stream (graphql-transport-ws `runEvents` or `pipelineRuns`, or the raw ws baseline's bare broadcast). Connections
 * are plain TCP sockets with a minimal RFC 6455 client (handshake, masked client frames, frame parsing straight off
 * the buffers: no per-message objects), so that 10,000 of them fit beside the server on 2 cores; what they measure
 * is the server. Each message's seq is checked (in order, none missing) and its latency taken from the time in it.
 *
 * Driven over IPC by run.ts: {cmd: "reset"} starts a measuring window, {cmd: "report"} answers with its figures.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

interface Options {
  url: string;
  count: number;
  /** "runEvents" | "pipelineRuns" | "raw" */
  mode: string;
  runId: string;
  pipelineId: string;
  localAddress: string;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const target = new URL(options.url);
const now = (): number => performance.timeOrigin + performance.now();

// Latency histogram: 0.1 ms buckets up to 30 s.
const BUCKET_MS = 0.1;
const histogram = new Uint32Array(300_000);
let overflow = 0;
let received = 0;
let windowReceived = 0;
let outOfOrder = 0;
let completed = 0;
let errors = 0;
let connected = 0;
let subscribed = 0;
let closedEarly = 0;
let measuring = false;

const SEQ = Buffer.from('"seq":');
const T = Buffer.from('"t":');
const LAST_SEQ = Buffer.from('"lastSeq":');

/** The number (integer or decimal) at `at` in `buf`. */
function numberAt(buf: Buffer, at: number, end: number): number {
  let value = 0;
  let i = at;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
  }
  if (buf[i] === 46) {
    let scale = 0.1;
    for (i++; i < end; i++) {
      const c = buf[i] as number;
      if (c < 48 || c > 57) break;
      value += (c - 48) * scale;
      scale /= 10;
    }
  }
  return value;
}

function maskedFrame(text: string, opcode = 1): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header = length < 126 ? 6 : 8;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, header - 4);
  for (let i = 0; i < length; i++) frame[header + i] = (payload[i] as number) ^ (mask[i & 3] as number);
  return frame;
}

const RUN_EVENTS = `subscription($runId: ID!, $after: Int) { runEvents(runId: $runId, after: $after) { seq payload } }`;
const PIPELINE_RUNS = `subscription($p: ID) { pipelineRuns(pipelineId: $p) { id status lastSeq } }`;

class Client {
  private socket: Socket | null = null;
  private pending: Buffer | null = null;
  private handshaken = false;
  lastSeq = 0;
  count = 0;
  done = false;
  subscribedFlag = false;

  constructor(private readonly index: number) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: target.hostname, port: Number(target.port), localAddress: options.localAddress });
      this.socket = socket;
      socket.setNoDelay(true);
      const key = randomBytes(16).toString("base64");
      socket.once("connect", () => {
        const protocol = options.mode === "raw" ? "" : "Sec-WebSocket-Protocol: graphql-transport-ws\r\n";
        socket.write(
          `GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${protocol}\r\n`,
        );
      });
      socket.on("data", (chunk: Buffer) => {
        if (!this.handshaken) {
          const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
          const end = data.indexOf("\r\n\r\n");
          if (end < 0) {
            this.pending = data;
            return;
          }
          if (!data.subarray(0, 12).toString().includes("101")) {
            reject(new Error(`handshake refused: ${data.subarray(0, end).toString()}`));
            socket.destroy();
            return;
          }
          this.handshaken = true;
          connected++;
          this.pending = null;
          if (options.mode !== "raw") this.send(JSON.stringify({ type: "connection_init" }));
          else {
            this.subscribedFlag = true;
            subscribed++;
          }
          resolve();
          const rest = data.subarray(end + 4);
          if (rest.length > 0) this.onData(rest);
          return;
        }
        this.onData(chunk);
      });
      socket.on("error", (error) => {
        errors++;
        reject(error);
      });
      socket.on("close", () => {
        if (!this.done) closedEarly++;
      });
    });
  }

  close(): void {
    this.done = true;
    this.socket?.destroy();
  }

  private send(text: string, opcode = 1): void {
    this.socket?.write(maskedFrame(text, opcode));
  }

  private onData(chunk: Buffer): void {
    const data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let at = 0;
    while (at + 2 <= data.length) {
      const opcode = (data[at] as number) & 0x0f;
      let length = (data[at + 1] as number) & 0x7f;
      let header = 2;
      if (length === 126) {
        if (at + 4 > data.length) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (at + 10 > data.length) break;
        length = data.readUInt32BE(at + 2) * 2 ** 32 + data.readUInt32BE(at + 6);
        header = 10;
      }
      if (at + header + length > data.length) break;
      const start = at + header;
      const end = start + length;
      if (opcode === 1) this.onText(data, start, end);
      else if (opcode === 9) this.send(data.subarray(start, end).toString(), 10);
      else if (opcode === 8) this.done = true;
      at = end;
    }
    if (at < data.length) this.pending = data.subarray(at);
  }

  private onText(buf: Buffer, start: number, end: number): void {
    // Fast path: a `next` of the stream (or a raw broadcast): seq and time straight off the bytes.
    const key = options.mode === "pipelineRuns" ? LAST_SEQ : SEQ;
    const seqAt = buf.indexOf(key, start);
    if (seqAt >= 0 && seqAt < end) {
      const seq = numberAt(buf, seqAt + key.length, end);
      if (seq !== this.lastSeq + 1 && options.mode !== "pipelineRuns") outOfOrder++;
      if (options.mode === "pipelineRuns" && seq <= this.lastSeq) outOfOrder++;
      if (!this.subscribedFlag) {
        this.subscribedFlag = true;
        subscribed++;
      }
      this.lastSeq = seq;
      this.count++;
      received++;
      if (measuring) {
        windowReceived++;
        const tAt = buf.indexOf(T, seqAt);
        let sentAt = Number.NaN;
        if (tAt >= 0 && tAt < end) sentAt = numberAt(buf, tAt + T.length, end);
        else if (options.mode === "pipelineRuns") sentAt = scheduledAt(seq);
        if (!Number.isNaN(sentAt)) {
          const bucket = Math.floor((now() - sentAt) / BUCKET_MS);
          if (bucket >= 0 && bucket < histogram.length) histogram[bucket] = (histogram[bucket] as number) + 1;
          else overflow++;
        }
      }
      return;
    }
    const message = JSON.parse(buf.subarray(start, end).toString()) as { type: string; payload?: unknown };
    switch (message.type) {
      case "connection_ack": {
        const subscription =
          options.mode === "pipelineRuns"
            ? { query: PIPELINE_RUNS, variables: { p: options.pipelineId } }
            : { query: RUN_EVENTS, variables: { runId: options.runId, after: 0 } };
        this.send(JSON.stringify({ id: "1", type: "subscribe", payload: subscription }));
        if (options.mode === "pipelineRuns") {
          this.subscribedFlag = true;
          subscribed++;
        }
        return;
      }
      case "complete":
        completed++;
        this.done = true;
        return;
      case "ping":
        this.send(JSON.stringify({ type: "pong" }));
        return;
      case "next": // a result without a seq: errors
      case "error":
        errors++;
        process.stderr.write(`client ${this.index}: ${JSON.stringify(message.payload)}\n`);
        return;
      default:
        return;
    }
  }
}

/** pipelineRuns carries no time: its lastSeq maps to the emitter's schedule (sent over IPC). */
let schedule: { t0: number; seq0: number; intervalMs: number } | null = null;
function scheduledAt(seq: number): number {
  return schedule ? schedule.t0 + (seq - schedule.seq0) * schedule.intervalMs : Number.NaN;
}

const clients: Client[] = Array.from({ length: options.count }, (_, i) => new Client(i));

async function openAll(): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < clients.length) {
      const client = clients[next++] as Client;
      for (let attempt = 0; ; attempt++) {
        try {
          await client.open();
          break;
        } catch (error) {
          if (attempt >= 3) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

function quantile(q: number): number {
  let total = overflow;
  for (const n of histogram) total += n;
  if (total === 0) return Number.NaN;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] as number;
    if (seen >= rank) return (i + 1) * BUCKET_MS;
  }
  return Number.POSITIVE_INFINITY;
}

process.on("message", (raw: unknown) => {
  const message = raw as { cmd: string; schedule?: typeof schedule };
  switch (message.cmd) {
    case "reset":
      histogram.fill(0);
      overflow = 0;
      windowReceived = 0;
      measuring = true;
      if (message.schedule) schedule = message.schedule;
      process.send?.({ type: "reset", cpu: process.cpuUsage() });
      return;
    case "stop":
      measuring = false;
      process.send?.({
        type: "stop",
        received: windowReceived,
        histogram: Array.from(histogram.entries()).filter(([, n]) => n > 0),
        overflow,
        cpu: process.cpuUsage(),
      });
      return;
    case "status":
      process.send?.({
        type: "status",
        connected,
        subscribed,
        received,
        completed,
        errors,
        closedEarly,
        outOfOrder,
        lastSeqs: summarise(clients.map((c) => c.lastSeq)),
        counts: summarise(clients.map((c) => c.count)),
        p50: quantile(0.5),
      });
      return;
    case "close":
      for (const client of clients) client.close();
      setTimeout(() => process.exit(0), 50);
      return;
    default:
      return;
  }
});

function summarise(values: number[]): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

openAll().then(
  () => process.send?.({ type: "opened", connected }),
  (error: unknown) => {
    process.send?.({ type: "failed", error: String(error) });
  },
);
