/**
 * The WebSocket's state as the user should see it, from graphql-ws client events. Pure transition function plus a
 * small store the banner and the run feeds subscribe to.
 */
import type { Client } from "graphql-ws";
import { createStore, type ReadableStore } from "../lib/store";

/**
 * idle: no socket needed; reconnecting: the socket dropped and graphql-ws is trying again; reauthenticating: the API
 * closed it because its access token expired (4403), and it is reconnecting with a renewed one — not a drop the user
 * needs to hear about unless that fails too.
 */
export type SocketState = "idle" | "connecting" | "connected" | "reconnecting" | "reauthenticating";

export type SocketEvent = { type: "connecting" } | { type: "connected" } | { type: "closed"; code: number };

/** 1000 is graphql-ws closing an idle lazy socket itself; every other close is a drop. */
const NORMAL_CLOSURE = 1000;
/** The API's close code for missing, bad or expired credentials (at connection_init or when the token expires). */
export const FORBIDDEN_CLOSURE = 4403;

export function nextSocketState(state: SocketState, event: SocketEvent): SocketState {
  switch (event.type) {
    case "connecting":
      // Retries after a drop are still "reconnecting" (or "reauthenticating") until one succeeds.
      return state === "reconnecting" || state === "reauthenticating" ? state : "connecting";
    case "connected":
      return "connected";
    case "closed":
      if (event.code === NORMAL_CLOSURE) return "idle";
      // Expired credentials once are routine; refused again right after renewing them is a real problem.
      if (event.code === FORBIDDEN_CLOSURE && state !== "reauthenticating") return "reauthenticating";
      // A first connection that fails before ever connecting is a reconnect attempt all the same.
      return "reconnecting";
  }
}

/** The socket's state, and a signal each time it drops (to resubscribe with the last seq). */
export interface SocketMonitor extends ReadableStore<SocketState> {
  onDrop: (listener: () => void) => () => void;
}

export function monitorSocket(client: Client): SocketMonitor {
  const store = createStore(nextSocketState, "idle");
  const dropListeners = new Set<() => void>();
  client.on("connecting", () => store.dispatch({ type: "connecting" }));
  client.on("connected", () => store.dispatch({ type: "connected" }));
  client.on("closed", (event) => {
    const code = typeof event === "object" && event !== null && "code" in event ? Number(event.code) : 1006;
    store.dispatch({ type: "closed", code });
    if (code !== NORMAL_CLOSURE) for (const listener of [...dropListeners]) listener();
  });
  return {
    getState: store.getState,
    subscribe: store.subscribe,
    onDrop(listener) {
      dropListeners.add(listener);
      return () => dropListeners.delete(listener);
    },
  };
}

/**
 * Calls `listener` each time the socket becomes connected: its first connection and every reconnection. A page
 * that lists records and follows a change feed resyncs its list then, as changes made while the feed was not yet
 * (or no longer) subscribed reach it through no event.
 */
export function onConnected(socket: ReadableStore<SocketState>, listener: () => void): () => void {
  let previous = socket.getState();
  return socket.subscribe(() => {
    const state = socket.getState();
    if (state === "connected" && previous !== "connected") listener();
    previous = state;
  });
}
