/**
 * Lazy outputs of row-wise steps (select, filter, derive, cast, fill_nulls). Writing every intermediate table
 * costs more than computing it (1M rows: ≈ 190 ms to write, ≈ 10 ms to filter), so such a step keeps its
 * output as a stored view over its input: it is bound and checked now — unknown columns, failing casts and
 * derived values fail here, naming this step — and counted, but not written. The next step that reads it
 * (an aggregate, a join, a load, a preview…) runs it as part of its own query.
 *
 * A step writes its output as before when the view could not be re-read faithfully later: an input from
 * another run's folder (a retry reusing an older run's output, which retention may remove first), or a user
 * expression that would give other values on another reading (random(), now(), a subquery reading a file…).
 */
import type { StepInvocation, StepOutput } from "../../engine/step-runtime.js";
import { isInRunFolder } from "../../data/run-outputs.js";
import { materializeStep, type MaterializeOptions } from "./materialize.js";
import { explain, onlyInput, outputOf, type StepDeps } from "./step-context.js";

export interface RowStepOptions extends MaterializeOptions {
  /** The user's expressions in `sql`: the output stays a view only when each one is repeatable. */
  expressions?: readonly string[];
  /** The step keeps every input row (no filtering): the row count is the input's, nothing is counted. */
  keepsRows?: boolean;
  /** Output columns the step computes, evaluated once now so that their failures name this step. */
  evaluate?: readonly string[];
}

/** The output of a row-wise step's SELECT over its single input `input`: a view when possible, else a file. */
export async function rowStepOutput(
  invocation: StepInvocation,
  deps: StepDeps,
  sql: string,
  options: RowStepOptions = {},
): Promise<StepOutput> {
  if (!(await staysLazy(invocation, deps, options.expressions ?? []))) {
    return materializeStep(invocation, deps, sql, options);
  }
  const input = onlyInput(invocation);
  invocation.progress({ rowsIn: input.rows });
  let output: StepOutput;
  try {
    output = await deps.engine.defineView({
      sql,
      inputs: { input: input.location },
      output: outputOf(invocation),
      signal: invocation.signal,
      ...(options.keepsRows ? { rows: input.rows } : {}),
      ...(options.evaluate ? { evaluate: options.evaluate } : {}),
    });
  } catch (error) {
    if (options.raw) throw error;
    explain(error, invocation.node, options.what);
  }
  invocation.progress({ rowsIn: input.rows, rowsOut: output.rows, bytes: 0 });
  invocation.log("INFO", "output kept as a view over the input (no file written): the steps reading it compute it");
  return output;
}

async function staysLazy(invocation: StepInvocation, deps: StepDeps, expressions: readonly string[]): Promise<boolean> {
  const input = invocation.inputs[0];
  if (deps.lazyRowSteps === false || invocation.inputs.length !== 1 || !input) return false;
  if (!isInRunFolder(input.location, invocation.runId)) return false;
  for (const expression of expressions) {
    if (!(await deps.engine.isRepeatable(expression).catch((error: unknown) => explain(error, invocation.node))))
      return false;
  }
  return true;
}
