import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { DataEngine } from "../data/data-engine.js";
import type { RunEngine } from "../engine/run-engine.js";

const DAY_MS = 86_400_000;
const INTERVAL_MS = 3_600_000;

/** Deletes step outputs of runs older than the retention period (hourly), never those of runs still running. */
export class RunOutputRetention {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly data: DataEngine,
    private readonly engine: RunEngine,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly days: number,
  ) {}

  start(): void {
    if (this.days === 0) return;
    const collect = (): void => {
      this.collect().catch((error: unknown) => this.logger.warn({ err: error }, "run output retention failed"));
    };
    collect();
    this.timer = setInterval(collect, INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async collect(): Promise<number> {
    const report = await this.data.collectRunOutputs({
      keepRunIds: this.engine.activeRunIds,
      olderThan: new Date(this.clock.now().getTime() - this.days * DAY_MS),
    });
    if (report.removedRunIds.length > 0) {
      this.logger.info({ runs: report.removedRunIds.length, bytes: report.bytesFreed }, "deleted old run outputs");
    }
    return report.removedRunIds.length;
  }
}
