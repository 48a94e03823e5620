import { readFileSync } from "node:fs";
import type { Clock } from "../common/clock.js";
import { BadInputError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import type { RunEngine } from "../engine/run-engine.js";
import type { PipelineService } from "../pipelines/pipeline.service.js";
import { resetDemo, seedDemo } from "../seed/seed-demo.js";
import type { StoreHealth, Stores } from "../store/ports.js";

const VERSION = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export interface SystemInfo {
  version: string;
  store: StoreHealth;
  activeRuns: number;
  startedAt: Date;
}

/** Facts about this installation, and the demo's seed and reset (Settings page). */
export class SystemService {
  private readonly startedAt: Date;

  constructor(
    private readonly deps: {
      stores: Stores;
      pipelines: PipelineService;
      engine: RunEngine;
      samplesDir: string;
      clock: Clock;
      logger: Logger;
    },
  ) {
    this.startedAt = deps.clock.now();
  }

  async info(): Promise<SystemInfo> {
    return {
      version: VERSION,
      store: await this.deps.stores.ping(),
      activeRuns: this.deps.engine.activeRunIds.length,
      startedAt: this.startedAt,
    };
  }

  /** Adds whatever demo pipeline or dataset is missing; never changes an existing one. */
  seedDemo(): Promise<{ pipelines: number; datasets: number }> {
    return seedDemo({ ...this.deps, force: true });
  }

  /** Restores the demo pipelines as shipped (their runs are deleted); other pipelines are untouched. */
  resetDemo(confirm: string): Promise<{ pipelines: number; datasets: number }> {
    if (confirm !== "RESET")
      throw new BadInputError(
        "confirm",
        'must be "RESET": the demo pipelines and their runs are deleted and created again',
      );
    return resetDemo(this.deps);
  }
}
