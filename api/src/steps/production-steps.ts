import type { DataEngine } from "../data/data-engine.js";
import type { StepExecutor } from "../engine/step-runtime.js";
import type { Stores } from "../store/ports.js";
import { extractCollection, loadCollection } from "./collection-steps.js";
import { createStepExecutor } from "./step-executor.js";

/** Every step kind with its real adapters: the data engine, the store's row collections and datasets. */
export function createProductionSteps(deps: { stores: Stores; data: DataEngine; samplesDir: string }): StepExecutor {
  const { stores, data } = deps;
  return createStepExecutor(
    {
      engine: data,
      samplesDir: deps.samplesDir,
      resolveDataset: async (id) => {
        const dataset = await stores.datasets.get(id);
        if (!dataset) return null;
        return { path: dataset.path, format: dataset.format, root: dataset.source === "SAMPLE" ? "SAMPLES" : "DATA" };
      },
    },
    {
      load_collection: (invocation) => loadCollection(invocation, { engine: data, rows: stores.rows }),
      extract_collection: (invocation) => extractCollection(invocation, { engine: data, rows: stores.rows }),
    },
  );
}
