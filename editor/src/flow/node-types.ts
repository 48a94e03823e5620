import type { EdgeTypes, NodeTypes } from "@xyflow/react";
import { RunAwareEdge } from "./RunAwareEdge";
import { StepNode } from "./StepNode";

/** Module-level so its identity never changes: a new object would make React Flow re-create every node. */
export const nodeTypes = { step: StepNode } satisfies NodeTypes;

/** Replaces React Flow's default edge, so stored edges (which name no type) get run-aware drawing. */
export const edgeTypes = { default: RunAwareEdge } satisfies EdgeTypes;
