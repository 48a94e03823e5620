import { ApolloClient, ApolloLink, HttpLink } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import { createCache } from "./cache";
import { graphqlEndpoints } from "./graphql-endpoints";
import { reconnectDelayMs } from "./reconnect-delay";
import { monitorSocket, type SocketMonitor } from "./socket-state";

/** The editor's Apollo Client (queries and mutations over HTTP, subscriptions over graphql-ws, one cache). */
export interface ApiClients {
  client: ApolloClient;
  /** The subscription socket's state: the banner shows drops, run feeds resume after them. */
  socket: SocketMonitor;
}

export function createApolloClient(pageUrl: string = window.location.href): ApiClients {
  const endpoints = graphqlEndpoints(pageUrl);
  const wsClient = createClient({
    url: endpoints.ws,
    // Connect on the first subscription and close shortly after the last, so pages without live data hold no socket…
    lazy: true,
    lazyCloseTimeout: 3_000,
    // …but keep trying while a page is watching a run: the API may be restarting.
    retryAttempts: Number.POSITIVE_INFINITY,
    // A dropped socket is always worth retrying (graphql-ws gives up on some close codes by default).
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries))),
    // Regular pings keep proxies from closing a quiet socket while a long step runs without events.
    keepAlive: 15_000,
  });
  const socket = monitorSocket(wsClient);

  const link = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(wsClient),
    new HttpLink({ uri: endpoints.http }),
  );
  return { client: new ApolloClient({ link, cache: createCache() }), socket };
}
