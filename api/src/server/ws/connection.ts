import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { WebSocket } from "ws";
import type { Logger } from "../../common/logger.js";
import { encodeTextFrames, PING_FRAME } from "./frames.js";
import { closeReason } from "./protocol.js";

/** What the WebSocket layer needs of whoever authenticated a connection (auth's Principal has more). */
export interface ConnectionPrincipal {
  /** When the credential stops being valid: the connection is closed then (4403). Null: until revoked. */
  readonly expiresAt?: Date | null;
}

/** A replay or a per-subscriber stream waits while more than this is queued for its connection. */
export const REPLAY_HIGH_WATER_BYTES = 256 * 1024;

export interface ConnectionLimits {
  /** A client that lets more than this queue up unread is disconnected. */
  maxBufferedBytes: number;
}

/** One operation of a connection (a subscribe message's id): what fan-out delivers to. */
export class Operation {
  /** `{"id":…,"type":"next","payload":`, made once. */
  readonly prefix: Buffer;
  cancelled = false;
  /** Called once when the client completes the operation or the connection goes. */
  onCancel: (() => void) | null = null;

  constructor(
    readonly conn: WsConnection,
    readonly id: string,
    prefix: Buffer,
  ) {
    this.prefix = prefix;
  }

  /** A `next` message with a payload serialised once for every subscriber of it. */
  deliver(payload: Buffer): void {
    if (!this.cancelled) this.conn.sendNext(this.prefix, payload);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const onCancel = this.onCancel;
    this.onCancel = null;
    onCancel?.();
  }

  /** Whether this operation is still the connection's registered one under its id. */
  get active(): boolean {
    return !this.cancelled && this.conn.operations.get(this.id) === this;
  }
}

/** Connections with frames waiting, written in slices so one big fan-out does not hold the event loop. */
export class Flusher {
  private queue: WsConnection[] = [];
  private scheduled = false;

  constructor(private readonly sliceMs = 10) {}

  add(conn: WsConnection): void {
    this.queue.push(conn);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    const deadline = performance.now() + this.sliceMs;
    let i = 0;
    // The clock is read every 8 writes: a write to a loopback socket can cost tens of microseconds and the process
    // can be descheduled mid-slice, so checking every 64 let slices run to 60+ ms at 5k connections.
    while (i < queue.length) {
      (queue[i++] as WsConnection).flush();
      if ((i & 7) === 0 && performance.now() > deadline) break;
    }
    this.queue = i === queue.length ? [] : queue.slice(i);
    if (this.queue.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(this.run);
    }
  };
}

/**
 * One WebSocket connection's transport: messages are queued and written as one buffer per flush (all the frames a
 * connection got in that turn of the event loop, or while a busy fan-out was being written), straight to the TCP
 * socket — ws parses what the client sends and does pings and the close handshake. A client that does not read is
 * cut off when its queue passes `maxBufferedBytes` or stays blocked too long (see the server's sweep).
 */
export class WsConnection {
  readonly operations = new Map<string, Operation>();
  principal: ConnectionPrincipal | null = null;
  /** The upgrade request, kept only until connection_init (the authenticate hook reads it), then dropped. */
  request: IncomingMessage | null;
  initReceived = false;
  acknowledged = false;
  /** Cleared by the keep-alive sweep, set again by any message or pong. */
  alive = true;
  /** When a write last found the socket's buffer full (0: it is not). */
  blockedSince = 0;
  closed = false;
  initTimer: NodeJS.Timeout | null = null;
  expiryTimer: NodeJS.Timeout | null = null;
  private readonly heads: Buffer[] = [];
  private readonly bodies: (Buffer | null)[] = [];
  private pendingBytes = 0;
  private pingDue = false;
  private queued = false;
  private writableWaiters: Array<() => void> | null = null;

  constructor(
    readonly ws: WebSocket,
    private readonly socket: Socket,
    request: IncomingMessage,
    private readonly flusher: Flusher,
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {
    this.request = request;
  }

  /** Bytes queued for this client and not yet taken by it (beyond the kernel's buffers). */
  get buffered(): number {
    return this.pendingBytes + this.socket.writableLength;
  }

  sendText(text: string): void {
    const head = Buffer.from(text);
    this.push(head, null, head.length);
  }

  sendNext(prefix: Buffer, payload: Buffer): void {
    this.push(prefix, payload, prefix.length + payload.length + 1);
  }

  /**
   * Queues a keep-alive ping. It goes out with the connection's next write (or alone, in the flusher's slices):
   * pinging 10,000 connections one write each in a single timer callback held the event loop for 60+ ms.
   */
  ping(): void {
    if (this.closed || this.pingDue) return;
    this.pingDue = true;
    if (!this.queued) {
      this.queued = true;
      this.flusher.add(this);
    }
  }

  /** Writes everything queued as one buffer. */
  flush(): void {
    this.queued = false;
    const count = this.heads.length;
    const ping = this.pingDue ? PING_FRAME : null;
    this.pingDue = false;
    if (count === 0 && !ping) return;
    if (this.closed || this.socket.destroyed || this.ws.readyState !== 1) {
      this.clearPending();
      return;
    }
    const frames = count === 0 ? (ping as Buffer) : encodeTextFrames(this.heads, this.bodies, count, ping);
    this.clearPending();
    const ok = this.socket.write(frames);
    if (!ok && this.blockedSince === 0) {
      this.blockedSince = Date.now();
      this.socket.once("drain", this.onDrain);
    }
    if (this.socket.writableLength > this.limits.maxBufferedBytes) {
      this.terminate("disconnecting a WebSocket client that does not read", { buffered: this.socket.writableLength });
    }
  }

  /** Resolves once the client has taken enough (or the connection is gone); flushes first. */
  whenWritable(): Promise<void> {
    if (this.queued) this.flush();
    if (this.closed || this.buffered <= REPLAY_HIGH_WATER_BYTES || this.blockedSince === 0) return Promise.resolve();
    return new Promise((resolve) => (this.writableWaiters ??= []).push(resolve));
  }

  /** Sends what is queued, then closes with a protocol close code. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.flush();
    this.ws.close(code, closeReason(reason));
  }

  terminate(message: string, details: Record<string, unknown> = {}): void {
    if (this.closed) return;
    this.logger.warn(details, message);
    this.clearPending();
    this.ws.terminate();
  }

  /** The socket is gone: every operation ends, waiters are released. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearPending();
    if (this.initTimer) clearTimeout(this.initTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.request = null;
    for (const operation of [...this.operations.values()]) operation.cancel();
    this.operations.clear();
    this.releaseWaiters();
    this.socket.off("drain", this.onDrain);
  }

  private push(head: Buffer, body: Buffer | null, bytes: number): void {
    if (this.closed) return;
    this.heads.push(head);
    this.bodies.push(body);
    this.pendingBytes += bytes;
    if (!this.queued) {
      this.queued = true;
      this.flusher.add(this);
    }
  }

  private clearPending(): void {
    this.heads.length = 0;
    this.bodies.length = 0;
    this.pendingBytes = 0;
  }

  private readonly onDrain = (): void => {
    this.blockedSince = 0;
    this.releaseWaiters();
  };

  private releaseWaiters(): void {
    const waiters = this.writableWaiters;
    this.writableWaiters = null;
    if (waiters) for (const resolve of waiters) resolve();
  }
}
