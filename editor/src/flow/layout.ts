/** Auto-layout: the dagre adapter. Pure (dagre computes synchronously), so the editor applies it as one change. */
import dagre from "@dagrejs/dagre";

/** A node to place, with its drawn size (React Flow's `measured`, or a default before the first paint). */
export interface LayoutNode {
  id: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface LayoutOptions {
  /** LR: data flows left to right, as handles are drawn; TB: top to bottom. */
  direction?: "LR" | "TB";
  nodeGap?: number;
  rankGap?: number;
}

/** The size a step node has before React Flow has measured it (see `.step-node` in app.css). */
export const DEFAULT_NODE_SIZE = { width: 210, height: 80 } as const;

/** Top-left positions for every node, layered along the edges; edges to unknown nodes are ignored. */
export function layoutDag(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  { direction = "LR", nodeGap = 40, rankGap = 80 }: LayoutOptions = {},
): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: direction, nodesep: nodeGap, ranksep: rankGap, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizes = new Map<string, { width: number; height: number }>();
  for (const node of nodes) {
    const size = { width: node.width ?? DEFAULT_NODE_SIZE.width, height: node.height ?? DEFAULT_NODE_SIZE.height };
    sizes.set(node.id, size);
    graph.setNode(node.id, { ...size });
  }
  edges.forEach((edge, index) => {
    if (sizes.has(edge.source) && sizes.has(edge.target)) graph.setEdge(edge.source, edge.target, {}, `e${index}`);
  });
  dagre.layout(graph);

  const positions = new Map<string, { x: number; y: number }>();
  for (const [id, size] of sizes) {
    const placed = graph.node(id) as { x: number; y: number } | undefined;
    if (placed === undefined) continue;
    // dagre places centres; React Flow positions are top-left corners.
    positions.set(id, { x: Math.round(placed.x - size.width / 2), y: Math.round(placed.y - size.height / 2) });
  }
  return positions;
}

/**
 * The DAG itself, or — when several of its steps sit on exactly the same spot (a pipeline created through the API
 * without positions) — a copy laid out with `layoutDag`, so that every step can be seen and reached.
 */
export function withVisiblePositions<
  T extends { nodes: ReadonlyArray<{ id: string; position: { x: number; y: number } }>; edges: readonly LayoutEdge[] },
>(dag: T): T {
  const spots = new Set(dag.nodes.map((n) => `${n.position.x},${n.position.y}`));
  if (spots.size === dag.nodes.length) return dag;
  const positions = layoutDag(dag.nodes, dag.edges);
  return { ...dag, nodes: dag.nodes.map((n) => ({ ...n, position: positions.get(n.id) ?? n.position })) };
}
