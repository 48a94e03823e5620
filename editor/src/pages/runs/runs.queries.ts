import { graphql } from "../../graphql/generated";

/** What a row of a run list shows. */
export const RunListItemFields = graphql(`
  fragment RunListItemFields on PipelineRun {
    id
    status
    pipelineId
    pipelineName
    pipelineVersion
    trigger
    error
    createdAt
    startedAt
    finishedAt
    durationMs
  }
`);

export const RunListQuery = graphql(`
  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {
    runs(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        ...RunListItemFields
      }
    }
  }
`);

/** Run state changes, of one pipeline or all: lists refetch or update on them. */
export const PipelineRunsSubscription = graphql(`
  subscription PipelineRuns($pipelineId: ID) {
    pipelineRuns(pipelineId: $pipelineId) {
      ...RunListItemFields
    }
  }
`);

/** Pipeline names for the run filter. */
export const PipelineNamesQuery = graphql(`
  query PipelineNames {
    pipelines(first: 500) {
      nodes {
        id
        name
      }
    }
  }
`);
