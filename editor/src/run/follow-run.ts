/**
 * Feeds a run's events into its overlay store, resuming after drops: every (re)subscription asks for the events
 * after the overlay's last seq, so nothing is missed and nothing is applied twice.
 */
import type { ApolloClient } from "@apollo/client";
import type { SocketMonitor } from "../app/socket-state";
import type { OverlayStore } from "./overlay-context";
import { isRunFinished } from "./run-overlay";
import { RunEventsSubscription } from "./run.queries";

/** Wait before resubscribing after the subscription itself failed (the socket's own retries are graphql-ws's). */
const RETRY_AFTER_ERROR_MS = 2_000;

export interface FollowRunOptions {
  client: ApolloClient;
  socket: SocketMonitor;
  runId: string;
  store: OverlayStore;
  /** A subscription error, for display; the feed retries by itself. */
  onError?: (error: unknown) => void;
}

/** Starts following; returns the function that stops. */
export function followRun({ client, socket, runId, store, onError }: FollowRunOptions): () => void {
  let subscription: { unsubscribe(): void } | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const finished = (): boolean => {
    const overlay = store.getState();
    return overlay === null || isRunFinished(overlay.status);
  };

  const subscribe = (): void => {
    subscription?.unsubscribe();
    clearTimeout(retryTimer);
    if (stopped || finished()) return;
    const after = store.getState()?.lastSeq ?? 0;
    subscription = client
      .subscribe({ query: RunEventsSubscription, variables: { runId, after }, fetchPolicy: "no-cache" })
      .subscribe({
        next: (result) => {
          if (result.data) store.dispatch({ type: "event", event: result.data.runEvents });
          if (result.error) onError?.(result.error);
        },
        error: (error: unknown) => {
          onError?.(error);
          retryTimer = setTimeout(subscribe, RETRY_AFTER_ERROR_MS);
        },
        complete: () => {
          // The server completes after the terminal event; completing before it means the stream was cut.
          if (!finished()) retryTimer = setTimeout(subscribe, RETRY_AFTER_ERROR_MS);
        },
      });
  };

  // graphql-ws would resend the original subscription (after = where we started) on reconnect: replace it with
  // one from the last seq; it is sent as soon as the socket is back.
  const offDrop = socket.onDrop(subscribe);
  subscribe();
  return () => {
    stopped = true;
    offDrop();
    clearTimeout(retryTimer);
    subscription?.unsubscribe();
  };
}
