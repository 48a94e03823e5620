/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n    }\n  }\n": typeof types.StepKindsDocument,
    "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      id\n      name\n      description\n      tags\n      version\n      updatedAt\n      nodes {\n        id\n        kind\n        label\n        config\n        position {\n          x\n          y\n        }\n      }\n      edges {\n        id\n        source\n        target\n        targetHandle\n      }\n      lastRun {\n        id\n        status\n        createdAt\n      }\n    }\n  }\n": typeof types.PipelineDetailDocument,
    "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.PipelineListDocument,
};
const documents: Documents = {
    "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n    }\n  }\n": types.StepKindsDocument,
    "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      id\n      name\n      description\n      tags\n      version\n      updatedAt\n      nodes {\n        id\n        kind\n        label\n        config\n        position {\n          x\n          y\n        }\n      }\n      edges {\n        id\n        source\n        target\n        targetHandle\n      }\n      lastRun {\n        id\n        status\n        createdAt\n      }\n    }\n  }\n": types.PipelineDetailDocument,
    "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": types.PipelineListDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n    }\n  }\n"): (typeof documents)["\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      id\n      name\n      description\n      tags\n      version\n      updatedAt\n      nodes {\n        id\n        kind\n        label\n        config\n        position {\n          x\n          y\n        }\n      }\n      edges {\n        id\n        source\n        target\n        targetHandle\n      }\n      lastRun {\n        id\n        status\n        createdAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      id\n      name\n      description\n      tags\n      version\n      updatedAt\n      nodes {\n        id\n        kind\n        label\n        config\n        position {\n          x\n          y\n        }\n      }\n      edges {\n        id\n        source\n        target\n        targetHandle\n      }\n      lastRun {\n        id\n        status\n        createdAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;