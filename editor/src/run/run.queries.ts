import { graphql } from "../graphql/generated";

/** A run with its DAG snapshot: what `/runs/:id` draws, and the node ids the overlay starts from. */
export const RunDetailQuery = graphql(`
  query RunDetail($id: ID!) {
    run(id: $id) {
      id
      status
      pipelineId
      pipelineName
      pipelineVersion
      trigger
      params
      error
      createdAt
      startedAt
      finishedAt
      durationMs
      lastSeq
      snapshot {
        nodes {
          id
          kind
          label
          config
          position {
            x
            y
          }
          execution {
            maxAttempts
            backoffMs
            timeoutMs
          }
        }
        edges {
          id
          source
          target
          targetHandle
        }
      }
    }
  }
`);

/** Every event of a run after `after`: stored ones, then live ones, until the run ends. */
export const RunEventsSubscription = graphql(`
  subscription RunEvents($runId: ID!, $after: Int!) {
    runEvents(runId: $runId, after: $after) {
      seq
      type
      nodeId
      payload
      at
    }
  }
`);

export const StepOutputPreviewQuery = graphql(`
  query StepOutputPreview($runId: ID!, $nodeId: ID!, $limit: Int!) {
    stepOutputPreview(runId: $runId, nodeId: $nodeId, limit: $limit) {
      runId
      nodeId
      rowCount
      columns {
        name
        type
      }
      rows
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($runId: ID!) {
    cancelRun(runId: $runId) {
      id
      status
    }
  }
`);

export const RetryRunMutation = graphql(`
  mutation RetryRun($runId: ID!, $fromFailed: Boolean!) {
    retryRun(runId: $runId, fromFailed: $fromFailed) {
      id
      status
    }
  }
`);
