/**
 * The IPC commands run.ts sends a baseline server (raw `ws`, floor): both emit the same synthetic stream, so they
 * answer alike; only how they count connections and shut down differs.
 */
import { type Emitter, memory } from "./emitter.js";

export interface BaselineServer {
  emitter: Emitter;
  /** The seq of the last event sent (the next one is seq + 1). */
  seq: () => number;
  connections: () => number;
  /** Closes every connection and the listener. */
  close: () => void;
}

/** Answers run.ts's `{cmd}` messages with `{type: cmd, …}`, then says it is ready at `url`. */
export function serveBaseline(server: BaselineServer, url: string, id: string): void {
  process.on("message", (raw: unknown) => {
    const command = (raw as { cmd: string }).cmd;
    const reply = ((): Record<string, unknown> => {
      switch (command) {
        case "mem":
          return { ...memory(), ws: { connections: server.connections() } };
        case "emit": {
          const seq0 = server.seq() + 1;
          const t0 = server.emitter.start();
          return { t0, seq0, intervalMs: server.emitter.intervalMs };
        }
        case "cpu":
          return { cpu: process.cpuUsage(), at: performance.now() };
        case "stopEmit":
          server.emitter.stop();
          return { emitted: server.emitter.emitted, maxLateMs: server.emitter.maxLateMs, appendErrors: 0 };
        case "end":
          return { finalSeq: server.seq() };
        case "exit":
          server.close();
          setTimeout(() => process.exit(0), 50);
          return {};
        default:
          return {};
      }
    })();
    process.send?.({ type: command, ...reply });
  });
  process.send?.({ type: "ready", url, runId: id, pipelineId: id });
}
