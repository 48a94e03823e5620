import { graphql } from "../../graphql/generated";

/** What the model list shows of a registered model (the model page shows it too). */
export const RegisteredModelSummaryFields = graphql(`
  fragment RegisteredModelSummaryFields on RegisteredModel {
    id
    name
    description
    latestVersion
    createdAt
    updatedAt
    aliases {
      alias
      version
    }
  }
`);

export const RegisteredModelListQuery = graphql(`
  query RegisteredModelList($first: Int!, $filter: RegisteredModelFilterInput) {
    registeredModels(first: $first, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
      }
      nodes {
        ...RegisteredModelSummaryFields
      }
    }
  }
`);

/** One version of a model, as the model page lists it. */
export const ModelVersionFields = graphql(`
  fragment ModelVersionFields on Model {
    id
    name
    version
    algorithm
    aliases
    description
    createdAt
    createdBy
    experimentId
    metrics
    target
    classLabels
    inputSchema {
      name
      kind
      categories
    }
  }
`);

export const RegisteredModelQuery = graphql(`
  query RegisteredModel($name: String!) {
    registeredModel(name: $name) {
      ...RegisteredModelSummaryFields
      aliasHistory {
        alias
        at
        by
        fromVersion
        toVersion
      }
      versions(first: 100) {
        totalCount
        nodes {
          ...ModelVersionFields
        }
      }
    }
  }
`);

export const SetModelAliasMutation = graphql(`
  mutation SetModelAlias($name: String!, $alias: String!, $version: Int!) {
    setModelAlias(name: $name, alias: $alias, version: $version) {
      id
      aliases {
        alias
        version
      }
    }
  }
`);

export const RemoveModelAliasMutation = graphql(`
  mutation RemoveModelAlias($name: String!, $alias: String!) {
    removeModelAlias(name: $name, alias: $alias) {
      id
      aliases {
        alias
        version
      }
    }
  }
`);

export const RegisterModelMutation = graphql(`
  mutation RegisterModel($experimentId: ID!, $name: String!, $alias: String, $description: String) {
    registerModel(experimentId: $experimentId, name: $name, alias: $alias, description: $description) {
      ...ModelVersionFields
    }
  }
`);

export const PredictMutation = graphql(`
  mutation Predict($model: String!, $rows: [JSONObject!]!) {
    predict(model: $model, rows: $rows) {
      classLabels
      model {
        id
        name
        version
      }
      predictions {
        label
        probabilities
      }
    }
  }
`);
