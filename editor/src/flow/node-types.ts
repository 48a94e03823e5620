import type { NodeTypes } from "@xyflow/react";
import { StepNode } from "./StepNode";

/** Module-level so its identity never changes: a new object would make React Flow re-create every node. */
export const nodeTypes = { step: StepNode } satisfies NodeTypes;
