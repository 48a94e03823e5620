/**
 * A quick probe for memory held per WebSocket session: rounds of `--per-round` connections that subscribe (half to
 * runEvents of a run that never ends, half to pipelineRuns), get their first message and disconnect; prints the
 * server's heap after a full collection per round. Flat = nothing kept per session. (Not part of npm test.)
 * Run: node --expose-gc --import tsx bench/soak/leak-probe.ts [--rounds=15] [--per-round=200]
 */
import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { startMillrace } from "../../api/src/app.js";
import { createLogger } from "../../api/src/common/logger.js";
import { loadConfig } from "../../api/src/config.js";

const arg = (name: string, fallback: string): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const ROUNDS = arg("rounds", "15");
const PER_ROUND = arg("per-round", "200");
const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-leak-"));
const app = await startMillrace(
  loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    LOG_LEVEL: "error",
    SCHEDULER_ENABLED: "false",
    AUTH_MODE: "off",
    ...(process.env["MONGODB_URL"] ? { MONGODB_URL: process.env["MONGODB_URL"] } : {}),
  }),
  createLogger("error"),
);
const run = await app.services.runs.create({
  pipelineId: "probe",
  pipelineName: "probe",
  pipelineVersion: 1,
  dag: { nodes: [], edges: [] },
  trigger: "API",
  lease: { owner: "probe", expiresAt: new Date(Date.now() + 3_600_000) },
});
await app.services.runs.append(run.id, [{ type: "RUN_STARTED", at: new Date() }]);
const url = `${app.server.url.replace("http", "ws")}/graphql`;

function session(i: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, "graphql-transport-ws");
    const done = () => {
      socket.close(1000);
      resolve();
    };
    const timer = setTimeout(done, 5000);
    socket.on("open", () => socket.send(JSON.stringify({ type: "connection_init" })));
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === "connection_ack") {
        const payload =
          i % 2 === 0
            ? { query: `subscription($r: ID!) { runEvents(runId: $r, after: 0) { seq } }`, variables: { r: run.id } }
            : { query: `subscription { pipelineRuns(pipelineId: "probe") { id } }` };
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload }));
        if (i % 2 === 1) setTimeout(done, 50);
      } else if (message.type === "next") {
        clearTimeout(timer);
        done();
      }
    });
    socket.on("error", () => resolve());
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = (): number => {
  gc?.();
  gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
};
const curve: number[] = [heap()];
for (let round = 0; round < ROUNDS; round++) {
  await Promise.all(Array.from({ length: PER_ROUND }, (_, i) => session(i)));
  await new Promise((resolve) => setTimeout(resolve, 300));
  curve.push(heap());
}
process.stdout.write(
  `${JSON.stringify({ probe: "ws sessions", store: app.stores.kind, perRound: PER_ROUND, heapMB: curve, ws: app.server.webSocketStats() })}\n`,
);
await app.close();
await rm(dataDir, { recursive: true, force: true });
