/**
 * The pipeline DAG ⇄ React Flow conversion. Pure: the canvas, the future editor and the tests share it.
 * React Flow state carries what the canvas needs to draw a step (title, category, handles); `fromFlow` keeps only
 * what the API stores, so a round trip gives back the pipeline's own DAG.
 */
import { Position, type Edge, type Node } from "@xyflow/react";
import type { StepCategory } from "../graphql/generated/graphql";

/** How the engine runs a node (retries, timeout); unset fields take the engine's defaults. */
export interface NodeExecutionSettings {
  maxAttempts?: number | null | undefined;
  backoffMs?: number | null | undefined;
  timeoutMs?: number | null | undefined;
}

/** A pipeline node as the API returns it (extra fields such as `__typename` are ignored). */
export interface DagNode {
  id: string;
  kind: string;
  label: string;
  config: Record<string, unknown>;
  position: { x: number; y: number };
  execution?: NodeExecutionSettings | null | undefined;
}

/** A pipeline edge as the API returns it. */
export interface DagEdge {
  id: string;
  source: string;
  target: string;
  targetHandle?: string | null | undefined;
}

/** A pipeline's DAG: a `Pipeline` or a run's `RunDag` snapshot. */
export interface Dag {
  nodes: readonly DagNode[];
  edges: readonly DagEdge[];
}

/** What the canvas needs to know of a step kind (a subset of `StepKind`). */
export interface StepKindInfo {
  id: string;
  title: string;
  category: StepCategory;
  maxInputs: number;
  hasOutput: boolean;
}

/** A kind the catalog does not know (removed, or from a newer API) still renders, flagged as such. */
export type NodeCategory = StepCategory | "UNKNOWN";

/** The data of a "step" node. A type alias, not an interface: React Flow requires `Record<string, unknown>`. */
export type StepNodeData = {
  label: string;
  kind: string;
  /** The kind's title, or the kind id when the kind is unknown. */
  title: string;
  category: NodeCategory;
  config: Record<string, unknown>;
  /** Retries and timeout; null = the engine's defaults. */
  execution: ExecutionInput | null;
  /** Whether to draw the default input handle. */
  hasInput: boolean;
  /** Named input handles that incoming edges attach to, in order of first use. */
  inputHandles: string[];
  hasOutput: boolean;
};

export type StepFlowNode = Node<StepNodeData, "step">;
export type StepFlowEdge = Edge;

/** `NodeExecutionInput`: only the settings that are set. */
export interface ExecutionInput {
  maxAttempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
}

/** The `UpdatePipelineInput`-shaped nodes and edges `fromFlow` returns. */
export interface DagInput {
  nodes: Array<{
    id: string;
    kind: string;
    label: string;
    config: Record<string, unknown>;
    position: { x: number; y: number };
    execution?: ExecutionInput;
  }>;
  edges: Array<{ id: string; source: string; target: string; targetHandle?: string }>;
}

/** A step node's size before it is measured (see `.step-node` in app.css) and its handles' size. */
export const ESTIMATED_NODE_SIZE = { width: 210, height: 80, handle: 9 } as const;

export interface ToFlowOptions {
  /**
   * Give every node its size and handle positions up front (estimated from the node's CSS). React Flow renders a
   * node without known handles even off screen, to measure it; with these, `onlyRenderVisibleElements` renders
   * only what is on screen from the first frame. For large pipelines; edges may end a few pixels off a handle.
   */
  estimatedGeometry?: boolean;
}

