/**
 * Which new edges the editor accepts, with a reason to show for each refusal. Pure: the canvas asks it while a
 * connection is dragged (to grey out targets) and when one is dropped (to say why it was refused). The server
 * validates the saved DAG again; these rules only catch at once what it would refuse.
 */
import { wouldCreateCycle } from "./cycle";
import type { StepKindInfo } from "./to-flow";

/** The part of a React Flow `Connection` the rules read. */
export interface ProposedEdge {
  source: string;
  target: string;
  targetHandle?: string | null | undefined;
}

interface RuleNode {
  id: string;
  data: { kind: string; label: string };
}

interface RuleEdge {
  source: string;
  target: string;
  targetHandle?: string | null | undefined;
}

export type ConnectionVerdict = { ok: true } | { ok: false; reason: string };

/** Whether `edge` may be added to the DAG, and if not, why, in words for the user. */
export function checkConnection(
  nodes: readonly RuleNode[],
  edges: readonly RuleEdge[],
  edge: ProposedEdge,
  kinds: ReadonlyMap<string, StepKindInfo>,
): ConnectionVerdict {
  const source = nodes.find((n) => n.id === edge.source);
  const target = nodes.find((n) => n.id === edge.target);
  if (source === undefined || target === undefined) return refuse("That step no longer exists.");
  if (source.id === target.id) return refuse(`“${source.data.label}” cannot feed itself.`);

  const sourceKind = kinds.get(source.data.kind);
  const targetKind = kinds.get(target.data.kind);
  if (sourceKind !== undefined && !sourceKind.hasOutput) {
    return refuse(`“${source.data.label}” (${sourceKind.title}) produces no output to connect.`);
  }
  if (targetKind?.category === "EXTRACT" || targetKind?.maxInputs === 0) {
    return refuse(`“${target.data.label}” is a source step (${targetKind.title}): it takes no input.`);
  }
  const handle = edge.targetHandle ?? null;
  if (edges.some((e) => e.source === edge.source && e.target === edge.target && (e.targetHandle ?? null) === handle)) {
    return refuse(`“${source.data.label}” is already connected to “${target.data.label}”.`);
  }
  if (targetKind !== undefined) {
    const inputs = edges.filter((e) => e.target === edge.target).length;
    if (inputs >= targetKind.maxInputs) {
      const limit = targetKind.maxInputs === 1 ? "one input" : `at most ${targetKind.maxInputs} inputs`;
      return refuse(`“${target.data.label}” (${targetKind.title}) takes ${limit} and already has ${inputs}.`);
    }
  }
  if (wouldCreateCycle(edges, edge.source, edge.target)) {
    return refuse(
      `Connecting “${source.data.label}” to “${target.data.label}” would make a cycle: “${target.data.label}” already feeds it.`,
    );
  }
  return { ok: true };
}

function refuse(reason: string): ConnectionVerdict {
  return { ok: false, reason };
}
