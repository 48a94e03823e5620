import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { memo, type CSSProperties } from "react";
import { useNodeRunState } from "../run/overlay-context";
import { formatCount, formatDuration } from "../ui/format-number";
import { CATEGORY_STYLES } from "./categories";
import { CategoryIcon } from "./CategoryIcon";
import { useNodeIssues } from "./issues-context";
import { STATUS_LABELS, StatusIcon } from "./StatusIcon";
import type { StepFlowNode } from "./to-flow";

/** Below this zoom a step is drawn as a plain box with its label: nothing finer is readable, and with hundreds of
 * steps on screen the saved paint time keeps dragging smooth. */
export const FAR_ZOOM = 0.45;
const selectFar = (state: ReactFlowState): boolean => state.transform[2] < FAR_ZOOM;

/**
 * One pipeline step on the canvas. Memoised; besides its own props it reads only its own slice of the run overlay
 * and of the validation issues (selectors on external stores), so a run event about one step re-renders one node.
 */
export const StepNode = memo(function StepNode({ id, data }: NodeProps<StepFlowNode>) {
  const category = CATEGORY_STYLES[data.category];
  const run = useNodeRunState(id);
  const issues = useNodeIssues(id);
  // The default input first: React Flow attaches handle-less edges to a node's first input handle.
  const inputs: Array<string | null> = data.hasInput ? [null, ...data.inputHandles] : data.inputHandles;
  const far = useStore(selectFar);
  const showStats = run.status !== "IDLE" && run.status !== "QUEUED" && run.status !== "SKIPPED";
  const handles = (
    <>
      {inputs.map((handle, index) => (
        <Handle
          key={handle === null ? "default" : `named:${handle}`}
          // No id = the default input, which edges without a `targetHandle` attach to.
          {...(handle === null ? {} : { id: handle, title: `Input “${handle}”` })}
          type="target"
          position={Position.Left}
          style={{ top: `${((index + 1) / (inputs.length + 1)) * 100}%` }}
        />
      ))}
      {data.hasOutput && <Handle type="source" position={Position.Right} />}
    </>
  );
  if (far) {
    return (
      <div
        className="step-node step-node--far"
        data-testid={`node-${id}`}
        data-status={run.status}
        data-category={data.category}
        data-invalid={issues.length > 0 ? "true" : undefined}
        style={{ "--category-color": category.color } as CSSProperties}
      >
        {handles}
        <div className="step-node__label">{data.label}</div>
      </div>
    );
  }
  return (
    <div
      className="step-node"
      data-testid={`node-${id}`}
      data-status={run.status}
      data-category={data.category}
      data-invalid={issues.length > 0 ? "true" : undefined}
      style={{ "--category-color": category.color } as CSSProperties}
    >
      {handles}
      <div className="step-node__header">
        <div className="step-node__category">
          <CategoryIcon category={data.category} />
          <span>{category.name}</span>
        </div>
        {run.status !== "IDLE" && (
          <span className="step-node__status" title={STATUS_LABELS[run.status]}>
            <StatusIcon status={run.status} />
            <span className="visually-hidden">{STATUS_LABELS[run.status]}</span>
          </span>
        )}
      </div>
      <div className="step-node__label">{data.label}</div>
      <div className="step-node__title" title={`Step kind: ${data.kind}`}>
        {data.title}
      </div>
      {showStats && (
        <div className="step-node__stats" data-testid={`node-stats-${id}`}>
          {run.attempt > 1 && <span title="Attempt">#{run.attempt}</span>}
          {(run.rowsIn !== null || run.rowsOut !== null) && (
            <span title="Rows in → rows out">
              {run.rowsIn === null ? "–" : formatCount(run.rowsIn)} →{" "}
              {run.rowsOut === null ? "…" : formatCount(run.rowsOut)}
            </span>
          )}
          {run.durationMs !== null && <span title="Duration">{formatDuration(run.durationMs)}</span>}
        </div>
      )}
      {run.status === "FAILED" && run.error !== null && (
        <div className="step-node__error" role="note" title={run.error}>
          {run.error}
        </div>
      )}
      {issues.length > 0 && (
        <div className="step-node__issues" role="note" title={issues.map((i) => i.message).join("\n")}>
          {issues.length === 1 ? issues[0]!.message : `${issues.length} problems: ${issues[0]!.message}`}
        </div>
      )}
    </div>
  );
});
