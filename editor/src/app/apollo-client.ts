import { ApolloClient, ApolloLink, HttpLink } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import { createAuthLink } from "../auth/auth-link";
import type { Session } from "../auth/session";
import { createCache } from "./cache";
import { graphqlEndpoints } from "./graphql-endpoints";
import { reconnectDelayMs } from "./reconnect-delay";
import { FORBIDDEN_CLOSURE, monitorSocket, type SocketMonitor } from "./socket-state";

/** The editor's Apollo Client (queries and mutations over HTTP, subscriptions over graphql-ws, one cache). */
export interface ApiClients {
  client: ApolloClient;
  /** The subscription socket's state: the banner shows drops, run feeds resume after them. */
  socket: SocketMonitor;
  /** Closes the socket now (after a sign-out or a sign-in as someone else, so none stays open as the last user). */
  resetSocket: () => void;
}

type SessionApi = Pick<Session, "accessToken" | "tokenRejected">;

export function createApolloClient(session: SessionApi, pageUrl: string = window.location.href): ApiClients {
  const endpoints = graphqlEndpoints(pageUrl);
  // The token the current socket authenticated with, and the renewal under way after the API refused it.
  let socketToken: string | null = null;
  let renewal: Promise<string | null> | null = null;
  const wsClient = createClient({
    url: endpoints.ws,
    // connection_init `{ authorization: "Bearer …" }`, asked for on every (re)connection so it is always current.
    connectionParams: async () => {
      if (renewal !== null) await renewal;
      socketToken = await session.accessToken();
      return socketToken === null ? {} : { authorization: `Bearer ${socketToken}` };
    },
    // Connect on the first subscription and close shortly after the last, so pages without live data hold no socket…
    lazy: true,
    lazyCloseTimeout: 3_000,
    // …but keep trying while a page is watching a run: the API may be restarting.
    retryAttempts: Number.POSITIVE_INFINITY,
    // A dropped socket is always worth retrying (graphql-ws gives up on some close codes by default).
    shouldRetry: () => true,
    // After an expired token, reconnect as soon as it is renewed; run feeds resume from their last seq either way.
    retryWait: async (retries) => {
      if (renewal !== null && (await renewal) !== null) {
        renewal = null;
        return;
      }
      renewal = null;
      await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs(retries)));
    },
    // Regular pings keep proxies from closing a quiet socket while a long step runs without events.
    keepAlive: 15_000,
  });
  wsClient.on("closed", (event) => {
    const code = typeof event === "object" && event !== null && "code" in event ? Number(event.code) : 1006;
    // The API refused the token (expired while connected, or at connection_init): renew it once before retrying.
    if (code === FORBIDDEN_CLOSURE) renewal ??= session.tokenRejected(socketToken).catch(() => null);
  });
  const socket = monitorSocket(wsClient);

  const http = ApolloLink.from([createAuthLink(session), new HttpLink({ uri: endpoints.http })]);
  const link = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(wsClient),
    http,
  );
  return {
    client: new ApolloClient({ link, cache: createCache() }),
    socket,
    resetSocket: () => wsClient.terminate(),
  };
}
