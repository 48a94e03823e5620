import type { IncomingMessage, Server } from "node:http";
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { SlowConsumerError } from "../common/async-queue.js";
import type { Logger } from "../common/logger.js";
import { formatError } from "./errors.js";
import { isOriginAllowed } from "./origin.js";
import type { RequestContext } from "./context.js";

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
}

export const DEFAULT_WS_LIMITS: WebSocketLimits = {
  maxPayloadBytes: 1024 * 1024,
  maxSubscriptions: 100,
  maxBufferedBytes: 4 * 1024 * 1024,
  connectionInitTimeoutMs: 3000,
  maxTokens: 20_000,
  sendTimeoutMs: 15_000,
};

/**
 * GraphQL over WebSocket (graphql-ws) on `/graphql`, with the same validation rules as HTTP (they are not shared by
 * default), an Origin check, per-connection limits, and slow consumers cut off.
 */
export function startWebSocketServer(options: {
  httpServer: Server;
  schema: GraphQLSchema;
  context: () => RequestContext;
  rules: readonly ValidationRule[];
  production: boolean;
  allowedOrigins: readonly string[];
  limits: WebSocketLimits;
  logger: Logger;
}): { dispose: () => Promise<void>; server: WebSocketServer } {
  const { limits, logger } = options;
  const wsServer = new WebSocketServer({
    server: options.httpServer,
    path: "/graphql",
    maxPayload: limits.maxPayloadBytes,
    verifyClient: ({ req }: { req: IncomingMessage }) =>
      isOriginAllowed(req.headers.origin, req.headers.host, options.allowedOrigins, options.production),
  });
  watchSlowConsumers(wsServer, limits, logger);
  const rules = [...specifiedRules, ...options.rules, ...(options.production ? [NoSchemaIntrospectionCustomRule] : [])];
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const formatted = formatError(e.toJSON(), e, logger);
      return options.production ? { ...formatted, message: withoutSuggestions(formatted.message) } : formatted;
    });

  const cleanup = useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: limits.connectionInitTimeoutMs,
      parse: (source) => parse(source, { maxTokens: limits.maxTokens }),
      validate: (schema, document) => validate(schema, document, rules),
      context: options.context,
      onSubscribe: (ctx) => {
        // The new operation is already registered, so more than the limit means one too many.
        if (Object.keys(ctx.subscriptions).length > limits.maxSubscriptions) {
          return [
            new GraphQLError(`too many operations on this connection (limit ${limits.maxSubscriptions})`, {
              extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
            }),
          ];
        }
        return undefined;
      },
      onError: (ctx, _id, _payload, errors) => {
        // A subscriber that fell too far behind is disconnected as a whole: it resumes from its last seq.
        if (errors.some((e) => e.originalError instanceof SlowConsumerError)) {
          logger.warn("disconnecting a WebSocket client that fell too far behind");
          ctx.extra.socket.terminate();
        }
        return format(errors);
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        const socket = ctx.extra.socket;
        if (socket.bufferedAmount > limits.maxBufferedBytes) {
          logger.warn({ buffered: socket.bufferedAmount }, "disconnecting a WebSocket client that does not read");
          socket.terminate();
        }
        return result.errors ? { data: result.data ?? null, errors: format(result.errors) } : undefined;
      },
    },
    wsServer,
  );
  return {
    server: wsServer,
    dispose: async () => {
      for (const client of wsServer.clients) client.terminate();
      await cleanup.dispose();
    },
  };
}

/**
 * graphql-ws waits for each send to complete before the next, so a client that stops reading leaves one send
 * pending (and the backlog in the bounded subscription queues). A socket whose send stays pending too long, or
 * whose queue passes the byte bound, is terminated; the client reconnects and resumes from its last seq.
 */
function watchSlowConsumers(wsServer: WebSocketServer, limits: WebSocketLimits, logger: Logger): void {
  const oldestPendingSend = new WeakMap<WebSocket, number[]>();
  wsServer.on("connection", (socket: WebSocket) => {
    const pending: number[] = [];
    oldestPendingSend.set(socket, pending);
    const send = socket.send.bind(socket) as (data: unknown, cb?: (error?: Error) => void) => void;
    (socket as { send: unknown }).send = (data: unknown, cb?: (error?: Error) => void) => {
      pending.push(Date.now());
      send(data, (error?: Error) => {
        pending.shift();
        cb?.(error);
      });
    };
  });
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const socket of wsServer.clients) {
        const since = oldestPendingSend.get(socket)?.[0];
        const stalled = since !== undefined && now - since > limits.sendTimeoutMs;
        if (stalled || socket.bufferedAmount > limits.maxBufferedBytes) {
          logger.warn(
            { buffered: socket.bufferedAmount, stalledMs: since === undefined ? 0 : now - since },
            "disconnecting a WebSocket client that does not read",
          );
          socket.terminate();
        }
      }
    },
    Math.max(50, Math.min(1000, limits.sendTimeoutMs / 4)),
  );
  timer.unref();
  wsServer.on("close", () => clearInterval(timer));
}

/** GraphQL's "Did you mean …?" hints reveal the schema; production answers without them. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .*\?$/, "");
}