/** The React Flow nodes and edges that draw a pipeline's DAG. */
export function toFlow(
  dag: Dag,
  stepKinds: readonly StepKindInfo[],
  options: ToFlowOptions = {},
): { nodes: StepFlowNode[]; edges: StepFlowEdge[] } {
  const kinds = new Map(stepKinds.map((kind) => [kind.id, kind]));
  const wiring = wiringOf(dag.edges);

  const nodes = dag.nodes.map((node): StepFlowNode => {
    const kind = kinds.get(node.kind);
    const wires = wiring.get(node.id);
    const hasInput = kind === undefined || kind.maxInputs > 0 || wires?.defaultInput === true;
    const inputHandles = wires?.namedInputs ?? [];
    const hasOutput = kind === undefined || kind.hasOutput || wires?.output === true;
    return {
      ...(options.estimatedGeometry === true ? estimatedGeometry(hasInput, inputHandles, hasOutput) : {}),
      id: node.id,
      type: "step",
      // Copied field by field: query results carry `__typename`, which an input object must not.
      position: { x: node.position.x, y: node.position.y },
      ariaLabel: `${kind?.title ?? node.kind}: ${node.label}`,
      data: {
        label: node.label,
        kind: node.kind,
        title: kind?.title ?? node.kind,
        category: kind?.category ?? "UNKNOWN",
        config: node.config,
        execution: executionInput(node.execution),
        // Unknown kinds get both sides, so none of their edges is left without an end to draw.
        hasInput,
        inputHandles,
        hasOutput,
      },
    };
  });

  const edges = dag.edges.map((edge): StepFlowEdge => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    ...(edge.targetHandle != null ? { targetHandle: edge.targetHandle } : {}),
  }));
  return { nodes, edges };
}

/** The pipeline DAG a React Flow state describes, ready for `UpdatePipelineInput`. Inverse of `toFlow`. */
export function fromFlow(nodes: readonly StepFlowNode[], edges: readonly StepFlowEdge[]): DagInput {
  return {
    nodes: nodes.map((node) => ({
      id: node.id,
      kind: node.data.kind,
      label: node.data.label,
      config: node.data.config,
      position: { x: node.position.x, y: node.position.y },
      ...(node.data.execution !== null ? { execution: node.data.execution } : {}),
    })),
    edges: edges.map((edge) => ({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      ...(edge.targetHandle != null ? { targetHandle: edge.targetHandle } : {}),
    })),
  };
}

/** The set execution settings without `__typename` or nulls; null when none is set. */
export function executionInput(settings: NodeExecutionSettings | null | undefined): ExecutionInput | null {
  if (settings == null) return null;
  const input: ExecutionInput = {};
  if (settings.maxAttempts != null) input.maxAttempts = settings.maxAttempts;
  if (settings.backoffMs != null) input.backoffMs = settings.backoffMs;
  if (settings.timeoutMs != null) input.timeoutMs = settings.timeoutMs;
  return Object.keys(input).length > 0 ? input : null;
}

/** Size and handle bounds as StepNode draws them: inputs spread down the left side, the output mid-right. */
function estimatedGeometry(
  hasInput: boolean,
  inputHandles: readonly string[],
  hasOutput: boolean,
): Pick<StepFlowNode, "initialWidth" | "initialHeight" | "handles"> {
  const { width, height, handle } = ESTIMATED_NODE_SIZE;
  const inputs: Array<string | null> = hasInput ? [null, ...inputHandles] : [...inputHandles];
  const handles: NonNullable<StepFlowNode["handles"]> = inputs.map((id, index) => ({
    id,
    type: "target",
    position: Position.Left,
    x: -handle / 2,
    y: ((index + 1) / (inputs.length + 1)) * height - handle / 2,
    width: handle,
    height: handle,
  }));
  if (hasOutput) {
    handles.push({
      id: null,
      type: "source",
      position: Position.Right,
      x: width - handle / 2,
      y: height / 2 - handle / 2,
      width: handle,
      height: handle,
    });
  }
  return { initialWidth: width, initialHeight: height, handles };
}

interface NodeWiring {
  defaultInput: boolean;
  namedInputs: string[];
  output: boolean;
}

/** Per node, which handles its edges use: React Flow drops an edge whose handle the node does not render. */
function wiringOf(edges: readonly DagEdge[]): Map<string, NodeWiring> {
  const wiring = new Map<string, NodeWiring>();
  const of = (nodeId: string): NodeWiring => {
    let entry = wiring.get(nodeId);
    if (entry === undefined) {
      entry = { defaultInput: false, namedInputs: [], output: false };
      wiring.set(nodeId, entry);
    }
    return entry;
  };
  for (const edge of edges) {
    of(edge.source).output = true;
    const target = of(edge.target);
    if (edge.targetHandle == null) target.defaultInput = true;
    else if (!target.namedInputs.includes(edge.targetHandle)) target.namedInputs.push(edge.targetHandle);
  }
  return wiring;
}
