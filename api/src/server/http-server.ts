import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import type { Principal } from "../auth/principal.js";
import type { Logger } from "../common/logger.js";
import type { Stores } from "../store/ports.js";
import { createContext, type RequestContext } from "./context.js";
import { datasetUploadRouter } from "./dataset-upload.route.js";
import { requireRole } from "./rest-auth.js";
import { modelPredictRouter } from "../models/model-predict.route.js";
import { DEFAULT_LIMITS, operationLimitsRule, type OperationLimits } from "./limits/operation-limits.js";
import {
  DEFAULT_WS_LIMITS,
  startWebSocketServer,
  type WebSocketLimits,
  type WebSocketServerHandle,
} from "./websocket-server.js";
import { compiledQueryGateway } from "./compiled-queries.js";
import { formatError } from "./errors.js";
import type { Services } from "./services.js";

export interface ServerOptions {
  port: number;
  host: string;
  production: boolean;
  /** Built editor to serve at `/`; absent = API only. */
  editorDir?: string | undefined;
  dataDir: string;
  uploadMaxBytes: number;
  /** Browser origins allowed besides the page's own (WebSocket Origin check). */
  allowedOrigins?: readonly string[];
  operationLimits?: OperationLimits;
  webSocketLimits?: WebSocketLimits;
  /** Queries executed by graphql-jit once compiled (compiled-queries.ts); false: graphql-js only. Default true. */
  compiledQueries?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  /** The WebSocket server's open connections (for health figures and tests). */
  webSocketClients(): ReadonlySet<{ readonly bufferedAmount: number }>;
  /** WebSocket connections, shared subscription groups and run feeds (for figures and tests). */
  webSocketStats(): ReturnType<WebSocketServerHandle["stats"]>;
  close(): Promise<void>;
}

/** One HTTP server: GraphQL over HTTP and WebSocket on `/graphql`, `/healthz`, and the editor's static files. */
export async function startHttpServer(
  options: ServerOptions,
  deps: {
    schema: GraphQLSchema;
    services: Services;
    stores: Stores;
    logger: Logger;
    /** More REST routes, each guarding itself (the MLflow-compatible API). */
    routers?: readonly express.Router[];
  },
): Promise<RunningServer> {
  const { schema, services, stores, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);

  const rules = [operationLimitsRule(options.operationLimits ?? DEFAULT_LIMITS)];
  const ws = startWebSocketServer({
    httpServer,
    schema,
    context: (principal: Principal | null) => createContext(services, stores, principal),
    // connection_init `{ authorization: "Bearer …" }`; no or bad credentials close the socket with 4403.
    authenticate: async (params) => {
      const result = await services.authenticator.fromAuthorization(
        params?.["authorization"] ?? params?.["Authorization"],
      );
      return "error" in result ? null : result.principal;
    },
    runs: services.runs,
    rules,
    production: options.production,
    allowedOrigins: options.allowedOrigins ?? [],
    limits: options.webSocketLimits ?? DEFAULT_WS_LIMITS,
    logger,
  });

  const apollo = new ApolloServer<RequestContext>({
    ...((options.compiledQueries ?? true) ? { gateway: compiledQueryGateway(schema) } : { schema }),
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: options.production,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: rules,
    parseOptions: { maxTokens: (options.webSocketLimits ?? DEFAULT_WS_LIMITS).maxTokens },
    formatError: (formatted, error) => formatError(formatted, error, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // The API sets no cache hints, and the default cache-control plugin wraps every resolved field to compute
      // them: a 1,000-step run took 358 ms with it, 80 ms without (bench/queries/executors.ts).
      ApolloServerPluginCacheControlDisabled(),
      {
        serverWillStart: () =>
          Promise.resolve({
            drainServer: async () => {
              await ws.dispose();
            },
          }),
      },
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  app.get("/healthz", async (_req, res) => {
    const store = await stores.ping();
    res.status(store.ok ? 200 : 503).json({ status: store.ok ? "ok" : "unavailable", store });
  });

  app.use("/api/datasets", requireRole(services.authenticator, "EDITOR"));
  app.use("/api/models", requireRole(services.authenticator, "VIEWER"));
  app.use(
    datasetUploadRouter(services.datasets, { dataDir: options.dataDir, maxBytes: options.uploadMaxBytes, logger }),
  );
  app.use(modelPredictRouter({ models: services.models, predictions: services.predictions, logger }));
  for (const router of deps.routers ?? []) app.use(router);

  app.use(
    "/graphql",
    express.json({ limit: "5mb" }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const result = await services.authenticator.fromAuthorization(req.headers.authorization);
        if ("error" in result) {
          throw new GraphQLError(result.error, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
        }
        return createContext(services, stores, result.principal);
      },
    }),
  );

  if (options.editorDir !== undefined && existsSync(path.join(options.editorDir, "index.html"))) {
    const editorDir = options.editorDir;
    app.use(express.static(editorDir, { index: false, maxAge: "1h" }));
    // Client-side routes (/pipelines/abc) get the editor's shell.
    app.get(/^\/(?!graphql|healthz|api\/).*/, (_req, res) => {
      res.sendFile(path.join(editorDir, "index.html"), { maxAge: 0 });
    });
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, options.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host === "0.0.0.0" || options.host === "::" ? "localhost" : options.host;

  return {
    url: `http://${host}:${port}`,
    port,
    httpServer,
    webSocketClients: () => ws.server.clients,
    webSocketStats: () => ws.stats(),
    close: async () => {
      await apollo.stop();
    },
  };
}
