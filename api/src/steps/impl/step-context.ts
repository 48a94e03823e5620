/**
 * What step implementations get besides the invocation: the data engine and the few facts and adapters they
 * need (directories, dataset lookup, HTTP policy). Also the small helpers every step uses.
 */
import type { DataEngine } from "../../data/data-engine.js";
import { DataError } from "../../data/data-engine.js";
import { StepError, type StepInvocation, type StepOutput, type StepResult } from "../../engine/step-runtime.js";
import type { PipelineNode } from "../../pipelines/dag.js";
import type { DatasetFormat } from "../../store/records.js";
import type { HttpFetchPolicy } from "./http-fetch.js";

/** Where a registered dataset's file is: a path relative to the data directory (or to the samples directory). */
export interface DatasetLocation {
  path: string;
  format: DatasetFormat;
  /** Which directory `path` is relative to (default DATA). */
  root?: "DATA" | "SAMPLES";
}

export interface StepDeps {
  engine: DataEngine;
  /** Read-only data shipped with Millrace (the HMP sample lives in `<samplesDir>/hmp`). */
  samplesDir: string;
  /** null when no dataset has that id. */
  resolveDataset(id: string): Promise<DatasetLocation | null>;
  /** Address policy, DNS and limits for extract_http; defaults refuse every non-public address. */
  http?: Partial<HttpFetchPolicy>;
  /**
   * Row-wise steps keep their output as a view over their input when they safely can (default true, see
   * lazy.ts); false makes every step write its output.
   */
  lazyRowSteps?: boolean;
}

/** One kind's implementation. `deps` may be ignored by kinds that bring their own adapters. */
export type StepFunction = (invocation: StepInvocation, deps: StepDeps) => Promise<StepResult>;

/** `step "Label" (id)`, as the engine names steps in its messages. */
export function nodeName(node: PipelineNode): string {
  return `step "${node.label || node.id}" (${node.id})`;
}

/** A non-retryable StepError: bad config or bad data, the same on every attempt. */
export function failure(message: string, location?: { file?: string; line?: number; column?: string }): StepError {
  return new StepError(message, { retryable: false, ...(location ? { location } : {}) });
}

/** Re-throws a DataError as a StepError whose message says where it happened (`what`: "the filter condition"…). */
export function explain(error: unknown, node: PipelineNode, what?: string): never {
  if (error instanceof DataError) {
    if (error.code === "INTERRUPTED") throw error;
    const location = Object.keys(error.location).length > 0 ? { location: error.location } : {};
    throw new StepError(`${nodeName(node)}${what ? `, ${what}` : ""}: ${error.message}`, {
      retryable: error.retryable,
      ...location,
    });
  }
  throw error;
}

/** The single input of a one-input step. */
export function onlyInput(invocation: StepInvocation): StepOutput {
  const input = invocation.inputs[0];
  if (!input) throw failure(`${nodeName(invocation.node)} needs an input with data`);
  return input;
}

/** Where the invocation's output goes. */
export function outputOf(invocation: StepInvocation): { runId: string; nodeId: string } {
  return { runId: invocation.runId, nodeId: invocation.node.id };
}

/** Result of a step that produced `output` from `rowsIn` rows. */
export function resultOf(output: StepOutput, rowsIn: number | null, extra: Partial<StepResult> = {}): StepResult {
  return { output, rowsIn, rowsOut: output.rows, bytes: output.bytes, ...extra };
}

/** Fails with the column's name when `name` is not a column of `input`. */
export function requireColumn(input: StepOutput, name: string, node: PipelineNode, role: string, side?: string): void {
  if (input.columns.some((c) => c.name === name)) return;
  const available = input.columns.map((c) => c.name).join(", ");
  throw failure(
    `${nodeName(node)}: unknown column "${name}" in ${role}${side ? ` (${side} input)` : ""}; the ${side ? `${side} ` : ""}input has ${available || "no columns"}`,
    { column: name },
  );
}

export function typeOf(input: StepOutput, name: string): string {
  return input.columns.find((c) => c.name === name)?.type ?? "VARCHAR";
}

/** Formats a row count for logs: 392,080. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}
