import { Arg, Args, Authorized, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { toConnection, type ConnectionValue } from "../common/connection.js";
import { PagingArgs } from "../common/paging-args.js";
import type { WebhookDeliveryRecord, WebhookRecord } from "../store/records.js";
import type { WebhookService } from "./webhook.service.js";
import { CreatedWebhook, Webhook, WebhookConnection, WebhookDeliveryConnection, WebhookInput } from "./webhook.type.js";

@Resolver(() => Webhook)
export class WebhookResolver {
  constructor(private readonly webhookService: WebhookService) {}

  @Query(() => WebhookConnection, { description: "Webhooks, of one pipeline (global ones excluded) or all." })
  async webhooks(
    @Arg("pipelineId", () => ID, { nullable: true }) pipelineId: string | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<WebhookRecord>> {
    return toConnection(await this.webhookService.list(pipelineId == null ? {} : { pipelineId }, { first, after }));
  }

  @Query(() => WebhookDeliveryConnection, { description: "The delivery log, newest first." })
  async webhookDeliveries(
    @Arg("webhookId", () => ID, { nullable: true }) webhookId: string | null,
    @Arg("runId", () => ID, { nullable: true }) runId: string | null,
    @Args(() => PagingArgs) { first, after }: PagingArgs,
  ): Promise<ConnectionValue<WebhookDeliveryRecord>> {
    return toConnection(
      await this.webhookService.listDeliveries(
        { ...(webhookId != null ? { webhookId } : {}), ...(runId != null ? { runId } : {}) },
        { first, after },
      ),
    );
  }

  @Authorized("ADMIN")
  @Mutation(() => CreatedWebhook)
  async createWebhook(
    @Arg("input", () => WebhookInput) input: WebhookInput,
  ): Promise<{ webhook: WebhookRecord; secret: string }> {
    const webhook = await this.webhookService.create(input);
    return { webhook, secret: webhook.secret };
  }

  @Authorized("ADMIN")
  @Mutation(() => Webhook)
  updateWebhook(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => WebhookInput) input: WebhookInput,
  ): Promise<WebhookRecord> {
    return this.webhookService.update(id, input);
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean)
  deleteWebhook(@Arg("id", () => ID) id: string): Promise<boolean> {
    return this.webhookService.delete(id);
  }

  @FieldResolver(() => String)
  secretHint(@Root() webhook: WebhookRecord): string {
    return `…${webhook.secret.slice(-4)}`;
  }
}
