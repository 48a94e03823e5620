import { graphql } from "../../graphql/generated";

export const ValidationListItemFields = graphql(`
  fragment ValidationListItemFields on Validation {
    id
    name
    status
    score
    mode
    datasetId
    runId
    nodeId
    error
    createdAt
    finishedAt
  }
`);

export const ValidationListQuery = graphql(`
  query ValidationList($first: Int!, $filter: ValidationFilterInput) {
    validations(first: $first, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
      }
      nodes {
        ...ValidationListItemFields
      }
    }
  }
`);

export const ValidationDetailQuery = graphql(`
  query ValidationDetail($id: ID!) {
    validation(id: $id) {
      ...ValidationListItemFields
      rules
      metrics {
        rows
        failingRows
        score
        scoreFormula
        completeness
        validity
        consistency
        uniqueness
      }
      columnQuality {
        column
        type
        nulls
        completeness
        validity
        consistency
        uniqueness
      }
      ruleResults {
        rule
        type
        label
        columns
        dimension
        severity
        mode
        passed
        rows
        failingRows
        failingRatio
        message
        samples
      }
      issues {
        rule
        type
        label
        column
        columns
        severity
        count
        ratio
        ruleFailed
        message
        examples
      }
    }
  }
`);

/** Validations as they finish: lists refetch, a detail page reloads its own. */
export const ValidationCompletedSubscription = graphql(`
  subscription ValidationCompleted($datasetId: ID) {
    validationCompleted(datasetId: $datasetId) {
      ...ValidationListItemFields
    }
  }
`);

export const CreateValidationMutation = graphql(`
  mutation CreateValidation($datasetId: ID!, $rules: [JSONObject!]!, $name: String, $mode: GateMode) {
    createValidation(datasetId: $datasetId, rules: $rules, name: $name, mode: $mode) {
      ...ValidationListItemFields
    }
  }
`);

/** Everything a profile view shows of a table (a dataset or a step output). */
export const TableProfileFields = graphql(`
  fragment TableProfileFields on TableProfile {
    rows
    approximate
    columns {
      name
      type
      kind
      count
      nulls
      nullRatio
      distinct
      min
      max
      mean
      std
      quantiles {
        p05
        p25
        p50
        p75
        p95
      }
      bins {
        from
        to
        count
      }
      estimates {
        distinctRelativeError
        quantileRankError
      }
      topValues {
        value
        count
      }
    }
  }
`);

export const DatasetProfileQuery = graphql(`
  query DatasetProfile($datasetId: ID!) {
    datasetProfile(datasetId: $datasetId) {
      ...TableProfileFields
    }
  }
`);

export const StepOutputProfileQuery = graphql(`
  query StepOutputProfile($runId: ID!, $nodeId: ID!) {
    stepOutputProfile(runId: $runId, nodeId: $nodeId) {
      ...TableProfileFields
    }
  }
`);
