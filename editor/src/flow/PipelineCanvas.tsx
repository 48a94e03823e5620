import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useEdgesState,
  useNodesState,
  type DefaultEdgeOptions,
  type NodeMouseHandler,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useState } from "react";
import { CATEGORY_STYLES } from "./categories";
import { withVisiblePositions } from "./layout";
import { edgeTypes, nodeTypes } from "./node-types";
import { toFlow, type Dag, type StepFlowNode, type StepKindInfo } from "./to-flow";

// Module-level constants: React Flow compares these props by identity.
const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed } };
const fitViewOptions = { padding: 0.2, maxZoom: 1.25 };
const MINIMAP_STYLE = { width: 160, height: 100 };
const minimapNodeColor = (node: StepFlowNode): string => CATEGORY_STYLES[node.data.category].color;

/**
 * A DAG drawn read-only (a run's snapshot): pan, zoom and select a step to inspect it, no editing. Run state comes
 * from the overlay context, not from the nodes. The DAG is read once, on mount: key the component to redraw.
 */
export function PipelineCanvas({
  dag,
  stepKinds,
  onSelectNode,
}: {
  dag: Dag;
  stepKinds: readonly StepKindInfo[];
  onSelectNode?: (nodeId: string | null) => void;
}) {
  const [initial] = useState(() => toFlow(withVisiblePositions(dag), stepKinds));
  // React Flow state, even read-only: node changes carry the measured sizes the minimap and edges depend on.
  const [nodes, , onNodesChange] = useNodesState(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  const onNodeClick = useCallback<NodeMouseHandler<StepFlowNode>>(
    (_event, node) => onSelectNode?.(node.id),
    [onSelectNode],
  );
  const onPaneClick = useCallback(() => onSelectNode?.(null), [onSelectNode]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onNodeClick={onNodeClick}
      onPaneClick={onPaneClick}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      colorMode="dark"
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesReconnectable={false}
      elementsSelectable={onSelectNode !== undefined}
      deleteKeyCode={null}
    >
      <Background gap={24} />
      <MiniMap<StepFlowNode>
        nodeColor={minimapNodeColor}
        pannable
        zoomable
        ariaLabel="Pipeline overview"
        style={MINIMAP_STYLE}
      />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
