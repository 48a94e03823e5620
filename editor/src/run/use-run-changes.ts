import { useSubscription } from "@apollo/client/react";
import { useResyncOnConnect } from "../app/use-resync-on-connect";
import { useThrottled } from "../lib/use-throttled";
import { PipelineRunsSubscription } from "../pages/runs/runs.queries";

/** Longest a view waits to refetch after runs changed: many changes in a burst make one refetch. */
const REFETCH_THROTTLE_MS = 1_500;

/**
 * Calls `refetch` (throttled) whenever a run changes, of one pipeline or of all, and when the socket (re)connects
 * (changes made while the feed was not subscribed come through no event). The changed run itself is updated in the
 * cache by the subscription; the refetch brings aggregates and new rows.
 */
export function useRunChanges(refetch: () => unknown, pipelineId: string | null = null): void {
  const refetchSoon = useThrottled(() => void Promise.resolve(refetch()).catch(() => undefined), REFETCH_THROTTLE_MS);
  useSubscription(PipelineRunsSubscription, { variables: { pipelineId }, onData: refetchSoon });
  useResyncOnConnect(refetchSoon);
}
