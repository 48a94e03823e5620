/**
 * Fires pipeline schedules. Each tick is claimed in the store under the id `<pipeline>@<fire time>` — an insert
 * that only one process can win — so several API processes fire each tick exactly once. Overlap and catch-up
 * policies decide what a tick does; every tick is recorded (STARTED, SKIPPED, QUEUED or MISSED) with its reason.
 * Time comes from the Clock port: tests drive `tick()` with a controlled clock.
 */
import type { Clock } from "../common/clock.js";
import { DomainError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import type { RunEngine } from "../engine/run-engine.js";
import type { PipelineStore, RunStore, ScheduleTickStore } from "../store/ports.js";
import type { PipelineRecord, ScheduleTickRecord } from "../store/records.js";
import { fireTimesBetween } from "./schedule-spec.js";

export interface SchedulerDeps {
  pipelines: PipelineStore;
  runs: RunStore;
  ticks: ScheduleTickStore;
  engine: Pick<RunEngine, "runPipeline" | "owner">;
  clock: Clock;
  logger: Logger;
}

/** How late a fire time may be handled and still count as on time (not a missed tick). */
const ON_TIME_MS = 60_000;

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.ticking) return;
      this.ticking = this.tick()
        .catch((error: unknown) => this.deps.logger.error({ err: error }, "scheduler tick failed"))
        .finally(() => (this.ticking = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  /** Handles every scheduled pipeline's due ticks up to now. */
  async tick(): Promise<void> {
    for (let after: string | null = null; ;) {
      const page = await this.deps.pipelines.list({ scheduled: true }, { first: 200, after });
      for (const pipeline of page.items) await this.tickPipeline(pipeline);
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
  }

  private async tickPipeline(pipeline: PipelineRecord): Promise<void> {
    const schedule = pipeline.schedule;
    if (!schedule?.enabled) return;
    const now = this.deps.clock.now();
    const [last] = (await this.deps.ticks.list({ pipelineId: pipeline.id }, { first: 1 })).items;
    // Before its first tick a schedule counts from when it was last saved: no catch-up for times before it existed.
    const since = last?.createdAt ?? pipeline.updatedAt;
    const due = fireTimesBetween(schedule, since, now, Math.max(schedule.catchUpLimit, 1));
    await this.startQueued(pipeline);
    if (due.length === 0) return;

    const onTime = due.filter((t) => now.getTime() - t.getTime() <= ON_TIME_MS);
    const missed = due.filter((t) => now.getTime() - t.getTime() > ON_TIME_MS);
    let toRun: Date[];
    switch (schedule.catchUp) {
      case "NONE":
        toRun = onTime;
        break;
      case "LATEST":
        toRun = due.slice(-1);
        break;
      case "ALL":
        toRun = due.slice(-schedule.catchUpLimit);
        break;
    }
    const run = new Set(toRun.map((t) => t.getTime()));
    for (const fireAt of due) {
      if (run.has(fireAt.getTime())) await this.fire(pipeline, fireAt);
      // Recording missed ticks keeps the schedule's position, so they are not considered again.
      else if (fireAt === missed.at(-1) || fireAt === due.at(-1))
        await this.claim(
          pipeline,
          fireAt,
          "MISSED",
          null,
          `missed while no server was running (catch-up ${schedule.catchUp})`,
        );
    }
  }

  private async fire(pipeline: PipelineRecord, fireAt: Date): Promise<void> {
    const schedule = pipeline.schedule;
    if (!schedule) return;
    const active = await this.activeRun(pipeline.id);
    if (active && schedule.overlap === "SKIP") {
      await this.claim(pipeline, fireAt, "SKIPPED", null, `run ${active} was still going (overlap SKIP)`);
      return;
    }
    if (active && schedule.overlap === "QUEUE") {
      await this.claim(pipeline, fireAt, "QUEUED", null, `waiting for run ${active} to end (overlap QUEUE)`);
      return;
    }
    const tick = await this.claim(pipeline, fireAt, "STARTED", null, null);
    if (tick) await this.startRun(pipeline, tick);
  }

  /** Starts the oldest QUEUED tick once the pipeline has no active run. */
  private async startQueued(pipeline: PipelineRecord): Promise<void> {
    const queued = await this.deps.ticks.list({ pipelineId: pipeline.id, status: ["QUEUED"] }, { first: 100 });
    const oldest = queued.items.at(-1);
    if (!oldest || (await this.activeRun(pipeline.id))) return;
    // Only one process wins the move from QUEUED to STARTED: the versioned update is conditional.
    const taken = await this.deps.ticks.update(
      oldest.id,
      { status: "STARTED", owner: this.deps.engine.owner, reason: null },
      { ifVersion: oldest.version },
    );
    if (taken && !("conflict" in taken)) await this.startRun(pipeline, taken);
  }

  private async startRun(pipeline: PipelineRecord, tick: ScheduleTickRecord): Promise<void> {
    try {
      const run = await this.deps.engine.runPipeline(pipeline.id, null, "SCHEDULE");
      await this.deps.ticks.update(tick.id, { runId: run.id });
      this.deps.logger.info(
        { pipelineId: pipeline.id, runId: run.id, fireAt: tick.createdAt },
        "scheduled run started",
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.deps.ticks.update(tick.id, { status: "SKIPPED", reason: `could not start: ${reason}` });
      this.deps.logger.warn({ pipelineId: pipeline.id, err: error }, "a scheduled run could not start");
    }
  }

  /** Records the tick if no process has; returns it when this process did. */
  private async claim(
    pipeline: PipelineRecord,
    fireAt: Date,
    status: ScheduleTickRecord["status"],
    runId: string | null,
    reason: string | null,
  ): Promise<ScheduleTickRecord | null> {
    const tick: ScheduleTickRecord = {
      id: `${pipeline.id}@${fireAt.toISOString()}`,
      pipelineId: pipeline.id,
      createdAt: fireAt,
      status,
      runId,
      reason,
      owner: this.deps.engine.owner,
      version: 1,
    };
    try {
      await this.deps.ticks.insert(tick);
      return tick;
    } catch (error) {
      if (error instanceof DomainError && error.code === "CONFLICT") return null;
      throw error;
    }
  }

  private async activeRun(pipelineId: string): Promise<string | null> {
    const active = await this.deps.runs.list({ pipelineId, status: ["QUEUED", "RUNNING"] }, { first: 1 });
    return active.items[0]?.id ?? null;
  }
}
