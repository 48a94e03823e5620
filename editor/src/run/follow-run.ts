/**
 * Feeds a run's events into its overlay store, resuming after drops: every (re)subscription asks for the events
 * after the overlay's last seq, so nothing is missed and nothing is applied twice.
 */
import type { ApolloClient } from "@apollo/client";
import type { SocketMonitor } from "../app/socket-state";
import type { OverlayStore } from "./overlay-context";
import { isRunFinished, type OverlayEvent } from "./run-overlay";
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

/** Longest an event waits to be shown when no frame comes (a background tab gets no animation frames). */
const FLUSH_FALLBACK_MS = 250;

/** Starts following; returns the function that stops. */
export function followRun({ client, socket, runId, store, onError }: FollowRunOptions): () => void {
  let subscription: { unsubscribe(): void } | null = null;
  // Events are applied once per animation frame: a burst of them (a replay, a fast run) is one update of the
  // canvas, not one per event.
  let pending: OverlayEvent[] = [];
  let frame = 0;
  let fallback: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    frame = 0;
    fallback = undefined;
    const events = pending;
    pending = [];
    if (events.length > 0) store.dispatch({ type: "events", events });
  };
  const enqueue = (event: OverlayEvent): void => {
    pending.push(event);
    if (frame === 0) frame = requestAnimationFrame(flush);
    fallback ??= setTimeout(flush, FLUSH_FALLBACK_MS);
  };
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const finished = (): boolean => {
    flush();
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
          if (result.data) enqueue(result.data.runEvents);
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
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    clearTimeout(retryTimer);
    subscription?.unsubscribe();
  };
}
