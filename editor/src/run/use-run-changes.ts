import { useSubscription } from "@apollo/client/react";
import { useEffect, useRef } from "react";
import { PipelineRunsSubscription } from "../pages/runs/runs.queries";

/** Longest a view waits to refetch after runs changed: many changes in a burst make one refetch. */
const REFETCH_THROTTLE_MS = 1_500;

/**
 * Calls `refetch` (throttled) whenever a run changes, of one pipeline or of all. The changed run itself is
 * updated in the cache by the subscription; the refetch brings aggregates and new rows.
 */
export function useRunChanges(refetch: () => unknown, pipelineId: string | null = null): void {
  const latest = useRef(refetch);
  latest.current = refetch;
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  useSubscription(PipelineRunsSubscription, {
    variables: { pipelineId },
    onData: () => {
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        void Promise.resolve(latest.current()).catch(() => undefined);
      }, REFETCH_THROTTLE_MS);
    },
  });
}
