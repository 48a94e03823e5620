import { randomBytes } from "node:crypto";
import type { Clock } from "../common/clock.js";
import { BadInputError, NotFoundError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type {
  Page,
  PageRequest,
  PipelineStore,
  WebhookDeliveryFilter,
  WebhookDeliveryStore,
  WebhookFilter,
  WebhookStore,
} from "../store/ports.js";
import { WEBHOOK_EVENTS, type WebhookDeliveryRecord, type WebhookEvent, type WebhookRecord } from "../store/records.js";

export interface WebhookInput {
  name?: string | null | undefined;
  url?: string | null | undefined;
  /** Omitted on create: a random one is made (and returned once). */
  secret?: string | null | undefined;
  pipelineId?: string | null | undefined;
  events?: readonly string[] | null | undefined;
  format?: "JSON" | "SLACK" | null | undefined;
  enabled?: boolean | null | undefined;
}

/** Webhook configuration (per pipeline or global) and the delivery log. */
export class WebhookService {
  constructor(
    private readonly webhooks: WebhookStore,
    private readonly deliveries: WebhookDeliveryStore,
    private readonly pipelines: PipelineStore,
    private readonly clock: Clock,
  ) {}

  list(filter: WebhookFilter, page: PageRequest): Promise<Page<WebhookRecord>> {
    return this.webhooks.list(filter, page);
  }

  async get(id: string): Promise<WebhookRecord> {
    const webhook = await this.webhooks.get(id);
    if (!webhook) throw new NotFoundError("Webhook", id);
    return webhook;
  }

  async create(input: WebhookInput): Promise<WebhookRecord> {
    const now = this.clock.now();
    const record: WebhookRecord = {
      id: newId(),
      name: checkName(input.name ?? "Webhook"),
      url: checkUrl(input.url ?? ""),
      secret: input.secret != null ? checkSecret(input.secret) : randomBytes(24).toString("base64url"),
      pipelineId: await this.checkPipeline(input.pipelineId ?? null),
      events: checkEvents(input.events ?? ["RUN_SUCCEEDED", "RUN_FAILED"]),
      format: input.format ?? "JSON",
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    };
    await this.webhooks.insert(record);
    return record;
  }

  async update(id: string, input: WebhookInput): Promise<WebhookRecord> {
    const current = await this.get(id);
    const patch: Partial<WebhookRecord> = { updatedAt: this.clock.now() };
    if (input.name != null) patch.name = checkName(input.name);
    if (input.url != null) patch.url = checkUrl(input.url);
    if (input.secret != null) patch.secret = checkSecret(input.secret);
    if (input.pipelineId !== undefined) patch.pipelineId = await this.checkPipeline(input.pipelineId);
    if (input.events != null) patch.events = checkEvents(input.events);
    if (input.format != null) patch.format = input.format;
    if (input.enabled != null) patch.enabled = input.enabled;
    const updated = await this.webhooks.update(current.id, patch);
    if (!updated || "conflict" in updated) throw new NotFoundError("Webhook", id);
    return updated;
  }

  async delete(id: string): Promise<boolean> {
    if (!(await this.webhooks.delete(id))) throw new NotFoundError("Webhook", id);
    return true;
  }

  listDeliveries(filter: WebhookDeliveryFilter, page: PageRequest): Promise<Page<WebhookDeliveryRecord>> {
    return this.deliveries.list(filter, page);
  }

  private async checkPipeline(pipelineId: string | null): Promise<string | null> {
    if (pipelineId === null) return null;
    if (!(await this.pipelines.get(pipelineId))) throw new BadInputError("pipelineId", `no pipeline "${pipelineId}"`);
    return pipelineId;
  }
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 200) throw new BadInputError("name", "must be 1 to 200 characters");
  return trimmed;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadInputError("url", `"${url}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw new BadInputError("url", "must be http or https");
  if (parsed.username || parsed.password)
    throw new BadInputError("url", "must not carry credentials (use the signature)");
  return parsed.href;
}

function checkSecret(secret: string): string {
  if (secret.length < 16 || secret.length > 256) throw new BadInputError("secret", "must be 16 to 256 characters");
  return secret;
}

function checkEvents(events: readonly string[]): WebhookEvent[] {
  if (events.length === 0) throw new BadInputError("events", `must list at least one of ${WEBHOOK_EVENTS.join(", ")}`);
  for (const event of events) {
    if (!(WEBHOOK_EVENTS as readonly string[]).includes(event))
      throw new BadInputError("events", `"${event}" is not one of ${WEBHOOK_EVENTS.join(", ")}`);
  }
  return [...new Set(events)] as WebhookEvent[];
}
