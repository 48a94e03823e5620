/** Starts a real Millrace (HTTP + WebSocket on a free port, real store) inside the test process. */
import "reflect-metadata";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { startMillrace, type Millrace } from "../../api/src/app.js";
import type { Clock } from "../../api/src/common/clock.js";
import { createLogger } from "../../api/src/common/logger.js";
import { loadConfig } from "../../api/src/config.js";

export interface TestServer {
  app: Millrace;
  url: string;
  dataDir: string;
  /** POSTs a query: a typed document from `tests/graphql/generated` (typed result) or a plain string. */
  gql<T = Record<string, unknown>, V extends Record<string, unknown> = Record<string, unknown>>(
    query: string | TypedDocumentNode<T, V>,
    variables?: V,
  ): Promise<GraphQLResponse<T>>;
  wsClient(options?: { retryAttempts?: number; token?: string | null }): Client;
  /** `Authorization` header of the signed-in admin (what `gql` and `wsClient` send), for raw requests. */
  auth: { authorization: string };
  /** Signs in a new user of that role and returns its bearer token. */
  tokenFor(role: "VIEWER" | "EDITOR" | "ADMIN"): Promise<string>;
  stop(): Promise<void>;
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

export async function startTestServer(
  options: { seedDemo?: boolean; env?: Record<string, string>; clock?: Clock; dataDir?: string } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), "millrace-test-")));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    SEED_DEMO: String(options.seedDemo ?? false),
    LOG_LEVEL: "silent",
    // Tests start many servers: the training workers start on demand, cold, unless a test asks otherwise.
    ML_WARM_UP: "false",
    ...options.env,
  });
  const app = await startMillrace(config, createLogger("silent"), options.clock ? { clock: options.clock } : {});
  const url = app.server.url;
  const clients: Client[] = [];
  // Tests act as a signed-in admin unless they say otherwise (the auth tests do).
  const adminToken = await signInAdmin(app, dataDir);
  const auth = { authorization: `Bearer ${adminToken}` };
  let users = 0;
  return {
    app,
    url,
    dataDir,
    auth,
    tokenFor: async (role) => {
      const email = `${role.toLowerCase()}${++users}@test.local`;
      await app.services.auth.createUser({ email, password: "correct horse battery", role });
      return (await app.services.auth.login(email, "correct horse battery")).accessToken;
    },
    gql: async (query, variables) => {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", ...auth },
        body: JSON.stringify({ query: typeof query === "string" ? query : print(query), variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    wsClient: (opts = {}) => {
      const client = createClient({
        url: `${url.replace("http", "ws")}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: opts.retryAttempts ?? 0,
        lazy: true,
        connectionParams: opts.token === null ? {} : { authorization: `Bearer ${opts.token ?? adminToken}` },
      });
      clients.push(client);
      return client;
    },
    stop: async () => {
      await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
      await app.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The admin created on first start (its password is in DATA_DIR/initial-admin.txt); in dev mode no token is needed. */
async function signInAdmin(app: Millrace, dataDir: string): Promise<string> {
  if (app.config.authMode === "off") return "dev-mode";
  let password: string | undefined;
  try {
    password = /password: (\S+)/.exec(await readFile(path.join(dataDir, "initial-admin.txt"), "utf8"))?.[1];
  } catch {
    // A data directory reused from an earlier start of the same test: its admin signed in then.
  }
  if (password) return (await app.services.auth.login("admin@localhost", password)).accessToken;
  const email = `admin-${Date.now()}@test.local`;
  await app.services.auth.createUser({ email, password: "correct horse battery", role: "ADMIN" });
  return (await app.services.auth.login(email, "correct horse battery")).accessToken;
}

/** Collects the values of a graphql-ws subscription until `count` arrived or the server completes it. */
export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  count: number,
): {
  done: Promise<T[]>;
  values: T[];
  stop: () => void;
} {
  const values: T[] = [];
  let stop = (): void => undefined;
  const done = new Promise<T[]>((resolve, reject) => {
    stop = client.subscribe<T>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) {
            reject(new Error(JSON.stringify(result.errors)));
            return;
          }
          values.push(result.data as T);
          if (values.length >= count) {
            stop();
            resolve(values);
          }
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(values),
      },
    );
  });
  return { done, values, stop: () => stop() };
}
