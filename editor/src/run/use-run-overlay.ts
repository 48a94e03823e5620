import { useApolloClient, useQuery } from "@apollo/client/react";
import { useEffect, useMemo, useState } from "react";
import { useSocketMonitor } from "../app/socket-context";
import type { RunDetailQuery as RunDetailData } from "../graphql/generated/graphql";
import { followRun } from "./follow-run";
import { createOverlayStore, type OverlayStore } from "./overlay-context";
import { emptyOverlay } from "./run-overlay";
import { RunDetailQuery } from "./run.queries";

export type RunDetail = RunDetailData["run"];

export interface RunOverlayHandle {
  store: OverlayStore | null;
  /** The run as loaded (status at load time; the overlay has the live one). */
  run: RunDetail | undefined;
  error: unknown;
  subscriptionError: unknown;
}

/**
 * The live overlay of a run: its snapshot's nodes, then every event from the subscription (replayed from the start,
 * then live, resumed from the last seq after a drop). Null store while there is no run or it is loading.
 */
export function useRunOverlay(runId: string | null): RunOverlayHandle {
  const client = useApolloClient();
  const socket = useSocketMonitor();
  const { data, error } = useQuery(RunDetailQuery, {
    variables: { id: runId ?? "" },
    skip: runId === null,
    fetchPolicy: "cache-and-network",
  });
  const run = runId !== null && data?.run.id === runId ? data.run : undefined;
  const nodeIds = run?.snapshot.nodes.map((n) => n.id).join("\u0000");
  const store = useMemo(
    () =>
      runId !== null && nodeIds !== undefined ? createOverlayStore(emptyOverlay(runId, nodeIds.split("\u0000"))) : null,
    [runId, nodeIds],
  );
  const [subscriptionError, setSubscriptionError] = useState<unknown>(undefined);
  useEffect(() => {
    if (store === null || runId === null) return undefined;
    setSubscriptionError(undefined);
    return followRun({ client, socket, runId, store, onError: setSubscriptionError });
  }, [client, socket, runId, store]);
  return { store, run, error, subscriptionError };
}
