/**
 * sql: the user's own SELECT over the inputs, visible as input1, input2… (input = input1). The engine refuses
 * anything but a single SELECT; its sandbox bounds what that SELECT can read.
 */
import type { StepInvocation, StepResult } from "../../engine/step-runtime.js";
import { ConfigReader } from "./config.js";
import { materializeStep } from "./materialize.js";
import { count, failure, nodeName, resultOf, type StepDeps } from "./step-context.js";

export async function sqlQuery(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const { inputs, node } = invocation;
  if (inputs.length === 0) throw failure(`${nodeName(node)} needs at least one input`);
  // A trailing ";" is harmless on its own but would break the COPY the query is wrapped in.
  const query = new ConfigReader(node)
    .string("query")
    .trim()
    .replace(/;+\s*$/, "");
  const views: Record<string, string> = { input: inputs[0]!.location };
  inputs.forEach((input, i) => (views[`input${i + 1}`] = input.location));
  const output = await materializeStep(invocation, deps, query, {
    inputs: views,
    what: "the query",
    userWritten: true,
  });
  const rowsIn = inputs.reduce((sum, input) => sum + input.rows, 0);
  invocation.log("INFO", `query returned ${count(output.rows)} rows, ${output.columns.length} columns`);
  return resultOf(output, rowsIn);
}
