import { graphql } from "../../graphql/generated";

export const WebhookFields = graphql(`
  fragment WebhookFields on Webhook {
    id
    name
    url
    pipelineId
    events
    format
    enabled
    secretHint
    createdAt
    updatedAt
  }
`);

export const WebhooksQuery = graphql(`
  query Webhooks($first: Int!) {
    webhooks(first: $first) {
      totalCount
      nodes {
        ...WebhookFields
      }
    }
  }
`);

/** The pipelines a webhook may be limited to, by name. */
export const WebhookPipelinesQuery = graphql(`
  query WebhookPipelines($first: Int!) {
    pipelines(first: $first) {
      totalCount
      nodes {
        id
        name
      }
    }
  }
`);

export const CreateWebhookMutation = graphql(`
  mutation CreateWebhook($input: WebhookInput!) {
    createWebhook(input: $input) {
      secret
      webhook {
        ...WebhookFields
      }
    }
  }
`);

export const UpdateWebhookMutation = graphql(`
  mutation UpdateWebhook($id: ID!, $input: WebhookInput!) {
    updateWebhook(id: $id, input: $input) {
      ...WebhookFields
    }
  }
`);

export const DeleteWebhookMutation = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const WebhookDeliveriesQuery = graphql(`
  query WebhookDeliveries($webhookId: ID!, $first: Int!) {
    webhookDeliveries(webhookId: $webhookId, first: $first) {
      totalCount
      nodes {
        id
        event
        status
        attempts
        lastStatusCode
        lastError
        createdAt
        deliveredAt
        nextAttemptAt
        runId
        pipelineId
      }
    }
  }
`);
