import { graphql } from "../graphql/generated";

/** What the schedule ticks of a pipeline did, newest first. */
export const ScheduleTicksQuery = graphql(`
  query ScheduleTicks($pipelineId: ID!, $first: Int!) {
    scheduleTicks(pipelineId: $pipelineId, first: $first) {
      totalCount
      nodes {
        id
        fireAt
        status
        reason
        runId
      }
    }
  }
`);
