/**
 * Turns client input into a pipeline draft, checking every field and naming the one at fault.
 * Pure; DAG-level checks (cycles, kinds, configs) are `validateDag`'s job.
 */
import { BadInputError } from "../common/errors.js";
import type { PipelineParamSpec } from "../store/records.js";
import { toScheduleSpec, type ScheduleInput, type ScheduleSpec } from "../schedules/schedule-spec.js";
import type { NodeExecutionSettings, PipelineEdge, PipelineNode } from "./dag.js";

export interface NodeInput {
  id: string;
  kind: string;
  label?: string | null | undefined;
  config?: Record<string, unknown> | null | undefined;
  position?: { x: number; y: number } | null | undefined;
  execution?: { maxAttempts?: number | null; backoffMs?: number | null; timeoutMs?: number | null } | null | undefined;
}

export interface EdgeInput {
  id?: string | null | undefined;
  source: string;
  target: string;
  targetHandle?: string | null | undefined;
}

export interface ParamInput {
  name: string;
  type: "STRING" | "NUMBER" | "BOOLEAN";
  default?: unknown;
  description?: string | null | undefined;
}

export interface PipelineFields {
  name: string;
  description: string;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  params: PipelineParamSpec[];
  schedule: ScheduleSpec | null;
  tags: string[];
}

export const LIMITS = {
  name: 200,
  description: 10_000,
  nodes: 5_000,
  edges: 20_000,
  label: 200,
  tags: 50,
  tag: 64,
  params: 100,
  configBytes: 1_000_000,
} as const;

export function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "") throw new BadInputError("name", "must not be empty");
  if (trimmed.length > LIMITS.name) throw new BadInputError("name", `must be at most ${LIMITS.name} characters`);
  return trimmed;
}

export function checkDescription(description: string): string {
  if (description.length > LIMITS.description) {
    throw new BadInputError("description", `must be at most ${LIMITS.description} characters`);
  }
  return description;
}

export function toNodes(inputs: readonly NodeInput[], titleOf: (kind: string) => string | undefined): PipelineNode[] {
  if (inputs.length > LIMITS.nodes) throw new BadInputError("nodes", `at most ${LIMITS.nodes} nodes`);
  return inputs.map((input, i) => {
    const field = `nodes[${i}]`;
    const label = input.label ?? titleOf(input.kind) ?? input.kind;
    if (label.length > LIMITS.label)
      throw new BadInputError(`${field}.label`, `must be at most ${LIMITS.label} characters`);
    const config = input.config ?? {};
    if (JSON.stringify(config).length > LIMITS.configBytes) {
      throw new BadInputError(`${field}.config`, `must be at most ${LIMITS.configBytes} bytes of JSON`);
    }
    const position = input.position ?? { x: 0, y: 0 };
    if (!Number.isFinite(position.x) || !Number.isFinite(position.y)) {
      throw new BadInputError(`${field}.position`, "x and y must be finite numbers");
    }
    const node: PipelineNode = {
      id: input.id,
      kind: input.kind,
      label,
      config,
      position: { x: position.x, y: position.y },
    };
    const execution = toExecution(input.execution, `${field}.execution`);
    if (execution) node.execution = execution;
    return node;
  });
}

const EXECUTION_BOUNDS = {
  maxAttempts: [1, 10],
  backoffMs: [0, 3_600_000],
  timeoutMs: [100, 86_400_000],
} as const;

function toExecution(input: NodeInput["execution"], field: string): NodeExecutionSettings | null {
  if (!input) return null;
  const settings: NodeExecutionSettings = {};
  for (const key of ["maxAttempts", "backoffMs", "timeoutMs"] as const) {
    const value = input[key];
    if (value === null || value === undefined) continue;
    const [min, max] = EXECUTION_BOUNDS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new BadInputError(`${field}.${key}`, `must be an integer from ${min} to ${max}`);
    }
    settings[key] = value;
  }
  return Object.keys(settings).length > 0 ? settings : null;
}

export function toEdges(inputs: readonly EdgeInput[]): PipelineEdge[] {
  if (inputs.length > LIMITS.edges) throw new BadInputError("edges", `at most ${LIMITS.edges} edges`);
  return inputs.map((input) => {
    const edge: PipelineEdge = {
      id: input.id ?? `${input.source}-${input.target}`,
      source: input.source,
      target: input.target,
    };
    if (input.targetHandle != null) edge.targetHandle = input.targetHandle;
    return edge;
  });
}

const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function toParams(inputs: readonly ParamInput[]): PipelineParamSpec[] {
  if (inputs.length > LIMITS.params) throw new BadInputError("params", `at most ${LIMITS.params} parameters`);
  const seen = new Set<string>();
  return inputs.map((input, i) => {
    const field = `params[${i}]`;
    if (!PARAM_NAME.test(input.name)) {
      throw new BadInputError(`${field}.name`, "must start with a letter or _ and contain only letters, digits and _");
    }
    if (seen.has(input.name)) throw new BadInputError(`${field}.name`, `"${input.name}" is declared twice`);
    seen.add(input.name);
    const value = input.default ?? null;
    const expected = input.type === "STRING" ? "string" : input.type === "NUMBER" ? "number" : "boolean";
    if (value !== null && typeof value !== expected) {
      throw new BadInputError(`${field}.default`, `must be a ${expected} (the parameter's type is ${input.type})`);
    }
    return {
      name: input.name,
      type: input.type,
      default: value as string | number | boolean | null,
      description: input.description ?? "",
    };
  });
}

export function toSchedule(schedule: ScheduleInput | null | undefined): ScheduleSpec | null {
  return schedule == null ? null : toScheduleSpec(schedule);
}

export function toTags(tags: readonly string[]): string[] {
  if (tags.length > LIMITS.tags) throw new BadInputError("tags", `at most ${LIMITS.tags} tags`);
  const clean = tags.map((t, i) => {
    const tag = t.trim();
    if (tag === "" || tag.length > LIMITS.tag)
      throw new BadInputError(`tags[${i}]`, `must be 1 to ${LIMITS.tag} characters`);
    return tag;
  });
  return [...new Set(clean)];
}
