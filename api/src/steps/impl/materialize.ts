/**
 * The common path of transform steps: run the SELECT a step built over its inputs into the step's output,
 * turning engine errors into StepErrors that say which step (and which part of its config) failed.
 */
import type { NamedInputs } from "../../data/data-engine.js";
import type { StepInvocation, StepOutput } from "../../engine/step-runtime.js";
import { explain, outputOf, type StepDeps } from "./step-context.js";

/** Name of the column that carries each input row's position when a step asks for it; never in outputs. */
export const ROW = "__millrace_row";

export interface MaterializeOptions {
  /** Views by name; default `input` = the first input. */
  inputs?: NamedInputs;
  /** Expose each input row's 0-based position as the ROW column. */
  rowNumbers?: boolean;
  /** What the SQL came from, for messages: "the filter condition", "the query"… */
  what?: string;
  userWritten?: boolean;
  /** Engine errors are thrown as they are, for a step that explains them itself (which expression, which row). */
  raw?: boolean;
}

export async function materializeStep(
  invocation: StepInvocation,
  deps: StepDeps,
  sql: string,
  options: MaterializeOptions = {},
): Promise<StepOutput> {
  const inputs = options.inputs ?? { input: invocation.inputs[0]?.location ?? "" };
  const rowsIn = invocation.inputs.reduce((sum, input) => sum + input.rows, 0);
  invocation.progress({ rowsIn });
  try {
    const output = await deps.engine.materialize({
      sql,
      inputs,
      output: outputOf(invocation),
      signal: invocation.signal,
      ...(options.rowNumbers ? { rowNumberColumn: ROW } : {}),
      ...(options.userWritten ? { userWritten: true } : {}),
    });
    invocation.progress({ rowsIn, rowsOut: output.rows, bytes: output.bytes ?? 0 });
    return output;
  } catch (error) {
    if (options.raw) throw error;
    explain(error, invocation.node, options.what);
  }
}

/** Checks a user expression is one scalar SQL expression before it is spliced into a query. */
export async function checkExpression(
  deps: StepDeps,
  invocation: StepInvocation,
  expression: string,
  what: string,
): Promise<void> {
  try {
    await deps.engine.checkExpression(expression);
  } catch (error) {
    explain(error, invocation.node, what);
  }
}
