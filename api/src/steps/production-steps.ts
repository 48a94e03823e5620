import type { DataEngine } from "../data/data-engine.js";
import type { StepExecutor } from "../engine/step-runtime.js";
import type { Stores } from "../store/ports.js";
import { extractCollection, loadCollection } from "./collection-steps.js";
import { createStepExecutor, type StepDeps } from "./step-executor.js";
import { datasetReferences, QualityGateError, validateStep, type ValidationDetails } from "../quality/index.js";
import { standaloneMlServices, type MlServices } from "../experiments/ml-services.js";
import { createLogger } from "../common/logger.js";
import { mlSteps } from "./ml-steps.js";

/** Every step kind with its real adapters: the data engine, the store's row collections and datasets. */
export function createProductionSteps(deps: {
  stores: Stores;
  data: DataEngine;
  samplesDir: string;
  /** The process's ML services (train, predict, deploy_model, automl); made on first use when absent. */
  ml?: MlServices;
  /** Stores what a validate step found (also when its gate blocked the run) as a Validation record. */
  recordValidation?: (
    step: { runId: string; nodeId: string; name: string; rules: unknown },
    details: ValidationDetails,
  ) => Promise<unknown>;
}): StepExecutor {
  const { stores, data } = deps;
  const stepDeps: StepDeps = {
    engine: data,
    samplesDir: deps.samplesDir,
    resolveDataset: async (id) => {
      const dataset = await stores.datasets.get(id);
      if (!dataset) return null;
      return { path: dataset.path, format: dataset.format, root: dataset.source === "SAMPLE" ? "SAMPLES" : "DATA" };
    },
  };
  const validate = validateStep({ engine: data, resolveReference: datasetReferences(stepDeps) });
  return createStepExecutor(stepDeps, {
    validate: async (invocation) => {
      const step = {
        runId: invocation.runId,
        nodeId: invocation.node.id,
        name: invocation.node.label,
        rules: invocation.node.config["rules"],
      };
      try {
        const result = await validate(invocation);
        await deps.recordValidation?.(step, result.details as unknown as ValidationDetails);
        return result;
      } catch (error) {
        if (error instanceof QualityGateError) await deps.recordValidation?.(step, error.details);
        throw error;
      }
    },
    load_collection: (invocation) => loadCollection(invocation, { engine: data, rows: stores.rows }),
    extract_collection: (invocation) => extractCollection(invocation, { engine: data, rows: stores.rows }),
    ...mlSteps(
      deps.ml
        ? (
            (ml) => () =>
              Promise.resolve(ml)
          )(deps.ml)
        : standaloneMlServices({ stores, data, samplesDir: deps.samplesDir, logger: createLogger("info") }),
    ),
  });
}
