import type { Clock } from "../common/clock.js";
import { BadInputError } from "../common/errors.js";
import { utcDay } from "../store/collections.js";
import type { Stores } from "../store/ports.js";
import type { DashboardStats, RunDay } from "./dashboard.type.js";

const DAY_MS = 86_400_000;
const TREND_POINTS = 20;

/** Computes the dashboard from stored data: counts and per-day aggregates come from the store, not from memory. */
export class DashboardService {
  /**
   * Computations in flight, by `days`: requests arriving meanwhile share one (single-flight). The dashboard is
   * what every open editor polls, and on a loaded store (FerretDB scans its collections for these aggregates) each
   * copy of the same computation only made the next one slower.
   */
  private readonly inFlight = new Map<number, Promise<DashboardStats>>();

  constructor(
    private readonly stores: Stores,
    private readonly clock: Clock,
  ) {}

  stats(days: number): Promise<DashboardStats> {
    if (!Number.isInteger(days) || days < 1 || days > 366)
      return Promise.reject(new BadInputError("days", "must be an integer from 1 to 366"));
    const running = this.inFlight.get(days);
    if (running) return running;
    const computing = this.compute(days).finally(() => this.inFlight.delete(days));
    this.inFlight.set(days, computing);
    return computing;
  }

  private async compute(days: number): Promise<DashboardStats> {
    const today = this.clock.now();
    const dayList = Array.from({ length: days }, (_, i) => utcDay(new Date(today.getTime() - (days - 1 - i) * DAY_MS)));
    const { stores } = this;
    const [
      runStats,
      pipelineCount,
      datasetCount,
      experimentCount,
      modelCount,
      experiments,
      validations,
      recent,
      validationCount,
      passed,
      failed,
    ] = await Promise.all([
      stores.runs.stats(dayList[0] as string),
      stores.pipelines.count({}),
      stores.datasets.count({}),
      stores.experiments.count({}),
      stores.models.count({}),
      stores.experiments.list({ status: ["SUCCEEDED"] }, { first: TREND_POINTS }),
      stores.validations.list({ status: ["PASSED", "WARNED", "FAILED"] }, { first: TREND_POINTS }),
      stores.runs.list({}, { first: 10 }),
      stores.validations.count({}),
      stores.validations.count({ status: ["PASSED"] }),
      stores.validations.count({ status: ["FAILED"] }),
    ]);

    const perDay = new Map<string, RunDay & { durationSumMs: number; durationCount: number }>(
      dayList.map((day) => [
        day,
        {
          day,
          total: 0,
          succeeded: 0,
          failed: 0,
          cancelled: 0,
          avgDurationMs: null,
          durationSumMs: 0,
          durationCount: 0,
        },
      ]),
    );
    for (const row of runStats.perDay) {
      const entry = perDay.get(row.day);
      if (!entry) continue;
      entry.total += row.count;
      if (row.status === "SUCCEEDED") entry.succeeded += row.count;
      if (row.status === "FAILED") entry.failed += row.count;
      if (row.status === "CANCELLED") entry.cancelled += row.count;
      entry.durationSumMs += row.durationSumMs;
      entry.durationCount += row.durationCount;
    }
    let durationSum = 0;
    let durationCount = 0;
    const runsPerDay = [...perDay.values()].map(({ durationSumMs, durationCount: count, ...day }) => {
      durationSum += durationSumMs;
      durationCount += count;
      return { ...day, avgDurationMs: count > 0 ? durationSumMs / count : null };
    });

    const s = runStats.byStatus;
    const decided = s.SUCCEEDED + s.FAILED;
    const scored = validations.items.filter((v) => v.score !== null);
    return {
      pipelineCount,
      runCount: s.QUEUED + s.RUNNING + s.SUCCEEDED + s.FAILED + s.CANCELLED,
      runsByStatus: {
        queued: s.QUEUED,
        running: s.RUNNING,
        succeeded: s.SUCCEEDED,
        failed: s.FAILED,
        cancelled: s.CANCELLED,
      },
      successRate: decided > 0 ? s.SUCCEEDED / decided : null,
      avgDurationMs: durationCount > 0 ? durationSum / durationCount : null,
      runsPerDay,
      datasetCount,
      experimentCount,
      modelCount,
      modelAccuracyTrend: experiments.items
        .filter((e) => typeof e.metrics["accuracy"] === "number")
        .map((e) => ({
          experimentId: e.id,
          name: e.name,
          algorithm: e.algorithm,
          at: e.finishedAt ?? e.createdAt,
          accuracy: e.metrics["accuracy"] as number,
        }))
        .reverse(),
      dataQuality: {
        validations: validationCount,
        passed,
        failed,
        averageScore:
          scored.length > 0 ? scored.reduce((sum, v) => sum + (v.score as number), 0) / scored.length : null,
      },
      recentRuns: recent.items,
    };
  }
}
