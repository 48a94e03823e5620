/**
 * The editor's heaviest queries, as the editor sends them (editor/src/pages/pipelines/pipeline-list.query.ts,
 * editor/src/run/run.queries.ts + the run's steps, editor/src/pages/dashboard/dashboard.query.ts with its fragment
 * inlined).
 */
export const PIPELINE_LIST = `query PipelineList($first: Int!, $after: String) {
  pipelines(first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    nodes { id name description tags version updatedAt nodes { id } lastRun { id status createdAt } }
  }
}`;

export const RUN_DETAIL = `query RunDetail($id: ID!) {
  run(id: $id) {
    id status pipelineId pipelineName pipelineVersion trigger params error createdAt startedAt finishedAt durationMs lastSeq
    steps { nodeId status attempts rowsIn rowsOut bytes durationMs startedAt finishedAt error }
    snapshot {
      nodes { id kind label config position { x y } execution { maxAttempts backoffMs timeoutMs } }
      edges { id source target targetHandle }
    }
  }
}`;

export const DASHBOARD = `query DashboardStats($days: Int!) {
  dashboardStats(days: $days) {
    pipelineCount runCount datasetCount experimentCount modelCount successRate avgDurationMs
    runsByStatus { queued running succeeded failed cancelled }
    runsPerDay { day total succeeded failed cancelled avgDurationMs }
    modelAccuracyTrend { at accuracy algorithm name experimentId }
    dataQuality { averageScore passed failed validations }
    recentRuns { id status pipelineId pipelineName pipelineVersion trigger error createdAt startedAt finishedAt durationMs }
  }
}`;
