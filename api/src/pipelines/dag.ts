/**
 * The pipeline DAG as a value: nodes, edges, validation and ordering. Pure: no I/O, no framework imports.
 */

export interface Position {
  x: number;
  y: number;
}

/** How the engine runs a node; unset fields take the engine's defaults. */
export interface NodeExecutionSettings {
  /** Attempts in all, 1 to 10 (1 = no retry). */
  maxAttempts?: number;
  /** First retry delay; doubles on each further attempt. */
  backoffMs?: number;
  /** Per-attempt time limit. */
  timeoutMs?: number;
}

export interface PipelineNode {
  id: string;
  kind: string;
  label: string;
  config: Record<string, unknown>;
  position: Position;
  execution?: NodeExecutionSettings;
}

export interface PipelineEdge {
  id: string;
  source: string;
  target: string;
  /** Which input of the target this edge feeds (for steps with several inputs, such as a join). */
  targetHandle?: string;
}

export interface Dag {
  nodes: readonly PipelineNode[];
  edges: readonly PipelineEdge[];
}

export type DagIssueCode =
  | "DUPLICATE_NODE_ID"
  | "DUPLICATE_EDGE_ID"
  | "INVALID_ID"
  | "DANGLING_EDGE"
  | "SELF_LOOP"
  | "DUPLICATE_EDGE"
  | "CYCLE"
  | "UNKNOWN_STEP_KIND"
  | "INVALID_CONFIG"
  | "TOO_MANY_INPUTS"
  | "MISSING_INPUT";

export interface DagIssue {
  code: DagIssueCode;
  message: string;
  nodeIds: string[];
  edgeIds: string[];
  /** JSON pointer into the node's config, for INVALID_CONFIG. */
  field?: string;
}

/** What the DAG validator needs to know about a step kind. */
export interface StepKindRules {
  minInputs: number;
  maxInputs: number;
  /** Returns config problems as (JSON pointer, message) pairs; empty when the config is valid. */
  checkConfig(config: Record<string, unknown>): Array<{ field: string; message: string }>;
}

export type StepKindLookup = (kind: string) => StepKindRules | undefined;

const NODE_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Validates a DAG; returns every problem found (empty when valid). */
export function validateDag(dag: Dag, lookupKind: StepKindLookup): DagIssue[] {
  const issues: DagIssue[] = [];
  const nodeIds = new Set<string>();
  for (const node of dag.nodes) {
    if (!NODE_ID.test(node.id)) {
      issues.push(issue("INVALID_ID", `node id "${node.id}" must be 1-64 letters, digits, "_" or "-"`, [node.id]));
    }
    if (nodeIds.has(node.id)) {
      issues.push(issue("DUPLICATE_NODE_ID", `node id "${node.id}" is used more than once`, [node.id]));
    }
    nodeIds.add(node.id);
  }

  const edgeIds = new Set<string>();
  const pairs = new Set<string>();
  const validEdges: PipelineEdge[] = [];
  for (const edge of dag.edges) {
    if (edgeIds.has(edge.id)) {
      issues.push(issue("DUPLICATE_EDGE_ID", `edge id "${edge.id}" is used more than once`, [], [edge.id]));
      continue;
    }
    edgeIds.add(edge.id);
    const missing = [edge.source, edge.target].filter((id) => !nodeIds.has(id));
    if (missing.length > 0) {
      const names = missing.map((id) => `"${id}"`).join(" and ");
      issues.push(issue("DANGLING_EDGE", `edge "${edge.id}" points to unknown node ${names}`, missing, [edge.id]));
      continue;
    }
    if (edge.source === edge.target) {
      issues.push(
        issue("SELF_LOOP", `edge "${edge.id}" connects node "${edge.source}" to itself`, [edge.source], [edge.id]),
      );
      continue;
    }
    const pair = `${edge.source}\u0000${edge.target}\u0000${edge.targetHandle ?? ""}`;
    if (pairs.has(pair)) {
      issues.push(
        issue(
          "DUPLICATE_EDGE",
          `edge "${edge.id}" repeats ${edge.source} → ${edge.target}`,
          [edge.source, edge.target],
          [edge.id],
        ),
      );
      continue;
    }
    pairs.add(pair);
    validEdges.push(edge);
  }

  const cycle = findCycle([...nodeIds], validEdges);
  if (cycle) {
    issues.push(
      issue(
        "CYCLE",
        `the pipeline has a cycle: ${[...cycle.nodeIds, cycle.nodeIds[0]].join(" → ")}`,
        cycle.nodeIds,
        cycle.edgeIds,
      ),
    );
  }

  const inputs = countInputs(validEdges);
  for (const node of dag.nodes) {
    const rules = lookupKind(node.kind);
    if (!rules) {
      issues.push(issue("UNKNOWN_STEP_KIND", `node "${node.id}" has unknown step kind "${node.kind}"`, [node.id]));
      continue;
    }
    const count = inputs.get(node.id) ?? 0;
    if (count > rules.maxInputs) {
      issues.push(
        issue(
          "TOO_MANY_INPUTS",
          `node "${node.id}" (${node.kind}) takes at most ${rules.maxInputs} input(s), has ${count}`,
          [node.id],
        ),
      );
    }
    for (const problem of rules.checkConfig(node.config)) {
      issues.push({
        code: "INVALID_CONFIG",
        message: `node "${node.id}" config ${problem.field || "/"}: ${problem.message}`,
        nodeIds: [node.id],
        edgeIds: [],
        field: problem.field,
      });
    }
  }
  return issues;
}

