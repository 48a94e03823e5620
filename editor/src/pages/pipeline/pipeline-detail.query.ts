import { graphql } from "../../graphql/generated";

/** A pipeline with its whole DAG, for the canvas. */
export const PipelineDetailQuery = graphql(`
  query PipelineDetail($id: ID!) {
    pipeline(id: $id) {
      id
      name
      description
      tags
      version
      updatedAt
      nodes {
        id
        kind
        label
        config
        position {
          x
          y
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
    }
  }
`);
