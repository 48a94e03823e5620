import path from "node:path";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import { summarizeCsv } from "../datasets/csv-sniff.js";
import type { PipelineService } from "../pipelines/pipeline.service.js";
import type { Stores } from "../store/ports.js";
import { DEMO_PIPELINES } from "./demo-pipelines.js";

export const HMP_DATASET_ID = "hmp-sample";
export const HMP_SAMPLE_PATH = "hmp/hmp.csv.gz";

/**
 * Seeds the demo on first start: the HMP sample dataset and the demo pipelines. Never overwrites or deletes:
 * an existing id is left as it is, and an empty store that was seeded before is not seeded again.
 */
export async function seedDemo(deps: {
  stores: Stores;
  pipelines: PipelineService;
  samplesDir: string;
  clock: Clock;
  logger: Logger;
  /** Seed what is missing even if the demo was seeded before (an explicit request from Settings). */
  force?: boolean;
}): Promise<{ pipelines: number; datasets: number }> {
  const { stores, pipelines, samplesDir, clock, logger } = deps;
  if (!deps.force && (await stores.meta.get("demoSeededAt")) !== null) return { pipelines: 0, datasets: 0 };

  let datasets = 0;
  if (!(await stores.datasets.get(HMP_DATASET_ID))) {
    const summary = await summarizeCsv(path.join(samplesDir, HMP_SAMPLE_PATH), { gzip: true });
    const now = clock.now();
    await stores.datasets.insert({
      id: HMP_DATASET_ID,
      name: "HMP wrist accelerometer recordings",
      description:
        "UCI HMP: 32 Hz tri-axial wrist accelerometer (coded 0..63), 14 daily activities, one source per recording (CC BY 4.0).",
      format: "CSV_GZ",
      path: HMP_SAMPLE_PATH,
      source: "SAMPLE",
      ...summary,
      createdAt: now,
      updatedAt: now,
    });
    datasets++;
  }

  let created = 0;
  for (const demo of DEMO_PIPELINES) {
    if (await stores.pipelines.get(demo.id)) continue;
    const { id, ...input } = demo;
    const outcome = await pipelines.create(input, id);
    if (!("version" in outcome)) throw new Error(`demo pipeline "${demo.name}" is invalid: ${outcome.message}`);
    created++;
  }
  await stores.meta.set("demoSeededAt", clock.now().toISOString());
  logger.info({ pipelines: created, datasets }, "demo seeded");
  return { pipelines: created, datasets };
}

/** Puts the demo pipelines back as shipped: each is deleted with its runs and created again at version 1. */
export async function resetDemo(deps: {
  stores: Stores;
  pipelines: PipelineService;
  samplesDir: string;
  clock: Clock;
  logger: Logger;
}): Promise<{
  pipelines: number;
  datasets: number;
}> {
  for (const demo of DEMO_PIPELINES) {
    if (await deps.stores.pipelines.get(demo.id)) await deps.pipelines.delete(demo.id);
  }
  return seedDemo({ ...deps, force: true });
}