/**
 * Input-count rules that only matter when a pipeline is about to run (an editor may save a half-built DAG).
 */
export function checkRunnable(dag: Dag, lookupKind: StepKindLookup): DagIssue[] {
  const inputs = countInputs(dag.edges);
  const issues: DagIssue[] = [];
  for (const node of dag.nodes) {
    const rules = lookupKind(node.kind);
    const count = inputs.get(node.id) ?? 0;
    if (rules && count < rules.minInputs) {
      issues.push(
        issue(
          "MISSING_INPUT",
          `node "${node.id}" (${node.kind}) needs at least ${rules.minInputs} input(s), has ${count}`,
          [node.id],
        ),
      );
    }
  }
  return issues;
}

/** Topological order (Kahn); ties broken by node order in the DAG so the result is deterministic. */
export function topologicalOrder(dag: Dag): string[] {
  const indegree = new Map<string, number>(dag.nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>();
  for (const e of dag.edges) {
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  }
  const ready = dag.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(id);
    for (const next of out.get(id) ?? []) {
      const left = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (order.length !== dag.nodes.length) throw new Error("topologicalOrder: the DAG has a cycle");
  return order;
}

/** Ids of every node reachable downstream of `from` (excluding `from`). */
export function downstreamOf(dag: Dag, from: string): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of dag.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [...(out.get(from) ?? [])];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return seen;
}

/** Would adding `source → target` create a cycle? (The editor asks before connecting.) */
export function wouldCreateCycle(dag: Dag, source: string, target: string): boolean {
  return source === target || downstreamOf(dag, target).has(source);
}

function countInputs(edges: readonly PipelineEdge[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of edges) counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
  return counts;
}

function findCycle(nodeIds: string[], edges: PipelineEdge[]): { nodeIds: string[]; edgeIds: string[] } | null {
  const out = new Map<string, PipelineEdge[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e]);
  const state = new Map<string, "visiting" | "done">();
  const pathNodes: string[] = [];
  const pathEdges: string[] = [];

  // Iterative DFS so that a long chain cannot overflow the stack.
  for (const start of nodeIds) {
    if (state.has(start)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, "visiting");
    pathNodes.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { node: string; next: number };
      const outgoing = out.get(top.node) ?? [];
      const edge = outgoing[top.next++];
      if (!edge) {
        state.set(top.node, "done");
        stack.pop();
        pathNodes.pop();
        pathEdges.pop();
        continue;
      }
      const seen = state.get(edge.target);
      if (seen === "visiting") {
        const at = pathNodes.indexOf(edge.target);
        return { nodeIds: pathNodes.slice(at), edgeIds: [...pathEdges.slice(at), edge.id] };
      }
      if (seen === undefined) {
        state.set(edge.target, "visiting");
        pathNodes.push(edge.target);
        pathEdges.push(edge.id);
        stack.push({ node: edge.target, next: 0 });
      }
    }
  }
  return null;
}

function issue(code: DagIssueCode, message: string, nodeIds: string[] = [], edgeIds: string[] = []): DagIssue {
  return { code, message, nodeIds, edgeIds };
}
