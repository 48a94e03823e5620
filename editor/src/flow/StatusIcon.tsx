import type { NodeRunStatus } from "../run/run-overlay";

// 16×16 glyphs; the status is also given in words (title, data-status, the run panels), never by colour alone.
const PATHS: Readonly<Record<NodeRunStatus, string>> = {
  IDLE: "M8 8h.01",
  QUEUED: "M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM8 5v3l2 1.5",
  RUNNING: "M8 2a6 6 0 1 1-6 6",
  SUCCEEDED: "M3 8.5 6.5 12 13 4.5",
  FAILED: "M4 4l8 8m0-8-8 8",
  SKIPPED: "M3 4l5 4-5 4zm6 0 5 4-5 4z",
  CANCELLED: "M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zM3.8 3.8l8.4 8.4",
};

export const STATUS_LABELS: Readonly<Record<NodeRunStatus, string>> = {
  IDLE: "Not run",
  QUEUED: "Queued",
  RUNNING: "Running",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  SKIPPED: "Skipped",
  CANCELLED: "Cancelled",
};

/** A step status glyph in the current text colour; RUNNING spins (unless reduced motion is asked for). */
export function StatusIcon({ status, size = 14 }: { status: NodeRunStatus; size?: number }) {
  return (
    <svg
      className={status === "RUNNING" ? "status-icon status-icon--spin" : "status-icon"}
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[status]} />
    </svg>
  );
}
