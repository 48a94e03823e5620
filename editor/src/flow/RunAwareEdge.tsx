import { BaseEdge, getBezierPath, type EdgeProps } from "@xyflow/react";
import { memo } from "react";
import { useNodeRunState } from "../run/overlay-context";
import { useEdgeHasIssues } from "./issues-context";

/**
 * The default edge, animated while its source step runs and flagged when a validation issue names it. Both come
 * from the overlay and issue stores, not from the edge objects, so the saved pipeline never holds them.
 */
export const RunAwareEdge = memo(function RunAwareEdge(props: EdgeProps) {
  const [path] = getBezierPath(props);
  const sourceStatus = useNodeRunState(props.source).status;
  const invalid = useEdgeHasIssues(props.id);
  const className = [
    "run-edge",
    sourceStatus === "RUNNING" ? "run-edge--flowing" : "",
    sourceStatus === "SUCCEEDED" ? "run-edge--done" : "",
    invalid ? "run-edge--invalid" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <BaseEdge
      id={props.id}
      path={path}
      className={className}
      {...(props.markerEnd !== undefined ? { markerEnd: props.markerEnd } : {})}
      {...(props.style !== undefined ? { style: props.style } : {})}
      {...(props.interactionWidth !== undefined ? { interactionWidth: props.interactionWidth } : {})}
    />
  );
});
