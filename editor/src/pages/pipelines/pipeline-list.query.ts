import { graphql } from "../../graphql/generated";

/** One page of pipelines, newest first, with what the list shows of each. */
export const PipelineListQuery = graphql(`
  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {
    pipelines(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        name
        description
        tags
        version
        updatedAt
        # Only the ids: the list shows how many steps a pipeline has.
        nodes {
          id
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
        }
        nextFireTimes(count: 1)
      }
    }
  }
`);
