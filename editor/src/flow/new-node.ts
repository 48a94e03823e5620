import type { StepFlowNode, StepKindInfo } from "./to-flow";

/** A fresh step node of `kind` at `position` (top-left), configured with `config` (usually the schema defaults). */
export function newStepNode(
  kind: StepKindInfo,
  id: string,
  position: { x: number; y: number },
  config: Record<string, unknown>,
): StepFlowNode {
  return {
    id,
    type: "step",
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    ariaLabel: `${kind.title}: ${kind.title}`,
    data: {
      label: kind.title,
      kind: kind.id,
      title: kind.title,
      category: kind.category,
      config,
      execution: null,
      hasInput: kind.maxInputs > 0,
      inputHandles: [],
      hasOutput: kind.hasOutput,
    },
  };
}
