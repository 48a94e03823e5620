/**
 * The pipeline editor's state and its pure reducer. Every edit is an action; React Flow's change events
 * (`NodeChange`/`EdgeChange`) are actions too, applied with xyflow's own `applyNodeChanges`/`applyEdgeChanges`.
 *
 * The state holds the pipeline being edited and nothing of any run: a run's live state is a separate overlay
 * (run/run-overlay.ts), so it can never end up in what is saved.
 *
 * Undo/redo keeps whole snapshots (nodes and edges arrays are shared structurally, so a snapshot costs two arrays).
 * Changes that do not alter the pipeline (selection, measured sizes) are applied without a history entry and do
 * not make the pipeline dirty. "Dirty" compares revisions: every pipeline change gets a new revision, undo and
 * redo restore the revision they go back to, so undoing back to what was saved is clean again.
 */
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { ExecutionInput, StepFlowEdge, StepFlowNode } from "./to-flow";
import { uniqueId } from "./unique-id";

/** How many steps back undo can go. */
export const HISTORY_LIMIT = 100;

interface Snapshot {
  nodes: StepFlowNode[];
  edges: StepFlowEdge[];
  revision: number;
}

export interface EditorState {
  nodes: StepFlowNode[];
  edges: StepFlowEdge[];
  /** Identifies the pipeline content now shown; changes with every pipeline change. */
  revision: number;
  /** The revision the server has (after load or the last save). */
  savedRevision: number;
  /** The next revision number to hand out (never reused, so an undone revision cannot come back as another). */
  nextRevision: number;
  past: Snapshot[];
  future: Snapshot[];
  /** Consecutive changes with the same key (a drag, typing in one field) make a single undo step. */
  coalesceKey: string | null;
}

export type EditorAction =
  | { type: "nodesChanged"; changes: NodeChange<StepFlowNode>[] }
  | { type: "edgesChanged"; changes: EdgeChange<StepFlowEdge>[] }
  | { type: "connect"; edge: { source: string; target: string; targetHandle?: string | null | undefined } }
  | { type: "addNode"; node: StepFlowNode }
  | { type: "deleteSelection" }
  | { type: "deleteElements"; nodeIds: readonly string[]; edgeIds?: readonly string[] }
  | { type: "duplicate"; nodeIds: readonly string[]; offset?: { x: number; y: number } }
  | {
      type: "updateNode";
      nodeId: string;
      patch: { label?: string; config?: Record<string, unknown>; execution?: ExecutionInput | null };
      /** Merge into the previous undo step when it had the same key (e.g. `config:<nodeId>` while typing). */
      coalesceKey?: string;
    }
  | { type: "moveNodes"; positions: ReadonlyMap<string, { x: number; y: number }> }
  | { type: "replaceDag"; nodes: StepFlowNode[]; edges: StepFlowEdge[] }
  | { type: "saved"; nodes: StepFlowNode[]; edges: StepFlowEdge[]; revisionAtSave: number }
  | { type: "reset"; nodes: StepFlowNode[]; edges: StepFlowEdge[] }
  | { type: "select"; nodeIds: readonly string[] }
  | { type: "undo" }
  | { type: "redo" };

/** A fresh editor on a pipeline as loaded: clean, no history. */
export function initialEditorState(nodes: StepFlowNode[], edges: StepFlowEdge[]): EditorState {
  return { nodes, edges, revision: 0, savedRevision: 0, nextRevision: 1, past: [], future: [], coalesceKey: null };
}

