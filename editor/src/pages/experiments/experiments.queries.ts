import { graphql } from "../../graphql/generated";

/** What a row of the experiment list shows. */
export const ExperimentListItemFields = graphql(`
  fragment ExperimentListItemFields on Experiment {
    id
    name
    status
    stage
    algorithm
    datasetId
    runId
    target
    metrics
    error
    createdAt
    durationMs
    automlRunId
  }
`);

export const ExperimentListQuery = graphql(`
  query ExperimentList($first: Int!, $filter: ExperimentFilterInput) {
    experiments(first: $first, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
      }
      nodes {
        ...ExperimentListItemFields
      }
    }
  }
`);

export const ExperimentDetailQuery = graphql(`
  query ExperimentDetail($id: ID!) {
    experiment(id: $id) {
      ...ExperimentListItemFields
      nodeId
      source
      features
      params
      tags
      classLabels
      confusionMatrix
      dataRows
      dataFingerprint
      startedAt
      finishedAt
      timings
      split {
        kind
        testFraction
        folds
        groupBy
        seed
      }
    }
  }
`);

/** Live state of a training: stage, fold, iteration, partial scores. */
export const ExperimentProgressSubscription = graphql(`
  subscription ExperimentProgress($id: ID!) {
    experimentProgress(id: $id) {
      experimentId
      seq
      stage
      status
      fold
      folds
      iteration
      total
      scores
      message
      at
    }
  }
`);

export const CancelExperimentMutation = graphql(`
  mutation CancelExperiment($id: ID!) {
    cancelExperiment(id: $id) {
      ...ExperimentListItemFields
    }
  }
`);

export const CreateExperimentMutation = graphql(`
  mutation CreateExperiment($input: CreateExperimentInput!) {
    createExperiment(input: $input) {
      ...ExperimentListItemFields
    }
  }
`);

export const CompareExperimentsQuery = graphql(`
  query CompareExperiments($ids: [ID!]!) {
    compareExperiments(ids: $ids) {
      experiments {
        id
        name
        algorithm
        status
        target
        datasetId
        durationMs
      }
      metrics {
        name
        values
        bestExperimentId
        higherIsBetter
      }
    }
  }
`);

/** The algorithms with their params (for the new-experiment and AutoML forms). */
export const MlAlgorithmsQuery = graphql(`
  query MlAlgorithms {
    mlAlgorithms {
      name
      title
      params
      defaultGrid
    }
  }
`);

/** Experiments as they are created or change anywhere: trainings, AutoML trials, MLflow runs as their client logs. */
export const ExperimentChangedSubscription = graphql(`
  subscription ExperimentChanged {
    experimentChanged {
      ...ExperimentListItemFields
    }
  }
`);
