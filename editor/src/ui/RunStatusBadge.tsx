import type { RunStatus } from "../graphql/generated/graphql";

const LABELS: Readonly<Record<RunStatus, string>> = {
  QUEUED: "Queued",
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  CANCELLED: "Cancelled",
};

/** A run's status as a coloured, labelled badge (the word is always there: colour is never the only cue). */
export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className="status-badge" data-status={status}>
      {LABELS[status]}
    </span>
  );
}
