/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Ticks missed while no server ran: NONE, the LATEST one, or ALL (up to catchUpLimit). */
export type CatchUpPolicy =
  | 'ALL'
  | 'LATEST'
  | 'NONE';

export type CreatePipelineInput = {
  description?: string | null | undefined;
  edges?: Array<PipelineEdgeInput> | null | undefined;
  name: string;
  nodes?: Array<PipelineNodeInput> | null | undefined;
  params?: Array<PipelineParamInput> | null | undefined;
  schedule?: ScheduleInput | null | undefined;
  tags?: Array<string> | null | undefined;
};

export type NodeExecutionInput = {
  backoffMs?: number | null | undefined;
  maxAttempts?: number | null | undefined;
  timeoutMs?: number | null | undefined;
};

/** When a tick finds the previous run still going: SKIP the tick, QUEUE it until that run ends, or ALLOW both. */
export type OverlapPolicy =
  | 'ALLOW'
  | 'QUEUE'
  | 'SKIP';

export type ParamType =
  | 'BOOLEAN'
  | 'NUMBER'
  | 'STRING';

export type PipelineEdgeInput = {
  /** Defaults to `<source>-<target>`. */
  id?: string | number | null | undefined;
  source: string | number;
  target: string | number;
  targetHandle?: string | null | undefined;
};

export type PipelineNodeInput = {
  /** Defaults to {}. */
  config?: Record<string, unknown> | null | undefined;
  /** Retries and timeout; defaults when omitted. */
  execution?: NodeExecutionInput | null | undefined;
  id: string | number;
  kind: string;
  /** Defaults to the kind's title. */
  label?: string | null | undefined;
  /** Defaults to (0, 0). */
  position?: PositionInput | null | undefined;
};

export type PipelineParamInput = {
  default?: unknown;
  description?: string | null | undefined;
  name: string;
  type: ParamType;
};

export type PositionInput = {
  x: number;
  y: number;
};

export type RunStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type ScheduleInput = {
  catchUp?: CatchUpPolicy | null | undefined;
  catchUpLimit?: number | null | undefined;
  /** 5 fields ("0 3 * * *") or 6 with seconds first. */
  cron: string;
  enabled?: boolean | null | undefined;
  overlap?: OverlapPolicy | null | undefined;
  timezone?: string | null | undefined;
};

export type StepStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PENDING'
  | 'QUEUED'
  | 'RUNNING'
  | 'SKIPPED'
  | 'SUCCEEDED';

export type TestCreatePipelineMutationVariables = Exact<{
  input: CreatePipelineInput;
}>;


export type TestCreatePipelineMutation = { createPipeline:
    | { __typename: 'InvalidPipeline', message: string }
    | { __typename: 'Pipeline', id: string }
    | { __typename: 'VersionConflict' }
   };

export type TestRunPipelineMutationVariables = Exact<{
  id: string | number;
  params?: Record<string, unknown> | null | undefined;
}>;


export type TestRunPipelineMutation = { runPipeline: { id: string, status: RunStatus } };

export type TestGetRunQueryVariables = Exact<{
  id: string | number;
}>;


export type TestGetRunQuery = { run: { id: string, status: RunStatus, error: string | null, steps: Array<{ nodeId: string, status: StepStatus, rowsIn: number | null, rowsOut: number | null, attempts: number, error: string | null }> } };


export const TestCreatePipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestCreatePipeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreatePipelineInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createPipeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Pipeline"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"InvalidPipeline"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<TestCreatePipelineMutation, TestCreatePipelineMutationVariables>;
export const TestRunPipelineDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestRunPipeline"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"params"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"runPipeline"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"pipelineId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"params"},"value":{"kind":"Variable","name":{"kind":"Name","value":"params"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<TestRunPipelineMutation, TestRunPipelineMutationVariables>;
export const TestGetRunDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TestGetRun"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"run"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodeId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"rowsIn"}},{"kind":"Field","name":{"kind":"Name","value":"rowsOut"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]}}]} as unknown as DocumentNode<TestGetRunQuery, TestGetRunQueryVariables>;