import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import {
  type GraphQLError,
  NoSchemaIntrospectionCustomRule,
  specifiedRules,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger } from "../common/logger.js";
import { RunEventFeeds, type RunFeedSource } from "../runs/run-event-feeds.js";
import type { RequestContext } from "./context.js";
import { formatError } from "./errors.js";
import { isOriginAllowed } from "./origin.js";
import { Flusher, WsConnection, type ConnectionPrincipal } from "./ws/connection.js";
import { GraphQLWsServer, type Authenticate } from "./ws/graphql-ws-server.js";
import { CloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL, closeReason } from "./ws/protocol.js";

export type { Authenticate } from "./ws/graphql-ws-server.js";
export type { ConnectionPrincipal } from "./ws/connection.js";

export interface WebSocketLimits {
  /** Largest message a client may send. */
  maxPayloadBytes: number;
  /** Operations one connection may have running at once. */
  maxSubscriptions: number;
  /** A client that does not read while this much is queued for it is disconnected (server memory stays bounded). */
  maxBufferedBytes: number;
  /** Time a client has to send connection_init. */
  connectionInitTimeoutMs: number;
  /** Tokens one document may have (parse is refused above, before any validation work). */
  maxTokens: number;
  /** A message the client has not taken for this long means it stopped reading: it is disconnected. */
  sendTimeoutMs: number;
  /** Live STEP_PROGRESS events per node and second a runEvents subscriber gets (others coalesced); 0 = all. */
  progressEventsPerSecond: number;
  /** WebSocket pings this often; a client that has not answered the previous one is disconnected. 0 = none. */
  keepAliveMs: number;
}

export const DEFAULT_WS_LIMITS: WebSocketLimits = {
  maxPayloadBytes: 1024 * 1024,
  maxSubscriptions: 100,
  maxBufferedBytes: 4 * 1024 * 1024,
  connectionInitTimeoutMs: 3000,
  maxTokens: 20_000,
  sendTimeoutMs: 15_000,
  progressEventsPerSecond: 10,
  keepAliveMs: 12_000,
};

/** Root subscription fields that stream only what happens from now on, so subscribers can share one execution. */
const LIVE_SHARED_FIELDS: ReadonlySet<string> = new Set(["pipelineRuns", "logs", "validationCompleted"]);

export interface WebSocketServerHandle {
  server: WebSocketServer;
  /** Connections, shared groups and their members, open run feeds (for figures and tests). */
  stats(): {
    connections: number;
    runEvents: { groups: number; members: number; endedReplays: number };
    live: { groups: number; members: number };
    runFeeds: number;
  };
  dispose: () => Promise<void>;
}

/**
 * GraphQL over WebSocket (graphql-transport-ws) on `/graphql`: the same validation rules and error formatting as
 * HTTP, an Origin check, per-connection limits, slow consumers cut off, and fan-out that serialises each event once
 * per distinct operation (see ws/graphql-ws-server.ts).
 */
