/**
 * A load process for the query benchmark: keeps `concurrency` requests in flight for `seconds` against one URL
 * (POST a GraphQL body, or GET a plain route), reads each whole answer, then prints one JSON line: requests, errors,
 * req/s, latency p50/p90/p99/max (ms) and the answer's size. Keep-alive connections, as a browser would.
 *
 * Arguments (one JSON): {url, seconds, concurrency, body?, rate?}  — body set: POST it as application/json; rate set:
 * at most that many requests per second in all (an open pace for soaks), else as fast as answers come (closed loop).
 */
import { Agent, request } from "node:http";

interface Options {
  url: string;
  seconds: number;
  concurrency: number;
  body?: string;
  rate?: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as Options;
const target = new URL(options.url);
const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
const latencies: number[] = [];
let errors = 0;
let bytes = 0;
let firstError = "";
const deadline = performance.now() + options.seconds * 1000;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const headers: Record<string, string | number> = {};
    if (options.body !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(options.body);
    }
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.body === undefined ? "GET" : "POST",
        agent,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          latencies.push(performance.now() - started);
          const body = Buffer.concat(chunks);
          bytes = body.length;
          // An error anywhere in a GraphQL answer has this key at the top level.
          if (res.statusCode !== 200 || body.includes('"errors":')) {
            errors++;
            firstError ||= body.subarray(0, 300).toString();
          }
          resolve();
        });
      },
    );
    // An answer that takes more than 30 s counts as an error (a stalled server must not stall the benchmark).
    req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
    req.on("error", (error) => {
      errors++;
      firstError ||= String(error);
      resolve();
    });
    req.end(options.body);
  });
}

/** With a rate, each worker starts one request every concurrency / rate seconds (or as soon as the last ends). */
const pacingMs = options.rate ? (options.concurrency / options.rate) * 1000 : 0;
async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    const started = performance.now();
    await once();
    const wait = pacingMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(wait, deadline - performance.now())));
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: options.concurrency }, worker));
const elapsedS = (performance.now() - started) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const pick = (q: number) =>
  Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({
    requests: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    rps: Math.round((latencies.length / elapsedS) * 10) / 10,
    p50Ms: pick(0.5),
    p90Ms: pick(0.9),
    p99Ms: pick(0.99),
    maxMs: pick(1),
    responseBytes: bytes,
  })}\n`,
);
