import { graphql } from "../../graphql/generated";

export const DashboardStatsQuery = graphql(`
  query DashboardStats($days: Int!) {
    dashboardStats(days: $days) {
      pipelineCount
      runCount
      datasetCount
      experimentCount
      modelCount
      successRate
      avgDurationMs
      runsByStatus {
        queued
        running
        succeeded
        failed
        cancelled
      }
      runsPerDay {
        day
        total
        succeeded
        failed
        cancelled
        avgDurationMs
      }
      modelAccuracyTrend {
        at
        accuracy
        algorithm
        name
        experimentId
      }
      dataQuality {
        averageScore
        passed
        failed
        validations
      }
      recentRuns {
        ...RunListItemFields
      }
    }
  }
`);
