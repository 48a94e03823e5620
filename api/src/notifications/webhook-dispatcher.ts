/**
 * Sends a webhook notification when a run ends: for every enabled webhook of its pipeline (or global) that
 * listens to the event, a delivery is recorded, POSTed with an HMAC signature, retried with backoff on failure,
 * and its attempts logged. The delivery id is derived from (webhook, run, event), so when several API processes
 * see the same run end, the first to record it delivers and the others skip it.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../common/clock.js";
import { DomainError } from "../common/errors.js";
import type { Logger } from "../common/logger.js";
import { topics, type EventBus } from "../events/event-bus.js";
import type { HttpFetchPolicy } from "../steps/impl/http-fetch.js";
import { postJson } from "../steps/impl/http-fetch.js";
import type { WebhookDeliveryStore, WebhookStore } from "../store/ports.js";
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
}

const EVENT_OF: Partial<Record<RunRecord["status"], WebhookEvent>> = {
  SUCCEEDED: "RUN_SUCCEEDED",
  FAILED: "RUN_FAILED",
  CANCELLED: "RUN_CANCELLED",
};

export class WebhookDispatcher {
  private subscription: AsyncIterableIterator<RunRecord> | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly deps: {
      webhooks: WebhookStore;
      deliveries: WebhookDeliveryStore;
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
  }

  /** Stops listening and waits for deliveries under way (their retries are cut short). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.subscription?.return?.();
    await Promise.all([...this.inFlight]);
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
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
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
      const last = attempt === this.options.maxAttempts || this.stopped;
      const delayMs = this.options.backoffMs * 2 ** (attempt - 1);
      await this.deps.deliveries.update(delivery.id, {
        attempts: attempt,
        lastStatusCode: statusCode,
        lastError: error,
        status: done ? "DELIVERED" : last ? "FAILED" : "PENDING",
        deliveredAt: done ? now : null,
        nextAttemptAt: done || last ? null : new Date(now.getTime() + delayMs),
        updatedAt: now,
      });
      if (done || last) {
        if (!done) this.deps.logger.warn({ webhookId: webhook.id, runId: run.id, error }, "webhook delivery failed");
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => this.deps.logger.error({ err: error }, "webhook delivery error"));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }
}