/** Whether the pipeline differs from what the server has. */
export const isDirty = (state: EditorState): boolean => state.revision !== state.savedRevision;

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case "nodesChanged":
      return nodesChanged(state, action.changes);
    case "edgesChanged": {
      const structural = action.changes.some((c) => c.type !== "select");
      const edges = applyEdgeChanges(action.changes, state.edges);
      return structural ? commit(state, { edges }) : { ...state, edges };
    }
    case "connect": {
      const { source, target } = action.edge;
      const handle = action.edge.targetHandle ?? null;
      if (state.edges.some((e) => e.source === source && e.target === target && (e.targetHandle ?? null) === handle)) {
        return state;
      }
      const base = handle === null ? `${source}-${target}` : `${source}-${target}-${handle}`;
      const id = uniqueId(base, new Set(state.edges.map((e) => e.id)));
      const edge: StepFlowEdge = { id, source, target, ...(handle !== null ? { targetHandle: handle } : {}) };
      return commit(state, { edges: [...state.edges, edge] });
    }
    case "addNode":
      if (state.nodes.some((n) => n.id === action.node.id)) return state;
      return commit(state, {
        nodes: [...state.nodes.map(deselect), { ...action.node, selected: true }],
        edges: state.edges.map(deselect),
      });
    case "deleteSelection":
      return deleteElements(
        state,
        new Set(state.nodes.filter((n) => n.selected === true).map((n) => n.id)),
        new Set(state.edges.filter((e) => e.selected === true).map((e) => e.id)),
      );
    case "deleteElements":
      return deleteElements(state, new Set(action.nodeIds), new Set(action.edgeIds ?? []));
    case "duplicate":
      return duplicate(state, action.nodeIds, action.offset ?? { x: 40, y: 40 });
    case "updateNode": {
      const index = state.nodes.findIndex((n) => n.id === action.nodeId);
      const node = state.nodes[index];
      if (node === undefined) return state;
      const data = { ...node.data, ...action.patch };
      const nodes = state.nodes.slice();
      nodes[index] = { ...node, data, ...(action.patch.label !== undefined ? { ariaLabel: ariaOf(data) } : {}) };
      return commit(state, { nodes }, action.coalesceKey ?? null);
    }
    case "moveNodes": {
      let moved = false;
      const nodes = state.nodes.map((n) => {
        const position = action.positions.get(n.id);
        if (position === undefined || (position.x === n.position.x && position.y === n.position.y)) return n;
        moved = true;
        return { ...n, position };
      });
      return moved ? commit(state, { nodes }) : state;
    }
    case "replaceDag":
      return commit(state, { nodes: action.nodes, edges: action.edges });
    case "saved":
      return saved(state, action);
    case "reset":
      return initialEditorState(action.nodes, action.edges);
    case "select": {
      const ids = new Set(action.nodeIds);
      return {
        ...state,
        nodes: state.nodes.map((n) => withSelected(n, ids.has(n.id))),
        edges: state.edges.map(deselect),
      };
    }
    case "undo":
      return travel(state, "back");
    case "redo":
      return travel(state, "forward");
  }
}

function nodesChanged(state: EditorState, changes: readonly NodeChange<StepFlowNode>[]): EditorState {
  const nodes = applyNodeChanges(changes as NodeChange<StepFlowNode>[], state.nodes);
  if (changes.some((c) => c.type === "remove" || c.type === "add" || c.type === "replace")) {
    return commit(state, { nodes });
  }
  const dragging = changes.some((c) => c.type === "position" && c.dragging === true);
  const dragEnded = changes.some((c) => c.type === "position" && c.dragging === false);
  // After a drag ends, the next change starts a new undo step.
  const keyAfter = (key: string | null): string | null => (dragEnded && key === "drag" ? null : key);
  if (changes.some((c) => movesNode(state.nodes, c))) {
    // A drag sends a change per frame and one with dragging=false at the end: one undo step for all of it.
    const key = dragging || state.coalesceKey === "drag" ? "drag" : "move";
    const next = commit(state, { nodes }, key);
    return { ...next, coalesceKey: keyAfter(key) };
  }
  // Selection, measured sizes, a click that moved nothing: view state, not the pipeline.
  return { ...state, nodes, coalesceKey: keyAfter(state.coalesceKey) };
}

/** Whether a change puts a node somewhere new (a click on a node sends "drag" changes that move nothing). */
function movesNode(nodes: readonly StepFlowNode[], change: NodeChange<StepFlowNode>): boolean {
  if (change.type !== "position" || change.position === undefined) return false;
  const node = nodes.find((n) => n.id === change.id);
  return node === undefined || node.position.x !== change.position.x || node.position.y !== change.position.y;
}

/** Applies a pipeline change: new revision, an undo step (unless coalesced), redo cleared. */
function commit(
  state: EditorState,
  change: { nodes?: StepFlowNode[]; edges?: StepFlowEdge[] },
  coalesceKey: string | null = null,
): EditorState {
  const coalesce = coalesceKey !== null && coalesceKey === state.coalesceKey;
  const past = coalesce
    ? state.past
    : [...state.past, { nodes: state.nodes, edges: state.edges, revision: state.revision }].slice(-HISTORY_LIMIT);
  return {
    ...state,
    nodes: change.nodes ?? state.nodes,
    edges: change.edges ?? state.edges,
    revision: state.nextRevision,
    nextRevision: state.nextRevision + 1,
    past,
    future: [],
    coalesceKey,
  };
}

