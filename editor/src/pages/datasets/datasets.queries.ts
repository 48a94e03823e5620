import { graphql } from "../../graphql/generated";

/** What pickers and the dataset list show of a dataset. */
export const DatasetFields = graphql(`
  fragment DatasetFields on Dataset {
    id
    name
    description
    format
    source
    rowCount
    sizeBytes
    createdAt
    columns {
      name
      type
    }
  }
`);

/** Every dataset (pickers on the ML and quality pages, and the dataset list). */
export const DatasetListQuery = graphql(`
  query DatasetList {
    datasets(first: 200) {
      totalCount
      nodes {
        ...DatasetFields
      }
    }
  }
`);

export const DatasetQuery = graphql(`
  query Dataset($id: ID!) {
    dataset(id: $id) {
      ...DatasetFields
      path
      updatedAt
    }
  }
`);
