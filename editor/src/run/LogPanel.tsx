import { memo, useEffect, useMemo, useRef, useState } from "react";
import { formatDateTime } from "../ui/format-time";
import { filterRunLogs } from "./log-filter";
import { useOverlay } from "./overlay-context";
import type { RunLogLevel, RunLogLine, RunOverlay } from "./run-overlay";

const selectLogs = (overlay: RunOverlay | null) => overlay?.logs ?? NO_LINES;
const NO_LINES: RunOverlay["logs"] = [];
const LEVELS: readonly RunLogLevel[] = ["DEBUG", "INFO", "WARN", "ERROR"];

/** The run's log as it streams, filterable by step and level; follows new lines while scrolled to the bottom. */
export function LogPanel({ nodes }: { nodes: ReadonlyArray<{ id: string; label: string }> }) {
  const lines = useOverlay(selectLogs);
  const [nodeId, setNodeId] = useState<string | null>(null);
  const [minLevel, setMinLevel] = useState<RunLogLevel>("DEBUG");
  const shown = useMemo(() => filterRunLogs(lines, { nodeId, minLevel }), [lines, nodeId, minLevel]);
  const labels = useMemo(() => new Map(nodes.map((n) => [n.id, n.label])), [nodes]);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useEffect(() => {
    const element = scroller.current;
    if (element !== null && following.current) element.scrollTop = element.scrollHeight;
  }, [shown]);

  return (
    <div className="log-panel">
      <div className="log-panel__filters">
        <label className="field field--inline">
          <span>Step</span>
          <select
            className="input"
            value={nodeId ?? ""}
            onChange={(event) => setNodeId(event.target.value === "" ? null : event.target.value)}
          >
            <option value="">All steps</option>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--inline">
          <span>Level</span>
          <select
            className="input"
            value={minLevel}
            onChange={(event) => setMinLevel(event.target.value as RunLogLevel)}
          >
            {LEVELS.map((level) => (
              <option key={level} value={level}>
                {level === "DEBUG" ? "All" : `${level} and above`}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {shown.length} of {lines.length} lines
        </span>
      </div>
      <div
        ref={scroller}
        className="log-lines"
        data-testid="run-logs"
        role="log"
        aria-live="polite"
        tabIndex={0}
        onScroll={(event) => {
          const el = event.currentTarget;
          following.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {shown.length === 0 ? (
          <p className="muted">No log lines{lines.length > 0 ? " match the filters" : " yet"}.</p>
        ) : (
          shown.map((line) => (
            <LogLineRow
              key={line.seq}
              line={line}
              source={line.nodeId === null ? "run" : (labels.get(line.nodeId) ?? line.nodeId)}
            />
          ))
        )}
      </div>
    </div>
  );
}

/** One line; memoised, so a new line re-renders only itself, not the hundreds above it. */
const LogLineRow = memo(function LogLineRow({ line, source }: { line: RunLogLine; source: string }) {
  return (
    <div className="log-line" data-level={line.level}>
      <time dateTime={line.at} title={formatDateTime(line.at)}>
        {line.at.slice(11, 23)}
      </time>
      <span className="log-line__level">{line.level}</span>
      <span className="log-line__source">{source}</span>
      <span className="log-line__message">{line.message}</span>
    </div>
  );
});
