/**
 * Sends a webhook notification when a run ends: for every enabled webhook of its pipeline (or global) that
 * listens to the event, a delivery is recorded, POSTed with an HMAC signature, retried with backoff on failure,
 * and its attempts logged. The delivery id is derived from (webhook, run, event), so when several API processes
 * see the same run end, the first to record it delivers and the others skip it. A delivery left PENDING by a process
 * that died (or stopped) is taken over by a sweep in any live process once its next attempt is overdue; each attempt
 * is written with the version the sender last saw, so two processes never both send the next attempt. Delivery is
 * at least once: receivers dedupe on the `x-millrace-delivery` header.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../common/clock.js";
import { DomainError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import { topics, type EventBus } from "../events/event-bus.js";
import type { HttpFetchPolicy } from "../steps/impl/http-fetch.js";
import { postJson } from "../steps/impl/http-fetch.js";
import type { RunStore, WebhookDeliveryStore, WebhookStore } from "../store/ports.js";
import type { RunRecord, WebhookDeliveryRecord, WebhookEvent, WebhookRecord } from "../store/records.js";
import { webhookBody } from "./webhook-payload.js";
import { SIGNATURE_HEADER, signatureHeader } from "./webhook-signature.js";

export interface DispatcherOptions {
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  /** First retry delay; doubles each time. */
  backoffMs: number;
  timeoutMs: number;
  policy: HttpFetchPolicy;
  /** A PENDING delivery whose next attempt is this overdue has lost its sender (default: timeout + 30 s). */
  orphanAfterMs?: number;
  /** How often to look for such deliveries (default 30 s; the first look is at start). */
  sweepEveryMs?: number;
}

const EVENT_OF: Partial<Record<RunRecord["status"], WebhookEvent>> = {
  SUCCEEDED: "RUN_SUCCEEDED",
  FAILED: "RUN_FAILED",
  CANCELLED: "RUN_CANCELLED",
};

