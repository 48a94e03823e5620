import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useEdgesState,
  useNodesState,
  type DefaultEdgeOptions,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useState } from "react";
import { CATEGORY_STYLES } from "./categories";
import { nodeTypes } from "./node-types";
import { toFlow, type Dag, type StepFlowNode, type StepKindInfo } from "./to-flow";

// Module-level constants: React Flow compares these props by identity.
const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed } };
const fitViewOptions = { padding: 0.2, maxZoom: 1.25 };
const minimapNodeColor = (node: StepFlowNode): string => CATEGORY_STYLES[node.data.category].color;

/**
 * A pipeline's DAG drawn read-only: pan and zoom, no editing. The DAG is read once, on mount: key the component
 * by pipeline version to redraw a newer one.
 */
export function PipelineCanvas({ dag, stepKinds }: { dag: Dag; stepKinds: readonly StepKindInfo[] }) {
  const [initial] = useState(() => toFlow(dag, stepKinds));
  // React Flow state, even read-only: node changes carry the measured sizes the minimap and edges depend on.
  const [nodes, , onNodesChange] = useNodesState(initial.nodes);
  const [edges, , onEdgesChange] = useEdgesState(initial.edges);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      nodeTypes={nodeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      colorMode="dark"
      fitView
      fitViewOptions={fitViewOptions}
      nodesDraggable={false}
      nodesConnectable={false}
      edgesReconnectable={false}
      elementsSelectable={false}
      deleteKeyCode={null}
    >
      <Background gap={24} />
      <MiniMap<StepFlowNode> nodeColor={minimapNodeColor} pannable zoomable ariaLabel="Pipeline overview" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
