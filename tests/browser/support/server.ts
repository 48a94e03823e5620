/**
 * The real server as a child process, for browser tests: like tests/support/process.ts, but on a port the test
 * chooses (a restart must come back on the same one) and with the editor built first.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdir, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, REPO_ROOT } from "../../support/process.js";
import { initialAdmin } from "./auth.js";

export { freePort };

export interface ServerProcess {
  url: string;
  port: number;
  /** DATA_DIR, when the test set one. */
  dataDir: string | undefined;
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
  const dataDir = options.env["DATA_DIR"];
  // With auth required (the default), `gql` signs in as the initial admin of this server.
  if (options.env["AUTH_MODE"] === "off" || dataDir === undefined) adminByUrl.delete(url);
  else adminByUrl.set(url, { dataDir, token: null });
  return {
    url,
    port,
    dataDir,
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

/** Per server URL: where its initial admin's credentials are, and an access token once signed in. */
const adminByUrl = new Map<string, { dataDir: string; token: { value: string; expiresAt: number } | null }>();

/** An access token of the server's initial admin (DATA_DIR/initial-admin.txt), or null with AUTH_MODE=off. */
export async function adminAccessToken(url: string): Promise<string | null> {
  const admin = adminByUrl.get(url);
  if (admin === undefined) return null;
  if (admin.token !== null && admin.token.expiresAt - 60_000 > Date.now()) return admin.token.value;
  const { email, password } = await initialAdmin(admin.dataDir);
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query:
        "mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken accessTokenExpiresAt } }",
      variables: { email, password },
    }),
  });
  const body = (await response.json()) as {
    data?: { login: { accessToken: string; accessTokenExpiresAt: string } };
    errors?: unknown;
  };
  if (!body.data) throw new Error(`could not sign in as ${email}: ${JSON.stringify(body.errors)}`);
  admin.token = { value: body.data.login.accessToken, expiresAt: Date.parse(body.data.login.accessTokenExpiresAt) };
  return admin.token.value;
}

/** One GraphQL request (as the initial admin when the server requires auth); throws on errors. */
export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = await adminAccessToken(url);
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
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
