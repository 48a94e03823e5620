/**
 * The fan-out benchmark's Millrace: the real API (SQLite store, in-process bus) with one busy run whose events are
 * appended through RunService at a steady rate, as the engine would. Driven over IPC by run.ts.
 */
import "reflect-metadata";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startMillrace } from "../../api/src/app.js";
import { createLogger } from "../../api/src/common/logger.js";
import { loadConfig } from "../../api/src/config.js";
import { Emitter, epochNow, memory } from "./emitter.js";

const dataDir = await mkdtemp(path.join(tmpdir(), "millrace-fanout-"));
const config = loadConfig({
  PORT: "0",
  HOST: "127.0.0.1",
  DATA_DIR: dataDir,
  SEED_DEMO: "false",
  LOG_LEVEL: "warn",
  SCHEDULER_ENABLED: "false",
  AUTH_MODE: "off",
});
const app = await startMillrace(config, createLogger("warn"));
const runs = app.services.runs;
const run = await runs.create({
  pipelineId: "fanout",
  pipelineName: "Fan-out",
  pipelineVersion: 1,
  dag: { nodes: [], edges: [] },
  trigger: "API",
  lease: { owner: "bench", expiresAt: new Date(Date.now() + 24 * 3_600_000) },
});
let appendErrors = 0;
/** Time from an event's due time to its append (store write + publish) resolving, ms. */
const appendLatencies: number[] = [];
let lastSeq = run.lastSeq;
const emitter = new Emitter(Number(process.env["FANOUT_RATE"] ?? 50), (t, i) => {
  runs
    .append(run.id, [
      { type: "METRIC", nodeId: "load", payload: { t, name: "rows_per_s", value: 1000 + i }, at: new Date() },
    ])
    .then(
      (events) => {
        appendLatencies.push(epochNow() - t);
        lastSeq = Math.max(lastSeq, events.at(-1)?.seq ?? 0);
      },
      () => appendErrors++,
    );
});

process.on("message", (raw: unknown) => {
  const message = raw as { cmd: string };
  void (async () => {
    switch (message.cmd) {
      case "mem":
        return { ...memory(), ws: app.server.webSocketStats() };
      case "emit": {
        const seq0 = lastSeq + 1;
        const t0 = emitter.start();
        return { t0, seq0, intervalMs: emitter.intervalMs };
      }
      case "cpu":
        return { cpu: process.cpuUsage(), at: performance.now() };
      case "stopEmit": {
        emitter.stop();
        await runs.append(run.id, [{ type: "LOG", payload: { level: "INFO", message: "flush" }, at: new Date() }]);
        const sorted = appendLatencies.sort((a, b) => a - b);
        const at = (q: number) => Math.round((sorted[Math.floor(q * (sorted.length - 1))] ?? 0) * 100) / 100;
        return {
          emitted: emitter.emitted,
          maxLateMs: emitter.maxLateMs,
          appendErrors,
          appendP50Ms: at(0.5),
          appendP99Ms: at(0.99),
        };
      }
      case "end": {
        const [end] = await runs.append(run.id, [{ type: "RUN_SUCCEEDED", at: new Date() }]);
        return { finalSeq: end?.seq ?? 0 };
      }
      case "exit":
        await app.close();
        await rm(dataDir, { recursive: true, force: true });
        process.exit(0);
        return {};
      default:
        return {};
    }
  })().then((reply) => process.send?.({ type: message.cmd, ...reply }));
});

process.send?.({ type: "ready", url: app.server.url, runId: run.id, pipelineId: "fanout" });