export class WebhookDispatcher {
  private subscription: AsyncIterableIterator<RunRecord> | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      webhooks: WebhookStore;
      deliveries: WebhookDeliveryStore;
      runs: Pick<RunStore, "get">;
      bus: EventBus;
      clock: Clock;
      logger: Logger;
    },
    private readonly options: DispatcherOptions,
  ) {}

  start(): void {
    const subscription = this.deps.bus.subscribe<RunRecord>(topics.runs());
    this.subscription = subscription;
    void (async () => {
      for await (const run of subscription) {
        const event = EVENT_OF[run.status];
        if (event) this.track(this.notify(run, event));
      }
    })().catch((error: unknown) => this.deps.logger.error({ err: error }, "webhook dispatcher stopped"));
    const sweep = (): void => this.track(this.resumeOrphans());
    sweep();
    this.sweepTimer = setInterval(sweep, this.options.sweepEveryMs ?? 30_000);
    this.sweepTimer.unref();
  }

  /**
   * Stops listening and waits for deliveries under way. Their retries are cut short and they stay PENDING, due now,
   * for another process (or the next start) to take over.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.subscription?.return?.();
    await Promise.all([...this.inFlight]);
  }

  /** Takes over PENDING deliveries whose sender is gone (exported for tests; also run every `sweepEveryMs`). */
  async resumeOrphans(): Promise<number> {
    const overdueBefore =
      this.deps.clock.now().getTime() - (this.options.orphanAfterMs ?? this.options.timeoutMs + 30_000);
    let resumed = 0;
    let after: string | null = null;
    do {
      const page = await this.deps.deliveries.list({ status: ["PENDING"] }, { first: 200, after });
      for (const delivery of page.items) {
        if (this.stopped) return resumed;
        const due = delivery.nextAttemptAt?.getTime() ?? delivery.updatedAt.getTime();
        if (due > overdueBefore) continue;
        // Claim it: whoever bumps the version it was left with sends the next attempt.
        const claimed = await this.deps.deliveries.update(
          delivery.id,
          { updatedAt: this.deps.clock.now() },
          { ifVersion: delivery.version },
        );
        if (!claimed || "conflict" in claimed) continue;
        const [webhook, run] = await Promise.all([
          this.deps.webhooks.get(delivery.webhookId),
          this.deps.runs.get(delivery.runId),
        ]);
        if (!webhook || !run) {
          await this.deps.deliveries.update(delivery.id, {
            status: "FAILED",
            lastError: webhook ? "the run no longer exists" : "the webhook was deleted",
            nextAttemptAt: null,
            updatedAt: this.deps.clock.now(),
          });
          continue;
        }
        resumed++;
        this.track(this.deliver(webhook, claimed, run));
      }
      after = page.endCursor;
      if (!page.hasNextPage) break;
    } while (after);
    if (resumed > 0) this.deps.logger.info({ resumed }, "resumed webhook deliveries left pending");
    return resumed;
  }

  /** Records and sends the deliveries of one run's end (exported for tests and for a retry from the API). */
  async notify(run: RunRecord, event: WebhookEvent): Promise<void> {
    const candidates = [
      ...(await this.deps.webhooks.list({ pipelineId: run.pipelineId, enabled: true }, { first: 500 })).items,
      ...(await this.deps.webhooks.list({ enabled: true }, { first: 500 })).items.filter((w) => w.pipelineId === null),
    ];
    for (const webhook of candidates) {
      if (!webhook.events.includes(event)) continue;
      const delivery = await this.claim(webhook, run, event);
      if (delivery) this.track(this.deliver(webhook, delivery, run));
    }
  }

  private async claim(
    webhook: WebhookRecord,
    run: RunRecord,
    event: WebhookEvent,
  ): Promise<WebhookDeliveryRecord | null> {
    const now = this.deps.clock.now();
    const delivery: WebhookDeliveryRecord = {
      id: createHash("sha256").update(`${webhook.id}\n${run.id}\n${event}`).digest("base64url").slice(0, 22),
      webhookId: webhook.id,
      runId: run.id,
      pipelineId: run.pipelineId,
      event,
      status: "PENDING",
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      nextAttemptAt: now,
      deliveredAt: null,
      version: 0,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.deps.deliveries.insert(delivery);
      return delivery;
    } catch (error) {
      if (error instanceof DomainError && error.code === "CONFLICT") return null; // another process has it
      throw error;
    }
  }

  private async deliver(webhook: WebhookRecord, delivery: WebhookDeliveryRecord, run: RunRecord): Promise<void> {
    const body = webhookBody(webhook, delivery.id, delivery.event, run);
    let version = delivery.version;
    for (let attempt = delivery.attempts + 1; attempt <= this.options.maxAttempts; attempt++) {
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const result = await postJson(
          webhook.url,
          body,
          {
            "x-millrace-event": delivery.event,
            "x-millrace-delivery": delivery.id,
            [SIGNATURE_HEADER]: signatureHeader(webhook.secret, body, this.deps.clock.now()),
          },
          { policy: this.options.policy, timeoutMs: this.options.timeoutMs },
        );
        statusCode = result.status;
        if (result.status < 200 || result.status > 299)
          error = `HTTP ${result.status}${result.body ? `: ${result.body.slice(0, 200)}` : ""}`;
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
      }
      const now = this.deps.clock.now();
      const done = error === null;
      const last = attempt === this.options.maxAttempts;
      // Stopping: leave it PENDING and due now, for whichever process sweeps next.
      const handOver = !done && !last && this.stopped;
      const delayMs = this.options.backoffMs * 2 ** (attempt - 1);
      const written = await this.deps.deliveries.update(
        delivery.id,
        {
          attempts: attempt,
          lastStatusCode: statusCode,
          lastError: error,
          status: done ? "DELIVERED" : last ? "FAILED" : "PENDING",
          deliveredAt: done ? now : null,
          nextAttemptAt: done || last ? null : handOver ? now : new Date(now.getTime() + delayMs),
          updatedAt: now,
        },
        { ifVersion: version },
      );
      if (!written || "conflict" in written) {
        // Another process took it over while this attempt was under way (it looked orphaned): it goes on.
        this.deps.logger.warn({ deliveryId: delivery.id }, "webhook delivery taken over by another process");
        return;
      }
      version = written.version;
      if (done || last || handOver) {
        if (last && !done)
          this.deps.logger.warn({ webhookId: webhook.id, runId: run.id, error }, "webhook delivery failed");
        return;
      }
      // Stopping during the wait leaves it as written: PENDING, for a sweep to take over when due.
      if (!(await this.wait(delayMs))) return;
    }
  }

  /** Resolves true after `ms`, or false as soon as the dispatcher stops. */
  private wait(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stopping.signal.removeEventListener("abort", onAbort);
        resolve(true);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      this.stopping.signal.addEventListener("abort", onAbort, { once: true });
    });
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.deps.logger.error({ err: error }, "webhook delivery error"));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
