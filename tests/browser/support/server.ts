/**
 * The real server as a child process, for browser tests: like tests/support/process.ts, but on a port the test
 * chooses (a restart must come back on the same one) and with the editor built first.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, REPO_ROOT } from "../../support/process.js";

export { freePort };

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(
  options: { env: Record<string, string | undefined>; port?: number },
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({
    ...process.env,
    HOST: "127.0.0.1",
    PORT: String(port),
    LOG_LEVEL: "warn",
    MONGODB_URL: undefined,
    ...options.env,
  })) {
    if (value !== undefined) childEnv[key] = value;
  }
  const child = spawn(process.execPath, ["--import", "tsx", "api/src/main.ts"], {
    cwd: REPO_ROOT,
    env: childEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port,
    child,
    output: () => output,
    stop: (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

const LOCK = path.join(REPO_ROOT, ".tmp", "editor-build.lock");

/**
 * Builds the editor when editor/dist is stale (`editor/build-if-needed.mjs`). Browser test files run in parallel:
 * a lock directory makes them build one at a time (the second finds dist fresh).
 */
export async function buildEditorIfNeeded(): Promise<void> {
  const deadline = Date.now() + 180_000;
  await mkdir(path.dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      // Another file is building; a lock older than the deadline is left from a killed run.
      const age = await stat(LOCK).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 180_000) await rmdir(LOCK).catch(() => undefined);
      if (Date.now() > deadline) throw new Error("timed out waiting for another editor build");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await promisify(execFile)(process.execPath, ["editor/build-if-needed.mjs"], { cwd: REPO_ROOT, timeout: 170_000 });
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}

/** One GraphQL request; throws on errors. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors !== undefined || body.data === undefined) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Creates a pipeline through the API and returns its id. */
export async function createPipeline(url: string, input: object): Promise<string> {
  const data = await gql<{ createPipeline: { __typename: string; id?: string; message?: string } }>(
    url,
    `mutation($input: CreatePipelineInput!) {
      createPipeline(input: $input) { __typename ... on Pipeline { id } ... on InvalidPipeline { message } }
    }`,
    { input },
  );
  if (data.createPipeline.id === undefined) throw new Error(`not created: ${data.createPipeline.message}`);
  return data.createPipeline.id;
}

export const SCREENSHOTS_DIR = path.join(REPO_ROOT, "docs", "screenshots");
