import type { ValidationStatus } from "../../graphql/generated/graphql";

const LABELS: Readonly<Record<ValidationStatus, string>> = {
  RUNNING: "Running",
  PASSED: "Passed",
  WARNED: "Warned",
  FAILED: "Failed",
  ERROR: "Error",
};

/** A validation's status as a labelled badge (the word is always there: colour is never the only cue). */
export function ValidationStatusBadge({ status }: { status: ValidationStatus }) {
  return (
    <span className="status-badge" data-status={status}>
      {LABELS[status]}
    </span>
  );
}

/** A 0–100 score, "—" before there is one. */
export function formatScore(score: number | null | undefined): string {
  return score == null ? "—" : `${score.toFixed(score === 100 ? 0 : 1)}`;
}
