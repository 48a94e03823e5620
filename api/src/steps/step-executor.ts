/**
 * The StepExecutor the engine calls: dispatches on `node.kind` to the data steps (steps/impl) and to any extra
 * kinds given (train, validate, load_collection…), and turns data-engine failures into StepErrors.
 */
import { DataError } from "../data/data-engine.js";
import { StepError, type StepExecutor, type StepInvocation, type StepResult } from "../engine/step-runtime.js";
import { DATA_STEPS } from "./impl/index.js";
import { nodeName, type StepDeps, type StepFunction } from "./impl/step-context.js";

export type { DatasetLocation, StepDeps, StepFunction } from "./impl/step-context.js";

/**
 * Builds the executor. `extra` adds kinds (or replaces built-in ones); each gets the invocation and `deps`.
 * An unknown kind fails without retry.
 */
export function createStepExecutor(deps: StepDeps, extra: Readonly<Record<string, StepFunction>> = {}): StepExecutor {
  const kinds: Record<string, StepFunction> = { ...DATA_STEPS, ...extra };
  return {
    async run(invocation: StepInvocation): Promise<StepResult> {
      const step = Object.hasOwn(kinds, invocation.node.kind) ? kinds[invocation.node.kind] : undefined;
      if (!step)
        throw new StepError(`${nodeName(invocation.node)}: unknown step kind "${invocation.node.kind}"`, {
          retryable: false,
        });
      if (invocation.signal.aborted) throw invocation.signal.reason ?? new Error("cancelled");
      try {
        return await step(invocation, deps);
      } catch (error) {
        // The engine reads an aborted signal as cancellation or timeout, whatever the error says.
        if (invocation.signal.aborted) throw error;
        if (error instanceof DataError) {
          const location = Object.keys(error.location).length > 0 ? { location: error.location } : {};
          throw new StepError(`${nodeName(invocation.node)}: ${error.message}`, {
            retryable: error.retryable,
            ...location,
          });
        }
        throw error;
      }
    },
  };
}
