import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Connection } from "../common/connection.js";
import { graphqlEnum } from "../common/enums.js";
import { DateTimeScalar } from "../common/scalars.js";
import {
  WEBHOOK_EVENTS,
  type DeliveryStatus as DeliveryStatusName,
  type WebhookEvent as WebhookEventName,
} from "../store/records.js";

export const WebhookEvent = graphqlEnum("WebhookEvent", WEBHOOK_EVENTS);
export const WebhookFormat = graphqlEnum("WebhookFormat", ["JSON", "SLACK"] as const);
export const DeliveryStatus = graphqlEnum("DeliveryStatus", ["PENDING", "DELIVERED", "FAILED"] as const);

@ObjectType({
  description: "Notifies a URL when runs end (signed: X-Millrace-Signature t=…,v1=HMAC-SHA256(secret, t.body)).",
})
export class Webhook {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String) url!: string;
  @Field(() => ID, { nullable: true, description: "Null: every pipeline." }) pipelineId!: string | null;
  @Field(() => [WebhookEvent]) events!: WebhookEventName[];
  @Field(() => WebhookFormat) format!: "JSON" | "SLACK";
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => String, {
    description: "The secret's last 4 characters (the whole secret is only returned on creation).",
  })
  secretHint!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar) updatedAt!: Date;
}

@ObjectType({ description: "A new webhook with its signing secret, shown this once." })
export class CreatedWebhook {
  @Field(() => Webhook) webhook!: Webhook;
  @Field(() => String) secret!: string;
}

@ObjectType()
export class WebhookConnection extends Connection(Webhook) {}

@ObjectType({ description: "One notification of a run's end to a webhook, with its attempts." })
export class WebhookDelivery {
  @Field(() => ID) id!: string;
  @Field(() => ID) webhookId!: string;
  @Field(() => ID) runId!: string;
  @Field(() => ID) pipelineId!: string;
  @Field(() => WebhookEvent) event!: WebhookEventName;
  @Field(() => DeliveryStatus) status!: DeliveryStatusName;
  @Field(() => Int) attempts!: number;
  @Field(() => Int, { nullable: true }) lastStatusCode!: number | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) nextAttemptAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) deliveredAt!: Date | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@ObjectType()
export class WebhookDeliveryConnection extends Connection(WebhookDelivery) {}

@InputType()
export class WebhookInput {
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => String, { nullable: true, description: "16+ characters; omitted on create: generated." })
  secret?: string;
  @Field(() => ID, { nullable: true, description: "Null or omitted on create: every pipeline." }) pipelineId?:
    string | null;
  @Field(() => [WebhookEvent], { nullable: true }) events?: WebhookEventName[];
  @Field(() => WebhookFormat, { nullable: true }) format?: "JSON" | "SLACK";
  @Field(() => Boolean, { nullable: true }) enabled?: boolean;
}
