import { STATUS_LABELS, StatusIcon } from "../flow/StatusIcon";
import { formatBytes, formatCount, formatDuration } from "../ui/format-number";
import { useNodeRunState } from "./overlay-context";

/** One step's state in the run on screen: status, attempts, rows, duration, and its error with location. */
export function NodeRunDetails({ nodeId, onPreview }: { nodeId: string; onPreview?: (nodeId: string) => void }) {
  const state = useNodeRunState(nodeId);
  if (state.status === "IDLE") return null;
  const location = state.errorLocation;
  return (
    <section className="node-run" data-status={state.status} aria-label="In this run">
      <h3 className="node-run__status">
        <StatusIcon status={state.status} />
        {STATUS_LABELS[state.status]}
        {state.attempt > 1 && <span className="muted"> · attempt {state.attempt}</span>}
      </h3>
      <dl className="facts facts--compact">
        {state.rowsIn !== null && (
          <div>
            <dt>Rows in</dt>
            <dd>{formatCount(state.rowsIn)}</dd>
          </div>
        )}
        {state.rowsOut !== null && (
          <div>
            <dt>Rows out</dt>
            <dd>{formatCount(state.rowsOut)}</dd>
          </div>
        )}
        {state.bytes !== null && (
          <div>
            <dt>Output</dt>
            <dd>{formatBytes(state.bytes)}</dd>
          </div>
        )}
        {state.durationMs !== null && (
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(state.durationMs)}</dd>
          </div>
        )}
      </dl>
      {state.error !== null && (
        <p className={state.status === "FAILED" ? "node-run__error" : "muted"} data-testid={`node-error-${nodeId}`}>
          {state.error}
          {location !== null && (
            <span className="node-run__location">
              {" "}
              ({[location.file, location.line, location.column].filter((part) => part !== undefined).join(":")})
            </span>
          )}
        </p>
      )}
      {state.status === "SUCCEEDED" && onPreview && (
        <button type="button" className="button" onClick={() => onPreview(nodeId)}>
          Preview output
        </button>
      )}
    </section>
  );
}
