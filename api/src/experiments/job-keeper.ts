/**
 * Ownership of background jobs (experiments, AutoML searches) across processes and restarts, the way runs are
 * kept: the process running a job holds a lease on its record, renewed by a heartbeat that also picks up
 * cancellations requested from other processes. A job still QUEUED or RUNNING whose lease has expired belongs
 * to a process that died: the sweep (at start, then periodically) marks it FAILED, so none stays RUNNING forever.
 */
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { EntityStore } from "../store/ports.js";
import type { JobStatus } from "../store/records.js";

export interface LeasedJob {
  id: string;
  createdAt: Date;
  status: JobStatus;
  error: string | null;
  finishedAt: Date | null;
  leaseOwner?: string | null;
  leaseExpiresAt?: Date | null;
  cancelRequestedAt?: Date | null;
}

export interface JobKeeperOptions<T = LeasedJob> {
  owner: string;
  /** A lease not renewed for this long marks its job as orphaned. */
  leaseTtlMs: number;
  /** How often leases are renewed and cancellation requests checked. */
  heartbeatMs: number;
  clock: Clock;
  logger: Logger;
  /** What to call a job in messages ("experiment", "AutoML run"). */
  kind: string;
  /** Extra fields set on an orphan marked FAILED (e.g. its stage). */
  orphanPatch?: Record<string, unknown>;
  /** Called after an orphan was marked FAILED (e.g. to publish its final progress). */
  onOrphanFailed?: (job: LeasedJob) => Promise<void>;
  /** Jobs that no process runs here and the sweep must leave alone (runs an MLflow client is logging). */
  unleased?: (job: T) => boolean;
}

const SWEEP_PAGE = 200;

export class JobKeeper<T extends LeasedJob> {
  private readonly active = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | null = null;
  private sweeps = 0;

  constructor(
    private readonly store: EntityStore<T, { status?: readonly JobStatus[] | undefined }>,
    private readonly options: JobKeeperOptions<T>,
  ) {}

  get owner(): string {
    return this.options.owner;
  }

  /** The lease fields of a job this process is about to run. */
  lease(): { leaseOwner: string; leaseExpiresAt: Date } {
    return {
      leaseOwner: this.options.owner,
      leaseExpiresAt: new Date(this.options.clock.now().getTime() + this.options.leaseTtlMs),
    };
  }

  /** Registers a job run here; its controller aborts on cancellation (local or from another process). */
  track(id: string, controller: AbortController): void {
    this.active.set(id, controller);
  }

  untrack(id: string): void {
    this.active.delete(id);
  }

  controllerOf(id: string): AbortController | undefined {
    return this.active.get(id);
  }

  get activeIds(): string[] {
    return [...this.active.keys()];
  }

  /** Sweeps now, then renews leases and sweeps every heartbeat. */
  start(): void {
    const tick = (): void => {
      this.tick().catch((error: unknown) =>
        this.options.logger.error({ err: error }, `${this.options.kind} lease heartbeat failed`),
      );
    };
    tick();
    this.timer = setInterval(tick, this.options.heartbeatMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Aborts every job run here (at shutdown). */
  abortAll(reason: string): void {
    for (const controller of this.active.values()) controller.abort(new Error(reason));
  }

  async tick(): Promise<void> {
    await this.renew();
    // Renewals every beat; the orphan sweep on the first beat and then every few.
    if (this.sweeps++ % 4 === 0) await this.sweep();
  }

  /** Extends the leases of the jobs run here and aborts those whose cancellation was requested elsewhere. */
  async renew(): Promise<void> {
    for (const [id, controller] of this.active) {
      const job = await this.store.get(id);
      // Finished meanwhile: its lease was released with the final status.
      if (!job || job.status === "SUCCEEDED" || job.status === "FAILED" || job.status === "CANCELLED") continue;
      if (job.cancelRequestedAt && !controller.signal.aborted) controller.abort(new Error("cancelled by request"));
      await this.store.update(id, this.lease() as unknown as Partial<Omit<T, "id" | "createdAt">>);
    }
  }

  /** Marks FAILED every QUEUED or RUNNING job whose lease expired (its process died); returns how many. */
  async sweep(): Promise<number> {
    const now = this.options.clock.now();
    const orphans: T[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await this.store.list({ status: ["QUEUED", "RUNNING"] }, { first: SWEEP_PAGE, after });
      for (const job of page.items) {
        if (this.active.has(job.id) || this.options.unleased?.(job)) continue;
        const expires = job.leaseExpiresAt ? job.leaseExpiresAt.getTime() : 0;
        if (expires <= now.getTime()) orphans.push(job);
      }
      if (!page.hasNextPage || page.endCursor === null) break;
      after = page.endCursor;
    }
    for (const job of orphans) {
      const error = job.cancelRequestedAt
        ? null
        : `the process running this ${this.options.kind} stopped (${job.leaseOwner ?? "unknown process"}) before it finished`;
      const patch = {
        status: job.cancelRequestedAt ? "CANCELLED" : "FAILED",
        error: job.cancelRequestedAt ? "cancelled by request" : error,
        finishedAt: now,
        leaseOwner: null,
        leaseExpiresAt: null,
        ...this.options.orphanPatch,
      } as unknown as Partial<Omit<T, "id" | "createdAt">>;
      const updated = await this.store.update(job.id, patch);
      if (updated && !("conflict" in updated)) {
        this.options.logger.warn(
          { id: job.id, owner: job.leaseOwner },
          `marked orphaned ${this.options.kind} ${updated.status}`,
        );
        await this.options.onOrphanFailed?.(updated);
      }
    }
    return orphans.length;
  }
}
