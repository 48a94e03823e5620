/** Keep-alive: pings go out through each connection's write queue; a client that answers stays, one that does not goes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestServer, type TestServer } from "../support/millrace.js";

const KEEP_ALIVE_MS = 150;
let server: TestServer;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ env: { WS_KEEP_ALIVE_MS: String(KEEP_ALIVE_MS) } });
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await server?.stop();
});

/** A signed-in graphql-transport-ws connection; `autoPong: false` makes a client that ignores pings. */
async function connect(
  autoPong: boolean,
): Promise<{ socket: WebSocket; pings: () => number; closed: Promise<number> }> {
  const socket = new WebSocket(`${server.url.replace("http", "ws")}/graphql`, "graphql-transport-ws", { autoPong });
  sockets.push(socket);
  let pings = 0;
  socket.on("ping", () => pings++);
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  const acked = new Promise<void>((resolve) => socket.once("message", () => resolve()));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: server.auth.authorization } }));
  await acked;
  return { socket, pings: () => pings, closed };
}

describe("WebSocket keep-alive", () => {
  it("pings every connection, keeps the ones that answer and disconnects the ones that do not", async () => {
    const answering = await connect(true);
    const silent = await connect(false);

    const code = await Promise.race([
      silent.closed,
      new Promise<string>((resolve) => setTimeout(() => resolve("still open"), 20 * KEEP_ALIVE_MS)),
    ]);
    // terminate() closes the TCP connection without a close frame: the client sees 1006.
    expect(code).toBe(1006);
    expect(silent.pings()).toBeGreaterThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, 4 * KEEP_ALIVE_MS));
    expect(answering.pings()).toBeGreaterThanOrEqual(3);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
  });
});
