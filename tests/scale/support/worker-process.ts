/** Runs `npm run worker` (api/src/worker.ts) as a child process, and reads its JSON log lines. */
import { spawn, type ChildProcess } from "node:child_process";
import { REPO_ROOT } from "../../support/process.js";

export interface WorkerProcess {
  child: ChildProcess;
  /** BullMQ worker name (`<host>:<pid>`), as in its logs and in re-delivery messages. */
  name: string;
  output(): string;
  /** Its pino log lines, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startWorkerProcess(
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
): Promise<WorkerProcess> {
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, LOG_LEVEL: "info", ...env }))
    if (value !== undefined) childEnv[key] = value;
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/worker.ts"], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const logs = (): Array<Record<string, unknown>> =>
    output
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  const deadline = Date.now() + timeoutMs;
  let ready: Record<string, unknown> | undefined;
  while (!(ready = logs().find((l) => typeof l["msg"] === "string" && l["msg"].includes("is taking steps")))) {
    if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`worker not ready in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    name: String(ready["worker"]),
    output: () => output,
    logs,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
