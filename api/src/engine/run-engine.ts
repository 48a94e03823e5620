/**
 * Runs pipelines in this process: creates runs, executes them with the executor, holds a lease per run (renewed
 * by a heartbeat) so that another process can tell a dead engine from a busy one, recovers the runs of dead
 * engines, and carries out cancellations requested from any process.
 */
import { hostname } from "node:os";
import type { Clock } from "../common/clock.js";
import { DomainError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import { checkRunnable, validateDag, type StepKindLookup } from "../pipelines/dag.js";
import { resolveParams, substituteParams, type ParamValues } from "../pipelines/params.js";
import type { PipelineService } from "../pipelines/pipeline.service.js";
import { TERMINAL_RUN_STATUSES, type RunTrigger } from "../runs/run-state.js";
import { currentVersionOf, type RunService, type StartRun } from "../runs/run.service.js";
import type { RunStore } from "../store/ports.js";
import type { RunRecord } from "../store/records.js";
import { abortableSleep, executeRun } from "./executor.js";
import { priorOutputs } from "./prior-outputs.js";
import type { StepExecutor, StepOutput, StepResult } from "./step-runtime.js";

export interface RunEngineOptions {
  /** Steps running at once per run. */
  concurrency: number;
  /** How long a lease lasts without renewal; a dead engine's runs are recovered after at most this. */
  leaseTtlMs: number;
  /** How often to look for runs whose engine died. */
  sweepIntervalMs: number;
  /**
   * Awaited before each event append and each step starts or goes on after finishing: lets the host put the
   * engine's own work behind serving requests (see common/background-lane.ts). Default: no wait.
   */
  yieldTurn?: () => Promise<void>;
}

export interface RunEngineDeps {
  runs: RunService;
  runStore: RunStore;
  pipelines: PipelineService;
  steps: StepExecutor;
  lookupKind: StepKindLookup;
  clock: Clock;
  logger: Logger;
}

interface ActiveRun {
  controller: AbortController;
  done: Promise<void>;
}

export class RunEngine {
  /** This process's identity in leases and step claims. */
  readonly owner = `${hostname()}:${process.pid}:${newId()}`;
  private readonly active = new Map<string, ActiveRun>();
  /** Runs being created by this process, not yet in `active`. */
  private readonly launching = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly deps: RunEngineDeps,
    private readonly options: RunEngineOptions,
  ) {}

  /** Starts recovering the runs of dead engines (now, then periodically). */
  start(): void {
    const sweep = (): void => {
      this.recoverOrphans().catch((error: unknown) =>
        this.deps.logger.error({ err: error }, "run recovery sweep failed"),
      );
    };
    sweep();
    this.sweepTimer = setInterval(sweep, this.options.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /** Checks the pipeline and the params, creates the run and starts it; returns at once with the QUEUED run. */
  async runPipeline(
    pipelineId: string,
    params: Record<string, unknown> | null,
    trigger: RunTrigger,
  ): Promise<RunRecord> {
    const pipeline = await this.deps.pipelines.get(pipelineId);
    const issues = [...validateDag(pipeline, this.deps.lookupKind), ...checkRunnable(pipeline, this.deps.lookupKind)];
    if (pipeline.nodes.length === 0) {
      throw new DomainError("VALIDATION_FAILED", `Pipeline "${pipeline.name}" has no steps to run`, { issues: [] });
    }
    if (issues.length > 0) {
      throw new DomainError(
        "VALIDATION_FAILED",
        `Pipeline "${pipeline.name}" cannot run: ${issues[0]?.message ?? ""}`,
        { issues },
      );
    }
    const values = resolveParams(pipeline.params, params);
    return this.launch({ ...currentVersionOf(pipeline), trigger, params: values }, new Map());
  }

  /**
   * Runs a finished run again as a new run on the same DAG snapshot and params. With `fromFailed`, steps that
   * succeeded keep their outputs and only failed, skipped and cancelled ones run.
   */
  async retry(runId: string, fromFailed: boolean): Promise<RunRecord> {
    const parent = await this.deps.runs.get(runId);
    if (!TERMINAL_RUN_STATUSES.has(parent.status)) {
      throw new DomainError("CONFLICT", `Run "${runId}" is ${parent.status}; only a finished run can be retried`, {
        status: parent.status,
      });
    }
    let reused = new Map<string, StepResult & { output: StepOutput | null }>();
    if (fromFailed) {
      if (parent.status === "SUCCEEDED") {
        throw new DomainError(
          "BAD_USER_INPUT",
          `Run "${runId}" succeeded: nothing failed to retry (use fromFailed: false to run it all again)`,
          {
            field: "fromFailed",
          },
        );
      }
      reused = await priorOutputs(this.deps.runs, parent);
    }
    return this.launch(
      {
        pipelineId: parent.pipelineId,
        pipelineName: parent.pipelineName,
        pipelineVersion: parent.pipelineVersion,
        dag: parent.snapshot,
        trigger: "RETRY",
        params: parent.params,
        parentRunId: parent.id,
      },
      reused,
    );
  }

  /** Cancels a run: at once when this process runs it, else through the store for the process that does. */
  async cancel(runId: string): Promise<RunRecord> {
    const run = await this.deps.runs.get(runId);
    if (TERMINAL_RUN_STATUSES.has(run.status)) return run;
    await this.deps.runStore.requestCancel(runId, this.deps.clock.now());
    const local = this.active.get(runId);
    if (local) {
      local.controller.abort(new Error("cancelled by request"));
      await local.done;
    }
    return this.deps.runs.get(runId);
  }

  /** Stops: running runs are cancelled ("server shutting down") and recorded as such. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const run of this.active.values()) run.controller.abort(new Error("server shutting down"));
    await Promise.all([...this.active.values()].map((r) => r.done));
  }

  /** Runs currently executed by this process. */
  get activeRunIds(): string[] {
    return [...this.active.keys()];
  }

  private async launch(
    start: Omit<StartRun, "lease">,
    reused: Map<string, StepResult & { output: StepOutput | null }>,
  ): Promise<RunRecord> {
    if (this.closed) throw new DomainError("CONFLICT", "the server is shutting down; try again shortly");
    // Known as this process's own before the store has it: a store slower than the lease (the run is stored,
    // its first events not yet) must not let this process's own sweep take the run for an orphan.
    const id = newId();
    this.launching.add(id);
    let run: RunRecord;
    try {
      run = await this.deps.runs.create({ ...start, id, lease: { owner: this.owner, expiresAt: this.leaseEnd() } });
    } finally {
      this.launching.delete(id);
    }
    const controller = new AbortController();
    const done = this.execute(run, start.params as ParamValues, reused, controller).finally(() =>
      this.active.delete(run.id),
    );
    this.active.set(run.id, { controller, done });
    return run;
  }

  private async execute(
    run: RunRecord,
    params: ParamValues,
    reused: Map<string, StepResult & { output: StepOutput | null }>,
    controller: AbortController,
  ): Promise<void> {
    const { runs, runStore, clock, logger } = this.deps;
    const heartbeat = setInterval(
      () => {
        this.renew(run.id, controller).catch((error: unknown) =>
          logger.warn({ err: error, runId: run.id }, "lease renewal failed"),
        );
      },
      Math.max(50, Math.floor(this.options.leaseTtlMs / 3)),
    );
    try {
      const dag = {
        nodes: run.snapshot.nodes.map((node) => ({ ...node, config: substituteParams(node.config, params) })),
        edges: run.snapshot.edges,
      };
      const yieldTurn = this.options.yieldTurn;
      const steps: StepExecutor = yieldTurn
        ? {
            run: async (invocation) => {
              await yieldTurn();
              const result = await this.deps.steps.run(invocation);
              await yieldTurn();
              return result;
            },
          }
        : this.deps.steps;
      const outcome = await executeRun(
        { runId: run.id, dag, params, reused },
        {
          append: yieldTurn
            ? async (runId, events) => {
                await yieldTurn();
                return runs.append(runId, events);
              }
            : (runId, events) => runs.append(runId, events),
          steps,
          clock,
          sleep: abortableSleep,
          claimStep: (runId, nodeId, attempt) => runStore.claimStep(runId, nodeId, attempt, this.owner),
        },
        { concurrency: this.options.concurrency },
        controller.signal,
      );
      logger.info({ runId: run.id, pipelineId: run.pipelineId, ...outcome }, "run finished");
    } catch (error) {
      // The executor only throws when it cannot record events (store down): try once more to close the run.
      logger.error({ err: error, runId: run.id }, "run aborted by an engine error");
      await runs
        .append(run.id, [
          { type: "RUN_FAILED", at: clock.now(), payload: { reason: "internal engine error; see the server log" } },
        ])
        .catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      await runStore.releaseLease(run.id, this.owner).catch(() => undefined);
    }
  }

  /** Renews the lease; aborts the run when the lease was lost or a cancellation was requested elsewhere. */
  private async renew(runId: string, controller: AbortController): Promise<void> {
    const now = this.deps.clock.now();
    const held = await this.deps.runStore.acquireLease(runId, this.owner, now, this.leaseEnd());
    if (!held && !controller.signal.aborted) {
      controller.abort(new Error("this engine lost the run's lease (it was presumed dead)"));
      return;
    }
    const run = await this.deps.runStore.get(runId);
    if (run?.cancelRequestedAt && !controller.signal.aborted) controller.abort(new Error("cancelled by request"));
  }

  private leaseEnd(): Date {
    return new Date(this.deps.clock.now().getTime() + this.options.leaseTtlMs);
  }

  /** Marks the runs of engines that stopped renewing their lease as FAILED, explaining why. */
  async recoverOrphans(): Promise<number> {
    const { runStore, runs, clock, logger } = this.deps;
    const now = clock.now();
    const orphans = await runStore.listOrphanedRuns(now, 100);
    let recovered = 0;
    for (const run of orphans) {
      if (this.active.has(run.id) || this.launching.has(run.id)) continue;
      // Taking the lease first makes sure exactly one process records the failure.
      if (!(await runStore.acquireLease(run.id, this.owner, now, this.leaseEnd()))) continue;
      try {
        const fresh = await runStore.get(run.id);
        if (!fresh || TERMINAL_RUN_STATUSES.has(fresh.status)) continue;
        const reason = fresh.cancelRequestedAt
          ? "cancelled by request (its engine had stopped)"
          : `the engine running it stopped (${run.leaseOwner ?? "no engine"} stopped renewing its lease${
              run.leaseExpiresAt ? ` at ${run.leaseExpiresAt.toISOString()}` : ""
            }); unfinished steps did not complete — retry the run to continue from them`;
        await runs.append(run.id, [
          { type: fresh.cancelRequestedAt ? "RUN_CANCELLED" : "RUN_FAILED", at: clock.now(), payload: { reason } },
        ]);
        recovered++;
        logger.warn({ runId: run.id, previousOwner: run.leaseOwner }, "recovered a run whose engine stopped");
      } finally {
        await runStore.releaseLease(run.id, this.owner);
      }
    }
    return recovered;
  }
}
