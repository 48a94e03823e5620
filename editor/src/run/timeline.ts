/** The Gantt rows of a run's steps, from its overlay. Pure (`now` is passed in for steps still running). */
import type { NodeRunStatus, RunOverlay } from "./run-overlay";

export interface TimelineBar {
  nodeId: string;
  label: string;
  status: NodeRunStatus;
  /** From the run's start. */
  offsetMs: number;
  durationMs: number;
}

export interface Timeline {
  bars: TimelineBar[];
  /** The span the chart covers: run start to its end (or now, or the last bar's end). */
  totalMs: number;
}

export function timelineOf(overlay: RunOverlay, labels: ReadonlyMap<string, string>, now: number): Timeline {
  const started = Object.values(overlay.nodes)
    .map((state) => Date.parse(state.startedAt ?? ""))
    .filter((t) => !Number.isNaN(t));
  const origin = Date.parse(overlay.startedAt ?? "") || Math.min(...started, now);
  const bars: TimelineBar[] = [];
  for (const [nodeId, state] of Object.entries(overlay.nodes)) {
    const start = Date.parse(state.startedAt ?? "");
    if (Number.isNaN(start)) continue;
    const end = state.finishedAt !== null ? Date.parse(state.finishedAt) : state.status === "RUNNING" ? now : start;
    bars.push({
      nodeId,
      label: labels.get(nodeId) ?? nodeId,
      status: state.status,
      offsetMs: Math.max(0, start - origin),
      durationMs: Math.max(0, end - start),
    });
  }
  bars.sort((a, b) => a.offsetMs - b.offsetMs || a.label.localeCompare(b.label));
  const runEnd = overlay.finishedAt !== null ? Date.parse(overlay.finishedAt) - origin : now - origin;
  const lastBar = Math.max(0, ...bars.map((bar) => bar.offsetMs + bar.durationMs));
  return { bars, totalMs: Math.max(1, runEnd, lastBar) };
}
