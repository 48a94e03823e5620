/**
 * A load client for a separate process: POSTs one GraphQL query with `concurrency` requests in flight for
 * `seconds`, then prints one JSON line with the latency distribution (ms) and the rate.
 */
import { Agent, request } from "node:http";

const [url = "", seconds = "5", concurrency = "4", query = "{ pipelines { totalCount } }"] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const body = JSON.stringify({ query });
const target = new URL(url);
const latencies: number[] = [];
let errors = 0;
const deadline = performance.now() + Number(seconds) * 1000;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: "/graphql",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => {
          latencies.push(performance.now() - started);
          if (res.statusCode !== 200 || text.includes('"errors"')) errors++;
          resolve();
        });
      },
    );
    req.on("error", () => {
      errors++;
      resolve();
    });
    req.end(body);
  });
}

async function worker(): Promise<void> {
  while (performance.now() < deadline) await once();
}

await Promise.all(Array.from({ length: Number(concurrency) }, worker));
agent.destroy();
latencies.sort((a, b) => a - b);
const pick = (q: number) =>
  Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0) * 100) / 100;
process.stdout.write(
  `${JSON.stringify({ requests: latencies.length, errors, rps: Math.round(latencies.length / Number(seconds)), p50: pick(0.5), p90: pick(0.9), p99: pick(0.99), max: pick(1) })}\n`,
);
