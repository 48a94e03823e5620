/**
 * Runs a TypeScript helper script in a separate Node process (through tsx), for what one process cannot show:
 * real cross-process contention, and that a process exits by itself once its stores are closed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface Child {
  process: ChildProcess;
  /** Resolves when the child has written `line` on stdout. */
  waitFor(line: string): Promise<void>;
  /** Resolves with the exit code; rejects when the child is still running after `timeoutMs` (it is then killed). */
  exit(timeoutMs: number): Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export function startScript(script: string, args: readonly string[]): Child {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(script, import.meta.url)), ...args], {
    cwd: REPO_ROOT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: { line: string; resolve: () => void }[] = [];
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    for (const w of waiters.filter((w) => out.split("\n").includes(w.line))) w.resolve();
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  return {
    process: child,
    waitFor: (line) =>
      new Promise((resolve, reject) => {
        if (out.split("\n").includes(line)) return resolve();
        waiters.push({ line, resolve });
        void exited.then((code) => reject(new Error(`child exited (${code}) before "${line}": ${err}`)));
      }),
    exit: async (timeoutMs) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`child still running after ${timeoutMs} ms; stderr: ${err}`));
        }, timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    stdout: () => out,
    stderr: () => err,
  };
}

/**
 * Starts one race-worker.ts per set of arguments, lets them all go at once, and returns each worker's
 * [leased, claimed] answer.
 */
export async function raceWorkers(argsPerWorker: readonly (readonly string[])[]): Promise<[boolean, boolean][]> {
  const workers = argsPerWorker.map((args) => startScript("./race-worker.ts", args));
  await Promise.all(workers.map((w) => w.waitFor("ready")));
  for (const w of workers) w.process.stdin?.end("go\n");
  const codes = await Promise.all(workers.map((w) => w.exit(20_000)));
  if (codes.some((code) => code !== 0)) throw new Error(workers.map((w) => w.stderr()).join("\n"));
  return workers.map((w) => JSON.parse(w.stdout().split("\n").at(-2) ?? "null") as [boolean, boolean]);
}
