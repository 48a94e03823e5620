/**
 * Import/export of a pipeline as a JSON file. Pure: `pipelineFile` builds the document, `parsePipelineFile` checks
 * one (shape only; the server validates the DAG when it is saved).
 */
import type { DagInput } from "../flow/to-flow";

export const PIPELINE_FILE_FORMAT = "millrace.pipeline/v1";

export interface PipelineFile extends DagInput {
  format: typeof PIPELINE_FILE_FORMAT;
  name: string;
  description: string;
  tags: string[];
}

export function pipelineFile(
  meta: { name: string; description: string; tags: readonly string[] },
  dag: DagInput,
): PipelineFile {
  return { format: PIPELINE_FILE_FORMAT, name: meta.name, description: meta.description, tags: [...meta.tags], ...dag };
}

/** A file name for the export: the pipeline's name, made safe. */
export function pipelineFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "") || "pipeline"}.millrace.json`;
}

export type ParsedPipelineFile = { ok: true; file: PipelineFile } | { ok: false; error: string };

export function parsePipelineFile(text: string): ParsedPipelineFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: "The file is not JSON." };
  }
  if (!isObject(raw)) return { ok: false, error: "The file does not hold a pipeline object." };
  if (!Array.isArray(raw["nodes"]) || !Array.isArray(raw["edges"])) {
    return { ok: false, error: "The file has no `nodes` and `edges` lists." };
  }
  const nodes: DagInput["nodes"] = [];
  for (const [index, node] of (raw["nodes"] as unknown[]).entries()) {
    if (!isObject(node) || typeof node["id"] !== "string" || typeof node["kind"] !== "string") {
      return { ok: false, error: `Node ${index + 1} needs a string \`id\` and \`kind\`.` };
    }
    const position = isObject(node["position"]) ? node["position"] : {};
    const execution = isObject(node["execution"]) ? numbersOf(node["execution"]) : undefined;
    nodes.push({
      id: node["id"],
      kind: node["kind"],
      label: typeof node["label"] === "string" ? node["label"] : node["kind"],
      config: isObject(node["config"]) ? node["config"] : {},
      position: { x: finite(position["x"]), y: finite(position["y"]) },
      ...(execution !== undefined && Object.keys(execution).length > 0 ? { execution } : {}),
    });
  }
  const edges: DagInput["edges"] = [];
  for (const [index, edge] of (raw["edges"] as unknown[]).entries()) {
    if (!isObject(edge) || typeof edge["source"] !== "string" || typeof edge["target"] !== "string") {
      return { ok: false, error: `Edge ${index + 1} needs a string \`source\` and \`target\`.` };
    }
    const id = typeof edge["id"] === "string" ? edge["id"] : `${edge["source"]}-${edge["target"]}`;
    edges.push({
      id,
      source: edge["source"],
      target: edge["target"],
      ...(typeof edge["targetHandle"] === "string" ? { targetHandle: edge["targetHandle"] } : {}),
    });
  }
  return {
    ok: true,
    file: {
      format: PIPELINE_FILE_FORMAT,
      name: typeof raw["name"] === "string" ? raw["name"] : "Imported pipeline",
      description: typeof raw["description"] === "string" ? raw["description"] : "",
      tags: Array.isArray(raw["tags"]) ? raw["tags"].filter((t): t is string => typeof t === "string") : [],
      nodes,
      edges,
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finite(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function numbersOf(settings: Record<string, unknown>): {
  maxAttempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
} {
  const result: { maxAttempts?: number; backoffMs?: number; timeoutMs?: number } = {};
  for (const key of ["maxAttempts", "backoffMs", "timeoutMs"] as const) {
    const value = settings[key];
    if (typeof value === "number" && Number.isInteger(value)) result[key] = value;
  }
  return result;
}
