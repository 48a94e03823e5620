import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo, type CSSProperties } from "react";
import { CATEGORY_STYLES } from "./categories";
import { CategoryIcon } from "./CategoryIcon";
import type { StepFlowNode } from "./to-flow";

/**
 * One pipeline step on the canvas. Memoised, and it reads only its own props: React Flow re-renders a node when
 * that node changes, not when any other does.
 */
export const StepNode = memo(function StepNode({ id, data }: NodeProps<StepFlowNode>) {
  const category = CATEGORY_STYLES[data.category];
  // The default input first: React Flow attaches handle-less edges to a node's first input handle.
  const inputs: Array<string | null> = data.hasInput ? [null, ...data.inputHandles] : data.inputHandles;
  return (
    <div
      className="step-node"
      data-testid={`node-${id}`}
      // Run status arrives with the live-run overlay; until then every step is idle. The pipeline never holds it.
      data-status="IDLE"
      data-category={data.category}
      style={{ "--category-color": category.color } as CSSProperties}
    >
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
      <div className="step-node__category">
        <CategoryIcon category={data.category} />
        <span>{category.name}</span>
      </div>
      <div className="step-node__label">{data.label}</div>
      <div className="step-node__title" title={`Step kind: ${data.kind}`}>
        {data.title}
      </div>
      {data.hasOutput && <Handle type="source" position={Position.Right} />}
    </div>
  );
});
