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
    "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n": typeof types.StepKindsDocument,
    "\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n": typeof types.DashboardStatsDocument,
    "\n  fragment LogEntryFields on LogEntry {\n    id\n    at\n    level\n    message\n    source\n    runId\n    nodeId\n    pipelineId\n  }\n": typeof types.LogEntryFieldsFragmentDoc,
    "\n  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {\n    logs(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...LogEntryFields\n      }\n    }\n  }\n": typeof types.LogsDocument,
    "\n  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {\n    logs(level: $level, source: $source, runId: $runId) {\n      ...LogEntryFields\n    }\n  }\n": typeof types.LogTailDocument,
    "\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n  }\n": typeof types.PipelineEditorFieldsFragmentDoc,
    "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      ...PipelineEditorFields\n    }\n  }\n": typeof types.PipelineDetailDocument,
    "\n  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {\n    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      __typename\n      ... on Pipeline {\n        ...PipelineEditorFields\n      }\n      ... on InvalidPipeline {\n        message\n        issues {\n          code\n          message\n          nodeIds\n          edgeIds\n          field\n        }\n      }\n      ... on VersionConflict {\n        message\n        currentVersion\n        expectedVersion\n        current {\n          ...PipelineEditorFields\n        }\n      }\n    }\n  }\n": typeof types.UpdatePipelineDocument,
    "\n  mutation CreatePipeline($input: CreatePipelineInput!) {\n    createPipeline(input: $input) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n    }\n  }\n": typeof types.CreatePipelineDocument,
    "\n  mutation DuplicatePipeline($id: ID!, $name: String) {\n    duplicatePipeline(id: $id, name: $name) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n      ... on VersionConflict {\n        message\n      }\n    }\n  }\n": typeof types.DuplicatePipelineDocument,
    "\n  mutation DeletePipeline($id: ID!) {\n    deletePipeline(id: $id) {\n      id\n      deletedRuns\n    }\n  }\n": typeof types.DeletePipelineDocument,
    "\n  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {\n    runPipeline(pipelineId: $pipelineId, params: $params) {\n      id\n      status\n      lastSeq\n    }\n  }\n": typeof types.RunPipelineDocument,
    "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.PipelineListDocument,
    "\n  fragment RunListItemFields on PipelineRun {\n    id\n    status\n    pipelineId\n    pipelineName\n    pipelineVersion\n    trigger\n    error\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n  }\n": typeof types.RunListItemFieldsFragmentDoc,
    "\n  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {\n    runs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...RunListItemFields\n      }\n    }\n  }\n": typeof types.RunListDocument,
    "\n  subscription PipelineRuns($pipelineId: ID) {\n    pipelineRuns(pipelineId: $pipelineId) {\n      ...RunListItemFields\n    }\n  }\n": typeof types.PipelineRunsDocument,
    "\n  query PipelineNames {\n    pipelines(first: 500) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": typeof types.PipelineNamesDocument,
    "\n  query SystemInfo {\n    systemInfo {\n      version\n      startedAt\n      activeRuns\n      store {\n        kind\n        ok\n        detail\n        latencyMs\n      }\n    }\n  }\n": typeof types.SystemInfoDocument,
    "\n  mutation SeedDemo {\n    seedDemo {\n      pipelines\n      datasets\n    }\n  }\n": typeof types.SeedDemoDocument,
    "\n  mutation ResetDemo($confirm: String!) {\n    resetDemo(confirm: $confirm) {\n      pipelines\n      datasets\n    }\n  }\n": typeof types.ResetDemoDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      pipelineId\n      pipelineName\n      pipelineVersion\n      trigger\n      params\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      lastSeq\n      snapshot {\n        nodes {\n          id\n          kind\n          label\n          config\n          position {\n            x\n            y\n          }\n          execution {\n            maxAttempts\n            backoffMs\n            timeoutMs\n          }\n        }\n        edges {\n          id\n          source\n          target\n          targetHandle\n        }\n      }\n    }\n  }\n": typeof types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!, $after: Int!) {\n    runEvents(runId: $runId, after: $after) {\n      seq\n      type\n      nodeId\n      payload\n      at\n    }\n  }\n": typeof types.RunEventsDocument,
    "\n  query StepOutputPreview($runId: ID!, $nodeId: ID!, $limit: Int!) {\n    stepOutputPreview(runId: $runId, nodeId: $nodeId, limit: $limit) {\n      runId\n      nodeId\n      rowCount\n      columns {\n        name\n        type\n      }\n      rows\n    }\n  }\n": typeof types.StepOutputPreviewDocument,
    "\n  mutation CancelRun($runId: ID!) {\n    cancelRun(runId: $runId) {\n      id\n      status\n    }\n  }\n": typeof types.CancelRunDocument,
    "\n  mutation RetryRun($runId: ID!, $fromFailed: Boolean!) {\n    retryRun(runId: $runId, fromFailed: $fromFailed) {\n      id\n      status\n    }\n  }\n": typeof types.RetryRunDocument,
};
const documents: Documents = {
    "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n": types.StepKindsDocument,
    "\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n": types.DashboardStatsDocument,
    "\n  fragment LogEntryFields on LogEntry {\n    id\n    at\n    level\n    message\n    source\n    runId\n    nodeId\n    pipelineId\n  }\n": types.LogEntryFieldsFragmentDoc,
    "\n  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {\n    logs(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...LogEntryFields\n      }\n    }\n  }\n": types.LogsDocument,
    "\n  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {\n    logs(level: $level, source: $source, runId: $runId) {\n      ...LogEntryFields\n    }\n  }\n": types.LogTailDocument,
    "\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n  }\n": types.PipelineEditorFieldsFragmentDoc,
    "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      ...PipelineEditorFields\n    }\n  }\n": types.PipelineDetailDocument,
    "\n  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {\n    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      __typename\n      ... on Pipeline {\n        ...PipelineEditorFields\n      }\n      ... on InvalidPipeline {\n        message\n        issues {\n          code\n          message\n          nodeIds\n          edgeIds\n          field\n        }\n      }\n      ... on VersionConflict {\n        message\n        currentVersion\n        expectedVersion\n        current {\n          ...PipelineEditorFields\n        }\n      }\n    }\n  }\n": types.UpdatePipelineDocument,
    "\n  mutation CreatePipeline($input: CreatePipelineInput!) {\n    createPipeline(input: $input) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n    }\n  }\n": types.CreatePipelineDocument,
    "\n  mutation DuplicatePipeline($id: ID!, $name: String) {\n    duplicatePipeline(id: $id, name: $name) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n      ... on VersionConflict {\n        message\n      }\n    }\n  }\n": types.DuplicatePipelineDocument,
    "\n  mutation DeletePipeline($id: ID!) {\n    deletePipeline(id: $id) {\n      id\n      deletedRuns\n    }\n  }\n": types.DeletePipelineDocument,
    "\n  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {\n    runPipeline(pipelineId: $pipelineId, params: $params) {\n      id\n      status\n      lastSeq\n    }\n  }\n": types.RunPipelineDocument,
    "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n": types.PipelineListDocument,
    "\n  fragment RunListItemFields on PipelineRun {\n    id\n    status\n    pipelineId\n    pipelineName\n    pipelineVersion\n    trigger\n    error\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n  }\n": types.RunListItemFieldsFragmentDoc,
    "\n  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {\n    runs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...RunListItemFields\n      }\n    }\n  }\n": types.RunListDocument,
    "\n  subscription PipelineRuns($pipelineId: ID) {\n    pipelineRuns(pipelineId: $pipelineId) {\n      ...RunListItemFields\n    }\n  }\n": types.PipelineRunsDocument,
    "\n  query PipelineNames {\n    pipelines(first: 500) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": types.PipelineNamesDocument,
    "\n  query SystemInfo {\n    systemInfo {\n      version\n      startedAt\n      activeRuns\n      store {\n        kind\n        ok\n        detail\n        latencyMs\n      }\n    }\n  }\n": types.SystemInfoDocument,
    "\n  mutation SeedDemo {\n    seedDemo {\n      pipelines\n      datasets\n    }\n  }\n": types.SeedDemoDocument,
    "\n  mutation ResetDemo($confirm: String!) {\n    resetDemo(confirm: $confirm) {\n      pipelines\n      datasets\n    }\n  }\n": types.ResetDemoDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      pipelineId\n      pipelineName\n      pipelineVersion\n      trigger\n      params\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      lastSeq\n      snapshot {\n        nodes {\n          id\n          kind\n          label\n          config\n          position {\n            x\n            y\n          }\n          execution {\n            maxAttempts\n            backoffMs\n            timeoutMs\n          }\n        }\n        edges {\n          id\n          source\n          target\n          targetHandle\n        }\n      }\n    }\n  }\n": types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!, $after: Int!) {\n    runEvents(runId: $runId, after: $after) {\n      seq\n      type\n      nodeId\n      payload\n      at\n    }\n  }\n": types.RunEventsDocument,
    "\n  query StepOutputPreview($runId: ID!, $nodeId: ID!, $limit: Int!) {\n    stepOutputPreview(runId: $runId, nodeId: $nodeId, limit: $limit) {\n      runId\n      nodeId\n      rowCount\n      columns {\n        name\n        type\n      }\n      rows\n    }\n  }\n": types.StepOutputPreviewDocument,
    "\n  mutation CancelRun($runId: ID!) {\n    cancelRun(runId: $runId) {\n      id\n      status\n    }\n  }\n": types.CancelRunDocument,
    "\n  mutation RetryRun($runId: ID!, $fromFailed: Boolean!) {\n    retryRun(runId: $runId, fromFailed: $fromFailed) {\n      id\n      status\n    }\n  }\n": types.RetryRunDocument,
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
export function graphql(source: "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n"): (typeof documents)["\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LogEntryFields on LogEntry {\n    id\n    at\n    level\n    message\n    source\n    runId\n    nodeId\n    pipelineId\n  }\n"): (typeof documents)["\n  fragment LogEntryFields on LogEntry {\n    id\n    at\n    level\n    message\n    source\n    runId\n    nodeId\n    pipelineId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {\n    logs(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...LogEntryFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {\n    logs(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...LogEntryFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {\n    logs(level: $level, source: $source, runId: $runId) {\n      ...LogEntryFields\n    }\n  }\n"): (typeof documents)["\n  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {\n    logs(level: $level, source: $source, runId: $runId) {\n      ...LogEntryFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      ...PipelineEditorFields\n    }\n  }\n"): (typeof documents)["\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      ...PipelineEditorFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {\n    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      __typename\n      ... on Pipeline {\n        ...PipelineEditorFields\n      }\n      ... on InvalidPipeline {\n        message\n        issues {\n          code\n          message\n          nodeIds\n          edgeIds\n          field\n        }\n      }\n      ... on VersionConflict {\n        message\n        currentVersion\n        expectedVersion\n        current {\n          ...PipelineEditorFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {\n    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      __typename\n      ... on Pipeline {\n        ...PipelineEditorFields\n      }\n      ... on InvalidPipeline {\n        message\n        issues {\n          code\n          message\n          nodeIds\n          edgeIds\n          field\n        }\n      }\n      ... on VersionConflict {\n        message\n        currentVersion\n        expectedVersion\n        current {\n          ...PipelineEditorFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreatePipeline($input: CreatePipelineInput!) {\n    createPipeline(input: $input) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreatePipeline($input: CreatePipelineInput!) {\n    createPipeline(input: $input) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DuplicatePipeline($id: ID!, $name: String) {\n    duplicatePipeline(id: $id, name: $name) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n      ... on VersionConflict {\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation DuplicatePipeline($id: ID!, $name: String) {\n    duplicatePipeline(id: $id, name: $name) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n      ... on VersionConflict {\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePipeline($id: ID!) {\n    deletePipeline(id: $id) {\n      id\n      deletedRuns\n    }\n  }\n"): (typeof documents)["\n  mutation DeletePipeline($id: ID!) {\n    deletePipeline(id: $id) {\n      id\n      deletedRuns\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {\n    runPipeline(pipelineId: $pipelineId, params: $params) {\n      id\n      status\n      lastSeq\n    }\n  }\n"): (typeof documents)["\n  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {\n    runPipeline(pipelineId: $pipelineId, params: $params) {\n      id\n      status\n      lastSeq\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RunListItemFields on PipelineRun {\n    id\n    status\n    pipelineId\n    pipelineName\n    pipelineVersion\n    trigger\n    error\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n  }\n"): (typeof documents)["\n  fragment RunListItemFields on PipelineRun {\n    id\n    status\n    pipelineId\n    pipelineName\n    pipelineVersion\n    trigger\n    error\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {\n    runs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...RunListItemFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {\n    runs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...RunListItemFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PipelineRuns($pipelineId: ID) {\n    pipelineRuns(pipelineId: $pipelineId) {\n      ...RunListItemFields\n    }\n  }\n"): (typeof documents)["\n  subscription PipelineRuns($pipelineId: ID) {\n    pipelineRuns(pipelineId: $pipelineId) {\n      ...RunListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PipelineNames {\n    pipelines(first: 500) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineNames {\n    pipelines(first: 500) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SystemInfo {\n    systemInfo {\n      version\n      startedAt\n      activeRuns\n      store {\n        kind\n        ok\n        detail\n        latencyMs\n      }\n    }\n  }\n"): (typeof documents)["\n  query SystemInfo {\n    systemInfo {\n      version\n      startedAt\n      activeRuns\n      store {\n        kind\n        ok\n        detail\n        latencyMs\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SeedDemo {\n    seedDemo {\n      pipelines\n      datasets\n    }\n  }\n"): (typeof documents)["\n  mutation SeedDemo {\n    seedDemo {\n      pipelines\n      datasets\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetDemo($confirm: String!) {\n    resetDemo(confirm: $confirm) {\n      pipelines\n      datasets\n    }\n  }\n"): (typeof documents)["\n  mutation ResetDemo($confirm: String!) {\n    resetDemo(confirm: $confirm) {\n      pipelines\n      datasets\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      pipelineId\n      pipelineName\n      pipelineVersion\n      trigger\n      params\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      lastSeq\n      snapshot {\n        nodes {\n          id\n          kind\n          label\n          config\n          position {\n            x\n            y\n          }\n          execution {\n            maxAttempts\n            backoffMs\n            timeoutMs\n          }\n        }\n        edges {\n          id\n          source\n          target\n          targetHandle\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      pipelineId\n      pipelineName\n      pipelineVersion\n      trigger\n      params\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      lastSeq\n      snapshot {\n        nodes {\n          id\n          kind\n          label\n          config\n          position {\n            x\n            y\n          }\n          execution {\n            maxAttempts\n            backoffMs\n            timeoutMs\n          }\n        }\n        edges {\n          id\n          source\n          target\n          targetHandle\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunEvents($runId: ID!, $after: Int!) {\n    runEvents(runId: $runId, after: $after) {\n      seq\n      type\n      nodeId\n      payload\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription RunEvents($runId: ID!, $after: Int!) {\n    runEvents(runId: $runId, after: $after) {\n      seq\n      type\n      nodeId\n      payload\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepOutputPreview($runId: ID!, $nodeId: ID!, $limit: Int!) {\n    stepOutputPreview(runId: $runId, nodeId: $nodeId, limit: $limit) {\n      runId\n      nodeId\n      rowCount\n      columns {\n        name\n        type\n      }\n      rows\n    }\n  }\n"): (typeof documents)["\n  query StepOutputPreview($runId: ID!, $nodeId: ID!, $limit: Int!) {\n    stepOutputPreview(runId: $runId, nodeId: $nodeId, limit: $limit) {\n      runId\n      nodeId\n      rowCount\n      columns {\n        name\n        type\n      }\n      rows\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRun($runId: ID!) {\n    cancelRun(runId: $runId) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelRun($runId: ID!) {\n    cancelRun(runId: $runId) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryRun($runId: ID!, $fromFailed: Boolean!) {\n    retryRun(runId: $runId, fromFailed: $fromFailed) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation RetryRun($runId: ID!, $fromFailed: Boolean!) {\n    retryRun(runId: $runId, fromFailed: $fromFailed) {\n      id\n      status\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;