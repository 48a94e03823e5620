import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLError, GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { Logger } from "../common/logger.js";
import type { Stores } from "../store/ports.js";
import { createContext, type RequestContext } from "./context.js";
import { datasetUploadRouter } from "./dataset-upload.route.js";
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
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  close(): Promise<void>;
}

/** One HTTP server: GraphQL over HTTP and WebSocket on `/graphql`, `/healthz`, and the editor's static files. */
export async function startHttpServer(
  options: ServerOptions,
  deps: { schema: GraphQLSchema; services: Services; stores: Stores; logger: Logger },
): Promise<RunningServer> {
  const { schema, services, stores, logger } = deps;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 1024 * 1024 });
  const formatAll = (errors: readonly GraphQLError[]) => errors.map((e) => formatError(e.toJSON(), e, logger));
  const wsCleanup = useServer(
    {
      schema,
      context: (): RequestContext => createContext(services, stores),
      onError: (_ctx, _id, _payload, errors) => formatAll(errors),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { data: result.data ?? null, errors: formatAll(result.errors) } : undefined,
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      {
        serverWillStart: () =>
          Promise.resolve({
            drainServer: async () => {
              await wsCleanup.dispose();
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

  app.use(
    datasetUploadRouter(services.datasets, { dataDir: options.dataDir, maxBytes: options.uploadMaxBytes, logger }),
  );

  app.use(
    "/graphql",
    express.json({ limit: "5mb" }),
    expressMiddleware(apollo, { context: () => Promise.resolve(createContext(services, stores)) }),
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
    close: async () => {
      for (const client of wsServer.clients) client.terminate();
      await apollo.stop();
    },
  };
}
