import type { JobStatus } from "../../graphql/generated/graphql";

/** Whether a job (training, search) may still change: queued or running. */
export const isActive = (status: JobStatus): boolean => status === "QUEUED" || status === "RUNNING";

/**
 * An `onData` handler for a job's progress subscription: calls `onEnd` when a report says the job is over
 * (so the page reloads what the job left behind).
 */
export function onJobEnd<T>(
  statusOf: (data: T) => JobStatus,
  onEnd: () => void,
): (options: { data: { data?: T | undefined } }) => void {
  return ({ data: result }) => {
    if (result.data !== undefined && !isActive(statusOf(result.data))) onEnd();
  };
}
