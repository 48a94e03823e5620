import { graphql } from "../../graphql/generated";

export const LogEntryFields = graphql(`
  fragment LogEntryFields on LogEntry {
    id
    at
    level
    message
    source
    runId
    nodeId
    pipelineId
  }
`);

/** Log history, newest first. */
export const LogsQuery = graphql(`
  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {
    logs(first: $first, after: $after, filter: $filter) {
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        ...LogEntryFields
      }
    }
  }
`);

/** New log lines as they are written. */
export const LogsSubscription = graphql(`
  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {
    logs(level: $level, source: $source, runId: $runId) {
      ...LogEntryFields
    }
  }
`);
