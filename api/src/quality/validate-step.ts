/**
 * The `validate` pipeline step: checks its rules on its single input and passes that input through unchanged.
 * WARN rules record and continue; a failing BLOCK rule fails the step (not retryable: the data will not change),
 * so downstream steps do not run. Either way the full report goes with the result (or the error) to be stored.
 */
import type { DataEngine } from "../data/data-engine.js";
import { StepError, type StepInvocation, type StepResult } from "../engine/step-runtime.js";
import { failure, nodeName } from "../steps/impl/step-context.js";
import { runQualityCheck, RuleConfigError } from "./quality-check.js";
import type { QualityReport } from "./quality-report.js";
import type { RuleResult } from "./rule-evaluator.js";
import { GATE_MODES, type GateMode } from "./rule-types.js";

/** Which step asks for a reference table (and its signal, to stop reading one). */
export interface ReferenceContext {
  runId: string;
  nodeId: string;
  signal: AbortSignal;
}

/** What the validate step needs. */
export interface ValidateStepDeps {
  engine: DataEngine;
  /** The instant freshness rules measure from (default: the clock at the start of the step). */
  now?: () => Date;
  /** Failing rows kept per rule as examples (default 5). */
  sampleSize?: number;
  /**
   * The stored location (`StepOutput.location`) of the table a referential rule names in `reference`, or null
   * when there is no such table. Without it, referential rules are refused as config errors.
   */
  resolveReference?: (reference: string, context: ReferenceContext) => Promise<string | null>;
}

/** PASSED: every rule passed; WARNED: only WARN rules failed; FAILED: a BLOCK rule failed. */
export type ValidationStatus = "PASSED" | "WARNED" | "FAILED";

/** What the step returns in `details` (and a blocking failure carries): JSON, for the Validation record. */
export interface ValidationDetails {
  status: ValidationStatus;
  /** The step's mode; each rule's own `mode` wins over it. */
  mode: GateMode;
  score: number | null;
  /** Indexes of the failed rules whose mode is BLOCK. */
  blockingRules: number[];
  report: QualityReport;
}

/** A BLOCK rule failed: the step fails without retry, and the report is kept for the Validation record. */
export class QualityGateError extends StepError {
  constructor(
    message: string,
    readonly details: ValidationDetails,
  ) {
    super(message, { retryable: false });
    this.name = "QualityGateError";
  }
}

/** The validate step over the data engine: `validateStep(deps)` is the step function for kind "validate". */
export const validateStep =
  (deps: ValidateStepDeps) =>
  async (invocation: StepInvocation): Promise<StepResult> => {
    const { node, signal } = invocation;
    const input = invocation.inputs[0];
    if (!input) throw failure(`${nodeName(node)} needs an input with data`);
    const mode = readMode(node.config["mode"], nodeName(node));
    const now = (deps.now ?? (() => new Date()))();
    const references = await resolveReferences(deps, node.config["rules"], {
      runId: invocation.runId,
      nodeId: node.id,
      signal,
    });

    let report: QualityReport;
    try {
      report = await runQualityCheck(deps.engine, input, node.config["rules"], {
        now,
        signal,
        references,
        ...(deps.sampleSize !== undefined ? { sampleSize: deps.sampleSize } : {}),
      });
    } catch (error) {
      if (error instanceof RuleConfigError) throw failure(`${nodeName(node)}: ${error.message}`);
      throw error;
    }
    invocation.progress({ rowsIn: input.rows, rowsOut: input.rows });

    const modeOf = (r: RuleResult): GateMode => r.mode ?? mode;
    const failed = report.rules.filter((r) => !r.passed);
    const blocking = failed.filter((r) => modeOf(r) === "BLOCK");
    for (const r of failed) invocation.log(modeOf(r) === "BLOCK" ? "ERROR" : "WARN", failureLine(r, modeOf(r)));
    invocation.log(
      "INFO",
      `quality score ${report.score ?? "n/a"} on ${report.rows.toLocaleString("en-US")} rows: ` +
        `${failed.length} of ${report.rules.length} rule(s) failed${blocking.length > 0 ? `, ${blocking.length} blocking` : ""}`,
    );
    const details: ValidationDetails = {
      status: blocking.length > 0 ? "FAILED" : failed.length > 0 ? "WARNED" : "PASSED",
      mode,
      score: report.score,
      blockingRules: blocking.map((r) => r.rule),
      report,
    };
    if (blocking.length > 0) {
      const reasons = blocking.map((r) => `rule ${r.label} (${r.severity}) ${r.message}`).join("; ");
      throw new QualityGateError(`${nodeName(node)}: quality gate blocked by ${reasons}`, details);
    }
    return {
      output: input,
      rowsIn: input.rows,
      rowsOut: input.rows,
      bytes: input.bytes,
      metrics: {
        ...(report.score !== null ? { score: report.score } : {}),
        rules: report.rules.length,
        rulesFailed: failed.length,
        failingRows: report.failingRows,
      },
      details: { ...details },
    };
  };

function readMode(value: unknown, who: string): GateMode {
  if (value === undefined || value === null) return "BLOCK";
  if (typeof value === "string" && (GATE_MODES as readonly string[]).includes(value)) return value as GateMode;
  throw failure(`${who}: config "mode" must be one of ${GATE_MODES.join(", ")}`);
}

/** The distinct `reference` names of (not yet checked) rules: the tables referential rules join. */
export function referencedTables(rules: unknown): string[] {
  const names = new Set<string>();
  if (!Array.isArray(rules)) return [];
  for (const rule of rules as unknown[]) {
    const reference =
      typeof rule === "object" && rule !== null ? (rule as Record<string, unknown>)["reference"] : undefined;
    if (typeof reference === "string" && reference !== "") names.add(reference);
  }
  return [...names];
}

/** Locations of the reference tables the rules name; names that do not resolve are left for the config check. */
async function resolveReferences(
  deps: ValidateStepDeps,
  rules: unknown,
  context: ReferenceContext,
): Promise<Record<string, string>> {
  const resolved: Record<string, string> = {};
  if (!deps.resolveReference) return resolved;
  for (const name of referencedTables(rules)) {
    const location = await deps.resolveReference(name, context);
    if (location !== null) resolved[name] = location;
  }
  return resolved;
}

function failureLine(r: RuleResult, mode: GateMode): string {
  const rows = r.samples.length > 0 ? `; first failing rows: ${r.samples.map((s) => s.rowNumber).join(", ")}` : "";
  return `rule ${r.label} [${r.severity}, ${mode}] ${r.message}${rows}`;
}