export function startWebSocketServer<P extends ConnectionPrincipal>(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  /** A fresh context per operation (or per shared group), with the connection's principal (null: anonymous). */
  context: (principal: P | null) => RequestContext;
  rules: readonly ValidationRule[];
  production: boolean;
  allowedOrigins: readonly string[];
  limits: WebSocketLimits;
  logger: Logger;
  /** Where runEvents subscribers' shared feeds read from; absent = runEvents runs per subscriber. */
  runs?: { eventSource(): RunFeedSource } | undefined;
  /** The authentication hook (see Authenticate); absent = anonymous connections. */
  authenticate?: Authenticate<P> | undefined;
  /** Which subscribers may share results (see GraphQLWsServerOptions.shareScope). */
  shareScope?: ((principal: P | null) => string) | undefined;
}): WebSocketServerHandle {
  const { limits, logger } = options;
  const wsServer = new WebSocketServer({
    noServer: true,
    path: "/graphql",
    maxPayload: limits.maxPayloadBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols: Set<string>) =>
      protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false,
    verifyClient: ({ req }: { req: IncomingMessage }) =>
      isOriginAllowed(req.headers.origin, req.headers.host, options.allowedOrigins, options.production),
  });
  const rules = [...specifiedRules, ...options.rules, ...(options.production ? [NoSchemaIntrospectionCustomRule] : [])];
  const formatErrors = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const formatted = formatError(e.toJSON(), e, logger);
      return options.production ? { ...formatted, message: withoutSuggestions(formatted.message) } : formatted;
    });
  const feeds = options.runs
    ? new RunEventFeeds(options.runs.eventSource(), { progressPerSecond: limits.progressEventsPerSecond })
    : null;
  const graphqlWs = new GraphQLWsServer({
    schema: options.schema,
    rules,
    production: options.production,
    maxTokens: limits.maxTokens,
    maxOperations: limits.maxSubscriptions,
    // The only principals a connection holds are the ones `authenticate` returned: P.
    context: (principal) => options.context(principal as P | null),
    formatErrors,
    logger,
    authenticate: options.authenticate,
    shareScope: options.shareScope ? (principal) => options.shareScope?.(principal as P | null) ?? "" : undefined,
    runEvents: feeds && options.runs ? { feeds, store: options.runs.eventSource() } : undefined,
    liveSharedFields: LIVE_SHARED_FIELDS,
  });
  // 4 ms of writes per turn: the rest waits a turn, so every turn also polls (one accept per turn, libuv >= 1.45).
  const flusher = new Flusher(4);
  const connections = new Set<WsConnection>();

  const accept = (ws: WebSocket, socket: Socket, request: IncomingMessage): void => {
    const conn = new WsConnection(ws, socket, request, flusher, limits, logger);
    connections.add(conn);
    ws.on("close", () => {
      connections.delete(conn);
      conn.dispose();
    });
    ws.on("error", (error) => logger.debug({ err: error }, "WebSocket error"));
    if (ws.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      ws.close(CloseCode.SubprotocolNotAcceptable, "Subprotocol not acceptable");
      return;
    }
    ws.on("pong", () => (conn.alive = true));
    ws.on("message", (data, isBinary) => {
      conn.alive = true;
      if (isBinary) {
        conn.close(CloseCode.BadRequest, "Invalid message received");
        return;
      }
      graphqlWs.message(conn, (data as Buffer).toString()).catch((error: unknown) => {
        logger.error({ err: error }, "internal error while handling a WebSocket message");
        conn.close(
          CloseCode.InternalServerError,
          options.production ? "Internal server error" : closeReason(String(error)),
        );
      });
    });
    conn.initTimer = setTimeout(() => {
      if (!conn.initReceived)
        conn.close(CloseCode.ConnectionInitialisationTimeout, "Connection initialisation timeout");
    }, limits.connectionInitTimeoutMs);
    conn.initTimer.unref();
  };

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    wsServer.handleUpgrade(request, socket, head, (ws) => accept(ws, socket as Socket, request));
  };
  options.httpServer.on("upgrade", onUpgrade);

  // A client whose writes stay blocked past sendTimeoutMs stopped reading; one that does not answer a ping is gone.
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const conn of connections) {
        if (conn.blockedSince > 0 && now - conn.blockedSince > limits.sendTimeoutMs) {
          conn.terminate("disconnecting a WebSocket client that does not read", {
            buffered: conn.buffered,
            stalledMs: now - conn.blockedSince,
          });
        }
      }
    },
    Math.max(50, Math.min(1000, limits.sendTimeoutMs / 4)),
  );
  sweep.unref();
  const keepAlive =
    limits.keepAliveMs > 0
      ? setInterval(() => {
          for (const conn of connections) {
            if (!conn.alive) {
              conn.terminate("disconnecting a WebSocket client that does not answer pings");
              continue;
            }
            conn.alive = false;
            conn.ping();
          }
        }, limits.keepAliveMs)
      : null;
  keepAlive?.unref();

  return {
    server: wsServer,
    stats: () => ({ connections: connections.size, ...graphqlWs.stats(), runFeeds: feeds?.size ?? 0 }),
    dispose: async () => {
      clearInterval(sweep);
      if (keepAlive) clearInterval(keepAlive);
      options.httpServer.off("upgrade", onUpgrade);
      for (const client of wsServer.clients) client.terminate();
      feeds?.close();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** GraphQL's "Did you mean …?" hints reveal the schema; production answers without them. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .*\?$/, "");
}
