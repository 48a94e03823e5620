import { formatDuration } from "./format-number";

/** A run's or step's duration, "—" before it has one. */
export function RunDuration({ ms }: { ms: number | null | undefined }) {
  return ms == null ? <span className="muted">—</span> : <span>{formatDuration(ms)}</span>;
}
