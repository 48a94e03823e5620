import { graphql } from "../../graphql/generated";

export const AutoMLRunListItemFields = graphql(`
  fragment AutoMLRunListItemFields on AutoMLRun {
    id
    name
    status
    strategy
    metric
    target
    datasetId
    bestScore
    bestExperimentId
    trialsCompleted
    trialsLaunched
    maxTrials
    timeBudgetSeconds
    budgetUsedSeconds
    stoppedBy
    modelName
    modelVersion
    error
    createdAt
    startedAt
    finishedAt
  }
`);

export const AutoMLTrialFields = graphql(`
  fragment AutoMLTrialFields on AutoMLTrial {
    trial
    algorithm
    params
    score
    scoreStd
    status
    error
    fitSeconds
    rows
    rung
  }
`);

export const AutoMLRunListQuery = graphql(`
  query AutoMLRunList($first: Int!) {
    automlRuns(first: $first) {
      totalCount
      pageInfo {
        hasNextPage
      }
      nodes {
        ...AutoMLRunListItemFields
      }
    }
  }
`);

export const AutoMLRunQuery = graphql(`
  query AutoMLRun($id: ID!) {
    automlRun(id: $id) {
      ...AutoMLRunListItemFields
      algorithms
      features
      folds
      groupBy
      seed
      leaderboard {
        ...AutoMLTrialFields
      }
    }
  }
`);

export const AutoMLProgressSubscription = graphql(`
  subscription AutoMLProgress($id: ID!) {
    automlProgress(id: $id) {
      automlRunId
      seq
      stage
      status
      candidates
      trialsLaunched
      trialsCompleted
      elapsedSeconds
      bestScore
      message
      at
      leaderboard {
        ...AutoMLTrialFields
      }
      running {
        trial
        algorithm
        params
        rows
      }
    }
  }
`);

export const StartAutoMLMutation = graphql(`
  mutation StartAutoML($input: StartAutoMLInput!) {
    startAutoML(input: $input) {
      ...AutoMLRunListItemFields
    }
  }
`);

export const CancelAutoMLMutation = graphql(`
  mutation CancelAutoML($id: ID!) {
    cancelAutoML(id: $id) {
      ...AutoMLRunListItemFields
    }
  }
`);
