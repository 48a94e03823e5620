import type { RunLogLevel, RunLogLine } from "./run-overlay";

const RANK: Readonly<Record<RunLogLevel, number>> = { DEBUG: 0, INFO: 1, WARN: 2, ERROR: 3 };

/** The lines at or above `minLevel`, of one node (or all when `nodeId` is null). Pure. */
export function filterRunLogs(
  lines: readonly RunLogLine[],
  { nodeId, minLevel }: { nodeId: string | null; minLevel: RunLogLevel },
): RunLogLine[] {
  return lines.filter((line) => RANK[line.level] >= RANK[minLevel] && (nodeId === null || line.nodeId === nodeId));
}
