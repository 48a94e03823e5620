import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createClient } from "graphql-ws";
import { currentVersionOf } from "../../api/src/runs/run.service.js";
import { collect, startTestServer, type TestServer } from "../support/millrace.js";

let server: TestServer;
let production: TestServer | null = null;
beforeAll(async () => {
  server = await startTestServer({
    seedDemo: true,
    env: { WS_MAX_BUFFERED_BYTES: "65536", WS_SEND_TIMEOUT_MS: "500" },
  });
});
afterAll(async () => {
  if (production) await production.stop();
  else await server.stop();
});

// pipeline → lastRun → pipeline → lastRun …: each level a real object field, 50 levels in all.
const DEPTH_50 = `{ pipeline(id: "hmp-etl") { ${"lastRun { pipeline { ".repeat(24)} id ${"} } ".repeat(24)} } }`;
const ALIASES_1000 = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: systemInfo { version }`).join(" ")} }`;
const COSTLY = `{ pipelines(first: 500) { nodes { runs(first: 500) { nodes { id status } } } } }`;

async function overWebSocket(query: string): Promise<unknown> {
  const client = server.wsClient();
  const sub = collect(client, query, {}, 1);
  return sub.done.then(
    () => null,
    (error: unknown) => error,
  );
}

describe("operation limits, the same over HTTP and WebSocket", () => {
  it("refuses a query nested 50 deep", async () => {
    const http = await server.gql(DEPTH_50);
    expect(http.errors?.[0]?.extensions).toMatchObject({ code: "GRAPHQL_VALIDATION_FAILED", limit: "DEPTH" });
    expect(String(await overWebSocket(DEPTH_50))).toMatch(/nested \d+ levels deep/);
  });

  it("refuses 1,000 aliases", async () => {
    const http = await server.gql(ALIASES_1000);
    expect(http.errors?.map((e) => e.extensions?.["limit"])).toContain("ALIASES");
    expect(String(await overWebSocket(ALIASES_1000))).toMatch(/1000 aliases/);
  });

  it("refuses a query whose page sizes multiply past the cost limit, and accepts ordinary ones", async () => {
    const http = await server.gql(COSTLY);
    expect(http.errors?.[0]?.extensions).toMatchObject({ limit: "COST" });
    expect(String(await overWebSocket(COSTLY))).toMatch(/would cost/);
    const fine = await server.gql(
      `{ pipelines(first: 50) { nodes { id name lastRun { status } nodes { id kind } } } }`,
    );
    expect(fine.errors).toBeUndefined();
  });

  it("refuses batched HTTP requests", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ systemInfo { version } }" }, { query: "{ systemInfo { version } }" }]),
    });
    expect(res.status).toBe(400);
  });
});

describe("WebSocket guards", () => {
  it("refuses a browser from another site (Origin check) and accepts the page's own", async () => {
    const url = `${server.url.replace("http", "ws")}/graphql`;
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(url, "graphql-transport-ws", { origin });
        socket.on("open", () => {
          socket.close();
          resolve("open");
        });
        socket.on("unexpected-response", (_req, res) => resolve(`refused ${res.statusCode}`));
        socket.on("error", () => resolve("error"));
      });
    expect(await attempt("https://evil.example")).toBe("refused 401");
    expect(await attempt(server.url)).toBe("open");
  });

  it("limits operations per connection", async () => {
    const client = server.wsClient();
    const subs = Array.from({ length: 101 }, () => collect(client, `subscription { logs { message } }`, {}, 1));
    const failed = await Promise.race([
      subs[100]!.done.then(
        () => "completed",
        (e: unknown) => String(e),
      ),
      new Promise((r) => setTimeout(() => r("pending"), 3000)),
    ]);
    expect(failed).toMatch(/too many operations on this connection/);
    for (const s of subs) s.stop();
  });

  it("disconnects a client that stops reading, so server memory stays bounded", async () => {
    const pipeline = await server.app.services.pipelines.get("hmp-etl");
    const run = await server.app.services.runs.create({ ...currentVersionOf(pipeline), trigger: "API" });
    const before = new Set(server.app.server.webSocketClients());
    const client = createClient({
      url: `${server.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: server.auth,
      on: {
        // Stop reading: the kernel buffers fill, then the server's queue for this client grows.
        connected: (socket) => (socket as WebSocket & { _socket: { pause(): void } })._socket.pause(),
      },
    });
    client.subscribe(
      { query: `subscription($id: ID!) { runEvents(runId: $id) { seq payload } }`, variables: { id: run.id } },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    const slow = async () => {
      for (let i = 0; i < 100; i++) {
        const added = [...server.app.server.webSocketClients()].find((c) => !before.has(c));
        if (added) return added;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("the client did not connect");
    };
    const socket = await slow();
    const line = "x".repeat(20_000);
    const deadline = Date.now() + 20_000;
    let appended = 0;
    while (server.app.server.webSocketClients().has(socket) && Date.now() < deadline) {
      await server.app.services.runs.append(run.id, [
        { type: "LOG", payload: { level: "DEBUG", message: line }, at: new Date() },
      ]);
      appended++;
      if (appended % 50 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(server.app.server.webSocketClients().has(socket)).toBe(false);
    // What was held for it never grew past the subscription's bound: the run's topic has no subscriber left.
    expect(
      (server.app.bus as { subscriberCount?(topic: string): number }).subscriberCount?.(`run-events:${run.id}`),
    ).toBe(0);
    await client.dispose();
  });
});

describe("production mode", () => {
  it("turns introspection and 'did you mean' suggestions off", async () => {
    await server.stop();
    production = await startTestServer({ env: { NODE_ENV: "production", AUTH_JWT_SECRET: "x".repeat(40) } });
    const introspection = await production.gql(`{ __schema { types { name } } }`);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await production.gql(`{ pipelinez { totalCount } }`);
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});
