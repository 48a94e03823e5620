import { useEffect, useMemo, useState } from "react";
import { STATUS_LABELS } from "../flow/StatusIcon";
import { formatDuration } from "../ui/format-number";
import { useOverlay } from "./overlay-context";
import type { RunOverlay } from "./run-overlay";
import { timelineOf } from "./timeline";

const selectOverlay = (overlay: RunOverlay | null) => overlay;

/** A Gantt chart of the run's steps: when each started and how long it took, updating while the run goes. */
export function TimelineChart({ nodes }: { nodes: ReadonlyArray<{ id: string; label: string }> }) {
  const overlay = useOverlay(selectOverlay);
  const running = overlay !== null && (overlay.status === "RUNNING" || overlay.status === "QUEUED");
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return undefined;
    // Running bars grow with time, not only with events.
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running]);
  const labels = useMemo(() => new Map(nodes.map((n) => [n.id, n.label])), [nodes]);
  if (overlay === null) return null;
  const timeline = timelineOf(overlay, labels, running ? now : Date.now());
  if (timeline.bars.length === 0) return <p className="muted">No step has started yet.</p>;
  return (
    <div className="timeline" data-testid="run-timeline">
      <div className="timeline__scale" aria-hidden="true">
        <span>0</span>
        <span>{formatDuration(timeline.totalMs / 2)}</span>
        <span>{formatDuration(timeline.totalMs)}</span>
      </div>
      <ol className="timeline__rows">
        {timeline.bars.map((bar) => (
          <li key={bar.nodeId} className="timeline__row">
            <span className="timeline__label" title={bar.label}>
              {bar.label}
            </span>
            <span className="timeline__track">
              <span
                className="timeline__bar"
                data-status={bar.status}
                style={{
                  left: `${(bar.offsetMs / timeline.totalMs) * 100}%`,
                  width: `max(2px, ${(bar.durationMs / timeline.totalMs) * 100}%)`,
                }}
                title={`${bar.label}: ${STATUS_LABELS[bar.status]}, ${formatDuration(bar.durationMs)} (from +${formatDuration(bar.offsetMs)})`}
              />
            </span>
            <span className="timeline__duration">{formatDuration(bar.durationMs)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
