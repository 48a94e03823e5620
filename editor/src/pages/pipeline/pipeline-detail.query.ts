import { graphql } from "../../graphql/generated";

/** What the editor holds of a pipeline: its DAG with execution settings, params and version. */
export const PipelineEditorFields = graphql(`
  fragment PipelineEditorFields on Pipeline {
    id
    name
    description
    tags
    version
    updatedAt
    params {
      name
      type
      default
      description
    }
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
    lastRun {
      id
      status
      createdAt
    }
    schedule {
      cron
      timezone
      enabled
      overlap
      catchUp
      catchUpLimit
    }
    nextFireTimes(count: 5)
  }
`);

/** A pipeline with its whole DAG, for the editor. */
export const PipelineDetailQuery = graphql(`
  query PipelineDetail($id: ID!) {
    pipeline(id: $id) {
      ...PipelineEditorFields
    }
  }
`);
