import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type DefaultEdgeOptions,
  type Edge,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnConnectEnd,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useState, type DragEvent, type MouseEvent as ReactMouseEvent } from "react";
import { CanvasReadyMark, markCanvasMountStart } from "../flow/CanvasReadyMark";
import { CATEGORY_STYLES } from "../flow/categories";
import { checkConnection, type ProposedEdge } from "../flow/connection-rules";
import { LARGE_PIPELINE_NODES, topLeftViewport } from "../flow/initial-viewport";
import { newStepNode } from "../flow/new-node";
import { edgeTypes, nodeTypes } from "../flow/node-types";
import type { StepFlowEdge, StepFlowNode } from "../flow/to-flow";
import { uniqueId } from "../flow/unique-id";
import { defaultConfigOf } from "../forms/config-validator";
import { selectEdges, selectNodes, useEditor, useEditorState } from "./editor-context";
import { STEP_DRAG_TYPE } from "./Palette";

// Module-level constants: React Flow compares these props by identity.
const defaultEdgeOptions: DefaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed } };
const fitViewOptions = { padding: 0.2, maxZoom: 1.25 };
const MINIMAP_STYLE = { width: 160, height: 100 };
const minimapNodeColor = (node: StepFlowNode): string => CATEGORY_STYLES[node.data.category].color;
const proOptions = { hideAttribution: false };

export type ContextMenuTarget =
  | { type: "node"; id: string; x: number; y: number }
  | { type: "edge"; id: string; x: number; y: number }
  | { type: "pane"; x: number; y: number };

/**
 * The editable canvas. The only component that reads the whole node and edge arrays (React Flow needs them); every
 * change it gets goes through the editor's reducer.
 */
export function EditorCanvas({ onContextMenu }: { onContextMenu: (target: ContextMenuTarget | null) => void }) {
  const { store, kinds, notify } = useEditor();
  const nodes = useEditorState(selectNodes);
  const edges = useEditorState(selectEdges);
  const flow = useReactFlow<StepFlowNode, StepFlowEdge>();
  // How the canvas opens, decided once: a loaded pipeline fits into view; an empty one keeps zoom 1 (or the first
  // step dropped would zoom the canvas); a large one renders only what is on screen (React Flow's guidance for
  // large graphs) and opens at a readable zoom on its sources.
  const [opening] = useState(() => {
    markCanvasMountStart();
    const initialNodes = store.getState().nodes;
    const large = initialNodes.length > LARGE_PIPELINE_NODES;
    return {
      fit: initialNodes.length > 0 && !large,
      large,
      viewport: large ? topLeftViewport(initialNodes) : undefined,
    };
  });

  const onNodesChange = useCallback(
    (changes: NodeChange<StepFlowNode>[]) => store.dispatch({ type: "nodesChanged", changes }),
    [store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<StepFlowEdge>[]) => store.dispatch({ type: "edgesChanged", changes }),
    [store],
  );
  const verdict = useCallback(
    (edge: ProposedEdge) => {
      const state = store.getState();
      return checkConnection(state.nodes, state.edges, edge, kinds);
    },
    [store, kinds],
  );
  const isValidConnection = useCallback<IsValidConnection<StepFlowEdge>>(
    (connection) => verdict(connection).ok,
    [verdict],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      const result = verdict(connection);
      if (result.ok) store.dispatch({ type: "connect", edge: connection });
      else notify({ tone: "error", message: result.reason });
    },
    [store, verdict, notify],
  );
  // A drop on a handle React Flow refused (isValidConnection false) never reaches onConnect: say why here.
  const onConnectEnd = useCallback<OnConnectEnd>(
    (_event, state) => {
      if (state.isValid !== false || state.fromNode === null || state.toNode === null) return;
      const fromSource = state.fromHandle?.type !== "target";
      const edge: ProposedEdge = fromSource
        ? { source: state.fromNode.id, target: state.toNode.id, targetHandle: state.toHandle?.id ?? null }
        : { source: state.toNode.id, target: state.fromNode.id, targetHandle: state.fromHandle?.id ?? null };
      const result = verdict(edge);
      if (!result.ok) notify({ tone: "error", message: `Not connected: ${result.reason}` });
    },
    [verdict, notify],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(STEP_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const kindId = event.dataTransfer.getData(STEP_DRAG_TYPE);
      const kind = kinds.get(kindId);
      if (kind === undefined) return;
      event.preventDefault();
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = uniqueId(kind.id.replace(/^extract_/, ""), new Set(store.getState().nodes.map((n) => n.id)));
      // Centred on the pointer (the node is about 210×80 before it is measured).
      const node = newStepNode(kind, id, { x: point.x - 105, y: point.y - 40 }, defaultConfigOf(kind.configSchema));
      store.dispatch({ type: "addNode", node });
    },
    [flow, kinds, store],
  );

  const onNodeContextMenu = useCallback(
    (event: ReactMouseEvent, node: StepFlowNode) => {
      event.preventDefault();
      if (node.selected !== true) store.dispatch({ type: "select", nodeIds: [node.id] });
      onContextMenu({ type: "node", id: node.id, x: event.clientX, y: event.clientY });
    },
    [onContextMenu, store],
  );
  const onEdgeContextMenu = useCallback(
    (event: ReactMouseEvent, edge: Edge) => {
      event.preventDefault();
      onContextMenu({ type: "edge", id: edge.id, x: event.clientX, y: event.clientY });
    },
    [onContextMenu],
  );
  const onPaneContextMenu = useCallback(
    (event: ReactMouseEvent | MouseEvent) => {
      event.preventDefault();
      onContextMenu({ type: "pane", x: event.clientX, y: event.clientY });
    },
    [onContextMenu],
  );
  const closeMenu = useCallback(() => onContextMenu(null), [onContextMenu]);
  const visibleOnly = opening.large || nodes.length > LARGE_PIPELINE_NODES;

  return (
    <ReactFlow<StepFlowNode, StepFlowEdge>
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      onConnect={onConnect}
      onConnectEnd={onConnectEnd}
      isValidConnection={isValidConnection}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      colorMode="dark"
      fitView={opening.fit}
      {...(opening.viewport !== undefined ? { defaultViewport: opening.viewport } : {})}
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      onlyRenderVisibleElements={visibleOnly}
      // Deletion, duplication and undo go through the editor's own keys (one undo step each).
      deleteKeyCode={null}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onNodeContextMenu={onNodeContextMenu}
      onEdgeContextMenu={onEdgeContextMenu}
      onPaneContextMenu={onPaneContextMenu}
      onPaneClick={closeMenu}
      onMoveStart={closeMenu}
      proOptions={proOptions}
    >
      <Background gap={24} />
      {/* The minimap redraws every step on every change: beyond a few hundred steps it costs more than a frame. */}
      {!visibleOnly && (
        <MiniMap<StepFlowNode>
          nodeColor={minimapNodeColor}
          pannable
          zoomable
          ariaLabel="Pipeline overview"
          style={MINIMAP_STYLE}
        />
      )}
      <Controls showInteractive={false} />
      <CanvasReadyMark />
    </ReactFlow>
  );
}
