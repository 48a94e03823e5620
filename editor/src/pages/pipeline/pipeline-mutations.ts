import { graphql } from "../../graphql/generated";

/** Saves the DAG if the pipeline is still at `expectedVersion`; the union says what happened. */
export const UpdatePipelineMutation = graphql(`
  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {
    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {
      __typename
      ... on Pipeline {
        ...PipelineEditorFields
      }
      ... on InvalidPipeline {
        message
        issues {
          code
          message
          nodeIds
          edgeIds
          field
        }
      }
      ... on VersionConflict {
        message
        currentVersion
        expectedVersion
        current {
          ...PipelineEditorFields
        }
      }
    }
  }
`);

export const CreatePipelineMutation = graphql(`
  mutation CreatePipeline($input: CreatePipelineInput!) {
    createPipeline(input: $input) {
      __typename
      ... on Pipeline {
        id
        name
      }
      ... on InvalidPipeline {
        message
      }
    }
  }
`);

export const DuplicatePipelineMutation = graphql(`
  mutation DuplicatePipeline($id: ID!, $name: String) {
    duplicatePipeline(id: $id, name: $name) {
      __typename
      ... on Pipeline {
        id
        name
      }
      ... on InvalidPipeline {
        message
      }
      ... on VersionConflict {
        message
      }
    }
  }
`);

export const DeletePipelineMutation = graphql(`
  mutation DeletePipeline($id: ID!) {
    deletePipeline(id: $id) {
      id
      deletedRuns
    }
  }
`);

export const RunPipelineMutation = graphql(`
  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {
    runPipeline(pipelineId: $pipelineId, params: $params) {
      id
      status
      lastSeq
    }
  }
`);