function travel(state: EditorState, direction: "back" | "forward"): EditorState {
  const from = direction === "back" ? state.past : state.future;
  const target = from[from.length - 1];
  if (target === undefined) return state;
  const current: Snapshot = { nodes: state.nodes, edges: state.edges, revision: state.revision };
  const rest = from.slice(0, -1);
  // Measured sizes and selection are the canvas's now: keep them on the nodes that come back.
  const now = new Map(state.nodes.map((n) => [n.id, n]));
  const nodes = target.nodes.map((n) => withViewStateOf(n, now.get(n.id)));
  return {
    ...state,
    nodes,
    edges: target.edges,
    revision: target.revision,
    past: direction === "back" ? rest : [...state.past, current],
    future: direction === "back" ? [...state.future, current] : rest,
    coalesceKey: null,
  };
}

function deleteElements(state: EditorState, nodeIds: ReadonlySet<string>, edgeIds: ReadonlySet<string>): EditorState {
  if (nodeIds.size === 0 && edgeIds.size === 0) return state;
  const nodes = state.nodes.filter((n) => !nodeIds.has(n.id));
  // An edge goes with either of its ends.
  const edges = state.edges.filter((e) => !edgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target));
  if (nodes.length === state.nodes.length && edges.length === state.edges.length) return state;
  return commit(state, { nodes, edges });
}

function duplicate(state: EditorState, ids: readonly string[], offset: { x: number; y: number }): EditorState {
  const chosen = new Set(ids);
  const originals = state.nodes.filter((n) => chosen.has(n.id));
  if (originals.length === 0) return state;
  const taken = new Set(state.nodes.map((n) => n.id));
  const copyOf = new Map<string, string>();
  const copies = originals.map((node): StepFlowNode => {
    const id = uniqueId(node.id.replace(/-\d+$/, ""), taken);
    taken.add(id);
    copyOf.set(node.id, id);
    const data = { ...node.data, label: `${node.data.label} (copy)` };
    return {
      id,
      type: node.type,
      position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
      data,
      ariaLabel: ariaOf(data),
      selected: true,
    };
  });
  // Edges between duplicated steps are duplicated too, so a copied chain stays a chain.
  const edgeIds = new Set(state.edges.map((e) => e.id));
  const copiedEdges = state.edges.flatMap((edge): StepFlowEdge[] => {
    const source = copyOf.get(edge.source);
    const target = copyOf.get(edge.target);
    if (source === undefined || target === undefined) return [];
    const id = uniqueId(`${source}-${target}`, edgeIds);
    edgeIds.add(id);
    return [{ id, source, target, ...(edge.targetHandle != null ? { targetHandle: edge.targetHandle } : {}) }];
  });
  return commit(state, {
    nodes: [...state.nodes.map(deselect), ...copies],
    edges: [...state.edges.map(deselect), ...copiedEdges],
  });
}

function saved(state: EditorState, action: Extract<EditorAction, { type: "saved" }>): EditorState {
  if (state.revision !== action.revisionAtSave) {
    // Edited while the save was in flight: keep those edits (still unsaved) and remember what the server has.
    return { ...state, savedRevision: action.revisionAtSave };
  }
  // The server's copy (normalised: default labels, edge ids) becomes the content, under the same revision.
  const now = new Map(state.nodes.map((n) => [n.id, n]));
  const nodes = action.nodes.map((n) => withViewStateOf(n, now.get(n.id)));
  const selectedEdges = new Set(state.edges.filter((e) => e.selected === true).map((e) => e.id));
  const edges = action.edges.map((e) => (selectedEdges.has(e.id) ? { ...e, selected: true } : e));
  return { ...state, nodes, edges, savedRevision: state.revision };
}

/** `node` with the canvas's view state (measured size, selection) of `live`, the same node as shown now. */
function withViewStateOf(node: StepFlowNode, live: StepFlowNode | undefined): StepFlowNode {
  if (live === undefined) return node;
  const copy: StepFlowNode = { ...node };
  if (live.measured !== undefined) copy.measured = live.measured;
  if (live.selected !== undefined) copy.selected = live.selected;
  return copy;
}

function deselect<T extends { selected?: boolean }>(item: T): T {
  return item.selected === true ? { ...item, selected: false } : item;
}

function withSelected<T extends { selected?: boolean }>(item: T, selected: boolean): T {
  return (item.selected === true) === selected ? item : { ...item, selected };
}

function ariaOf(data: StepFlowNode["data"]): string {
  return `${data.title}: ${data.label}`;
}
