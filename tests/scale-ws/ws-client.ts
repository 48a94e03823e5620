/** A small graphql-transport-ws client on `ws`, for tests that open hundreds of connections and look at raw frames. */
import WebSocket from "ws";

export interface Received {
  /** The `next` message exactly as it arrived. */
  raw: string;
  payload: { data?: Record<string, unknown> | null; errors?: unknown[] };
}

export interface Stream {
  id: string;
  messages: Received[];
  /** Resolves on `complete`, rejects on `error` or when the socket closes first. */
  done: Promise<Received[]>;
  /** Resolves once at least `count` messages arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

export class TestSocket {
  private readonly streams = new Map<string, { stream: Stream; settle: (error?: Error) => void }>();
  private readonly waiters = new Set<() => void>();
  closeCode: number | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => this.onMessage((data as Buffer).toString("utf8")));
    socket.on("close", (code) => {
      this.closeCode = code;
      for (const { settle } of this.streams.values()) settle(new Error(`socket closed (${code})`));
      this.streams.clear();
    });
  }

  /** Opens a connection, signs in with `authorization` (a test server's `auth.authorization`), waits for the ack. */
  static async open(httpUrl: string, authorization?: string): Promise<TestSocket> {
    const socket = new WebSocket(`${httpUrl.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    const client = new TestSocket(socket);
    const acked = new Promise<void>((resolve, reject) => {
      socket.once("message", (data) => {
        const message = JSON.parse((data as Buffer).toString("utf8")) as { type: string };
        if (message.type === "connection_ack") resolve();
        else reject(new Error(`expected connection_ack, got ${message.type}`));
      });
    });
    socket.send(JSON.stringify({ type: "connection_init", ...(authorization ? { payload: { authorization } } : {}) }));
    await acked;
    return client;
  }

  subscribe(id: string, query: string, variables: Record<string, unknown>): Stream {
    let settle: (error?: Error) => void = () => undefined;
    const messages: Received[] = [];
    const done = new Promise<Received[]>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve(messages));
    });
    done.catch(() => undefined);
    const stream: Stream = {
      id,
      messages,
      done,
      waitFor: (count, timeoutMs = 10_000) =>
        new Promise<void>((resolve, reject) => {
          const deadline = setTimeout(
            () => reject(new Error(`${id}: ${messages.length} of ${count} messages`)),
            timeoutMs,
          );
          const check = (): void => {
            if (messages.length >= count) {
              clearTimeout(deadline);
              this.waiters.delete(check);
              resolve();
            }
          };
          this.waiters.add(check);
          check();
        }),
    };
    this.streams.set(id, { stream, settle });
    this.socket.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
    return stream;
  }

  complete(id: string): void {
    this.streams.delete(id);
    this.socket.send(JSON.stringify({ id, type: "complete" }));
  }

  close(): void {
    this.socket.terminate();
  }

  private onMessage(raw: string): void {
    const message = JSON.parse(raw) as { id?: string; type: string; payload?: unknown };
    const entry = message.id === undefined ? undefined : this.streams.get(message.id);
    if (!entry) return;
    if (message.type === "next") {
      entry.stream.messages.push({ raw, payload: message.payload as Received["payload"] });
      for (const waiter of [...this.waiters]) waiter();
    } else if (message.type === "complete") {
      this.streams.delete(entry.stream.id);
      entry.settle();
    } else if (message.type === "error") {
      this.streams.delete(entry.stream.id);
      entry.settle(new Error(JSON.stringify(message.payload)));
    }
  }
}
