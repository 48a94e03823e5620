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
    "\n  fragment SessionUserFields on AuthSession {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n      name\n      role\n    }\n  }\n": typeof types.SessionUserFieldsFragmentDoc,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionUserFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionUserFields\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": typeof types.LogoutDocument,
    "\n  query AnonymousViewer {\n    viewer {\n      userId\n      email\n      role\n      via\n    }\n  }\n": typeof types.AnonymousViewerDocument,
    "\n  query ScheduleTicks($pipelineId: ID!, $first: Int!) {\n    scheduleTicks(pipelineId: $pipelineId, first: $first) {\n      totalCount\n      nodes {\n        id\n        fireAt\n        status\n        reason\n        runId\n      }\n    }\n  }\n": typeof types.ScheduleTicksDocument,
    "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n": typeof types.StepKindsDocument,
    "\n  fragment AutoMLRunListItemFields on AutoMLRun {\n    id\n    name\n    status\n    strategy\n    metric\n    target\n    datasetId\n    bestScore\n    bestExperimentId\n    trialsCompleted\n    trialsLaunched\n    maxTrials\n    timeBudgetSeconds\n    budgetUsedSeconds\n    stoppedBy\n    modelName\n    modelVersion\n    error\n    createdAt\n    startedAt\n    finishedAt\n  }\n": typeof types.AutoMlRunListItemFieldsFragmentDoc,
    "\n  fragment AutoMLTrialFields on AutoMLTrial {\n    trial\n    algorithm\n    params\n    score\n    scoreStd\n    status\n    error\n    fitSeconds\n    rows\n    rung\n  }\n": typeof types.AutoMlTrialFieldsFragmentDoc,
    "\n  query AutoMLRunList($first: Int!) {\n    automlRuns(first: $first) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...AutoMLRunListItemFields\n      }\n    }\n  }\n": typeof types.AutoMlRunListDocument,
    "\n  query AutoMLRun($id: ID!) {\n    automlRun(id: $id) {\n      ...AutoMLRunListItemFields\n      algorithms\n      features\n      folds\n      groupBy\n      seed\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n    }\n  }\n": typeof types.AutoMlRunDocument,
    "\n  subscription AutoMLProgress($id: ID!) {\n    automlProgress(id: $id) {\n      automlRunId\n      seq\n      stage\n      status\n      candidates\n      trialsLaunched\n      trialsCompleted\n      elapsedSeconds\n      bestScore\n      message\n      at\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n      running {\n        trial\n        algorithm\n        params\n        rows\n      }\n    }\n  }\n": typeof types.AutoMlProgressDocument,
    "\n  mutation StartAutoML($input: StartAutoMLInput!) {\n    startAutoML(input: $input) {\n      ...AutoMLRunListItemFields\n    }\n  }\n": typeof types.StartAutoMlDocument,
    "\n  mutation CancelAutoML($id: ID!) {\n    cancelAutoML(id: $id) {\n      ...AutoMLRunListItemFields\n    }\n  }\n": typeof types.CancelAutoMlDocument,
    "\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n": typeof types.DashboardStatsDocument,
    "\n  fragment DatasetFields on Dataset {\n    id\n    name\n    description\n    format\n    source\n    rowCount\n    sizeBytes\n    createdAt\n    columns {\n      name\n      type\n    }\n  }\n": typeof types.DatasetFieldsFragmentDoc,
    "\n  query DatasetList {\n    datasets(first: 200) {\n      totalCount\n      nodes {\n        ...DatasetFields\n      }\n    }\n  }\n": typeof types.DatasetListDocument,
    "\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      ...DatasetFields\n      path\n      updatedAt\n    }\n  }\n": typeof types.DatasetDocument,
    "\n  fragment ExperimentListItemFields on Experiment {\n    id\n    name\n    status\n    stage\n    algorithm\n    datasetId\n    runId\n    target\n    metrics\n    error\n    createdAt\n    durationMs\n    automlRunId\n  }\n": typeof types.ExperimentListItemFieldsFragmentDoc,
    "\n  query ExperimentList($first: Int!, $filter: ExperimentFilterInput) {\n    experiments(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ExperimentListItemFields\n      }\n    }\n  }\n": typeof types.ExperimentListDocument,
    "\n  query ExperimentDetail($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentListItemFields\n      nodeId\n      source\n      features\n      params\n      tags\n      classLabels\n      confusionMatrix\n      dataRows\n      dataFingerprint\n      startedAt\n      finishedAt\n      timings\n      split {\n        kind\n        testFraction\n        folds\n        groupBy\n        seed\n      }\n    }\n  }\n": typeof types.ExperimentDetailDocument,
    "\n  subscription ExperimentProgress($id: ID!) {\n    experimentProgress(id: $id) {\n      experimentId\n      seq\n      stage\n      status\n      fold\n      folds\n      iteration\n      total\n      scores\n      message\n      at\n    }\n  }\n": typeof types.ExperimentProgressDocument,
    "\n  mutation CancelExperiment($id: ID!) {\n    cancelExperiment(id: $id) {\n      ...ExperimentListItemFields\n    }\n  }\n": typeof types.CancelExperimentDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      ...ExperimentListItemFields\n    }\n  }\n": typeof types.CreateExperimentDocument,
    "\n  query CompareExperiments($ids: [ID!]!) {\n    compareExperiments(ids: $ids) {\n      experiments {\n        id\n        name\n        algorithm\n        status\n        target\n        datasetId\n        durationMs\n      }\n      metrics {\n        name\n        values\n        bestExperimentId\n        higherIsBetter\n      }\n    }\n  }\n": typeof types.CompareExperimentsDocument,
    "\n  query MlAlgorithms {\n    mlAlgorithms {\n      name\n      title\n      params\n      defaultGrid\n    }\n  }\n": typeof types.MlAlgorithmsDocument,
    "\n  subscription ExperimentChanged {\n    experimentChanged {\n      ...ExperimentListItemFields\n    }\n  }\n": typeof types.ExperimentChangedDocument,
    "\n  fragment LogEntryFields on LogEntry {\n    id\n    at\n    level\n    message\n    source\n    runId\n    nodeId\n    pipelineId\n  }\n": typeof types.LogEntryFieldsFragmentDoc,
    "\n  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {\n    logs(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...LogEntryFields\n      }\n    }\n  }\n": typeof types.LogsDocument,
    "\n  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {\n    logs(level: $level, source: $source, runId: $runId) {\n      ...LogEntryFields\n    }\n  }\n": typeof types.LogTailDocument,
    "\n  fragment RegisteredModelSummaryFields on RegisteredModel {\n    id\n    name\n    description\n    latestVersion\n    createdAt\n    updatedAt\n    aliases {\n      alias\n      version\n    }\n  }\n": typeof types.RegisteredModelSummaryFieldsFragmentDoc,
    "\n  query RegisteredModelList($first: Int!, $filter: RegisteredModelFilterInput) {\n    registeredModels(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...RegisteredModelSummaryFields\n      }\n    }\n  }\n": typeof types.RegisteredModelListDocument,
    "\n  fragment ModelVersionFields on Model {\n    id\n    name\n    version\n    algorithm\n    aliases\n    description\n    createdAt\n    createdBy\n    experimentId\n    metrics\n    target\n    classLabels\n    inputSchema {\n      name\n      kind\n      categories\n    }\n  }\n": typeof types.ModelVersionFieldsFragmentDoc,
    "\n  query RegisteredModel($name: String!) {\n    registeredModel(name: $name) {\n      ...RegisteredModelSummaryFields\n      aliasHistory {\n        alias\n        at\n        by\n        fromVersion\n        toVersion\n      }\n      versions(first: 100) {\n        totalCount\n        nodes {\n          ...ModelVersionFields\n        }\n      }\n    }\n  }\n": typeof types.RegisteredModelDocument,
    "\n  mutation SetModelAlias($name: String!, $alias: String!, $version: Int!) {\n    setModelAlias(name: $name, alias: $alias, version: $version) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n": typeof types.SetModelAliasDocument,
    "\n  mutation RemoveModelAlias($name: String!, $alias: String!) {\n    removeModelAlias(name: $name, alias: $alias) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n": typeof types.RemoveModelAliasDocument,
    "\n  mutation RegisterModel($experimentId: ID!, $name: String!, $alias: String, $description: String) {\n    registerModel(experimentId: $experimentId, name: $name, alias: $alias, description: $description) {\n      ...ModelVersionFields\n    }\n  }\n": typeof types.RegisterModelDocument,
    "\n  mutation Predict($model: String!, $rows: [JSONObject!]!) {\n    predict(model: $model, rows: $rows) {\n      classLabels\n      model {\n        id\n        name\n        version\n      }\n      predictions {\n        label\n        probabilities\n      }\n    }\n  }\n": typeof types.PredictDocument,
    "\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n    schedule {\n      cron\n      timezone\n      enabled\n      overlap\n      catchUp\n      catchUpLimit\n    }\n    nextFireTimes(count: 5)\n  }\n": typeof types.PipelineEditorFieldsFragmentDoc,
    "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      ...PipelineEditorFields\n    }\n  }\n": typeof types.PipelineDetailDocument,
    "\n  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {\n    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      __typename\n      ... on Pipeline {\n        ...PipelineEditorFields\n      }\n      ... on InvalidPipeline {\n        message\n        issues {\n          code\n          message\n          nodeIds\n          edgeIds\n          field\n        }\n      }\n      ... on VersionConflict {\n        message\n        currentVersion\n        expectedVersion\n        current {\n          ...PipelineEditorFields\n        }\n      }\n    }\n  }\n": typeof types.UpdatePipelineDocument,
    "\n  mutation CreatePipeline($input: CreatePipelineInput!) {\n    createPipeline(input: $input) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n    }\n  }\n": typeof types.CreatePipelineDocument,
    "\n  mutation DuplicatePipeline($id: ID!, $name: String) {\n    duplicatePipeline(id: $id, name: $name) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n      ... on VersionConflict {\n        message\n      }\n    }\n  }\n": typeof types.DuplicatePipelineDocument,
    "\n  mutation DeletePipeline($id: ID!) {\n    deletePipeline(id: $id) {\n      id\n      deletedRuns\n    }\n  }\n": typeof types.DeletePipelineDocument,
    "\n  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {\n    runPipeline(pipelineId: $pipelineId, params: $params) {\n      id\n      status\n      lastSeq\n    }\n  }\n": typeof types.RunPipelineDocument,
    "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n        schedule {\n          cron\n          timezone\n          enabled\n        }\n        nextFireTimes(count: 1)\n      }\n    }\n  }\n": typeof types.PipelineListDocument,
    "\n  fragment ValidationListItemFields on Validation {\n    id\n    name\n    status\n    score\n    mode\n    datasetId\n    runId\n    nodeId\n    error\n    createdAt\n    finishedAt\n  }\n": typeof types.ValidationListItemFieldsFragmentDoc,
    "\n  query ValidationList($first: Int!, $filter: ValidationFilterInput) {\n    validations(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ValidationListItemFields\n      }\n    }\n  }\n": typeof types.ValidationListDocument,
    "\n  query ValidationDetail($id: ID!) {\n    validation(id: $id) {\n      ...ValidationListItemFields\n      rules\n      metrics {\n        rows\n        failingRows\n        score\n        scoreFormula\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      columnQuality {\n        column\n        type\n        nulls\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      ruleResults {\n        rule\n        type\n        label\n        columns\n        dimension\n        severity\n        mode\n        passed\n        rows\n        failingRows\n        failingRatio\n        message\n        samples\n      }\n      issues {\n        rule\n        type\n        label\n        column\n        columns\n        severity\n        count\n        ratio\n        ruleFailed\n        message\n        examples\n      }\n    }\n  }\n": typeof types.ValidationDetailDocument,
    "\n  subscription ValidationCompleted($datasetId: ID) {\n    validationCompleted(datasetId: $datasetId) {\n      ...ValidationListItemFields\n    }\n  }\n": typeof types.ValidationCompletedDocument,
    "\n  mutation CreateValidation($datasetId: ID!, $rules: [JSONObject!]!, $name: String, $mode: GateMode) {\n    createValidation(datasetId: $datasetId, rules: $rules, name: $name, mode: $mode) {\n      ...ValidationListItemFields\n    }\n  }\n": typeof types.CreateValidationDocument,
    "\n  fragment TableProfileFields on TableProfile {\n    rows\n    approximate\n    columns {\n      name\n      type\n      kind\n      count\n      nulls\n      nullRatio\n      distinct\n      min\n      max\n      mean\n      std\n      quantiles {\n        p05\n        p25\n        p50\n        p75\n        p95\n      }\n      bins {\n        from\n        to\n        count\n      }\n      estimates {\n        distinctRelativeError\n        quantileRankError\n      }\n      topValues {\n        value\n        count\n      }\n    }\n  }\n": typeof types.TableProfileFieldsFragmentDoc,
    "\n  query DatasetProfile($datasetId: ID!) {\n    datasetProfile(datasetId: $datasetId) {\n      ...TableProfileFields\n    }\n  }\n": typeof types.DatasetProfileDocument,
    "\n  query StepOutputProfile($runId: ID!, $nodeId: ID!) {\n    stepOutputProfile(runId: $runId, nodeId: $nodeId) {\n      ...TableProfileFields\n    }\n  }\n": typeof types.StepOutputProfileDocument,
    "\n  fragment RunListItemFields on PipelineRun {\n    id\n    status\n    pipelineId\n    pipelineName\n    pipelineVersion\n    trigger\n    error\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n  }\n": typeof types.RunListItemFieldsFragmentDoc,
    "\n  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {\n    runs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...RunListItemFields\n      }\n    }\n  }\n": typeof types.RunListDocument,
    "\n  subscription PipelineRuns($pipelineId: ID) {\n    pipelineRuns(pipelineId: $pipelineId) {\n      ...RunListItemFields\n    }\n  }\n": typeof types.PipelineRunsDocument,
    "\n  query PipelineNames {\n    pipelines(first: 500) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": typeof types.PipelineNamesDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    disabled\n    createdAt\n    lastLoginAt\n  }\n": typeof types.UserFieldsFragmentDoc,
    "\n  query Users($first: Int!, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...UserFields\n      }\n    }\n  }\n": typeof types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n": typeof types.UpdateUserDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens($first: Int!) {\n    apiTokens(first: $first) {\n      totalCount\n      nodes {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role) {\n    createApiToken(name: $name, role: $role) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionUserFields\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query SystemInfo {\n    systemInfo {\n      version\n      startedAt\n      activeRuns\n      store {\n        kind\n        ok\n        detail\n        latencyMs\n      }\n    }\n  }\n": typeof types.SystemInfoDocument,
    "\n  mutation SeedDemo {\n    seedDemo {\n      pipelines\n      datasets\n    }\n  }\n": typeof types.SeedDemoDocument,
    "\n  mutation ResetDemo($confirm: String!) {\n    resetDemo(confirm: $confirm) {\n      pipelines\n      datasets\n    }\n  }\n": typeof types.ResetDemoDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    name\n    url\n    pipelineId\n    events\n    format\n    enabled\n    secretHint\n    createdAt\n    updatedAt\n  }\n": typeof types.WebhookFieldsFragmentDoc,
    "\n  query Webhooks($first: Int!) {\n    webhooks(first: $first) {\n      totalCount\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.WebhooksDocument,
    "\n  query WebhookPipelines($first: Int!) {\n    pipelines(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": typeof types.WebhookPipelinesDocument,
    "\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: WebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n": typeof types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      totalCount\n      nodes {\n        id\n        event\n        status\n        attempts\n        lastStatusCode\n        lastError\n        createdAt\n        deliveredAt\n        nextAttemptAt\n        runId\n        pipelineId\n      }\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  query RunDetail($id: ID!) {\n    run(id: $id) {\n      id\n      status\n      pipelineId\n      pipelineName\n      pipelineVersion\n      trigger\n      params\n      error\n      createdAt\n      startedAt\n      finishedAt\n      durationMs\n      lastSeq\n      snapshot {\n        nodes {\n          id\n          kind\n          label\n          config\n          position {\n            x\n            y\n          }\n          execution {\n            maxAttempts\n            backoffMs\n            timeoutMs\n          }\n        }\n        edges {\n          id\n          source\n          target\n          targetHandle\n        }\n      }\n    }\n  }\n": typeof types.RunDetailDocument,
    "\n  subscription RunEvents($runId: ID!, $after: Int!) {\n    runEvents(runId: $runId, after: $after) {\n      seq\n      type\n      nodeId\n      payload\n      at\n    }\n  }\n": typeof types.RunEventsDocument,
    "\n  query StepOutputPreview($runId: ID!, $nodeId: ID!, $limit: Int!) {\n    stepOutputPreview(runId: $runId, nodeId: $nodeId, limit: $limit) {\n      runId\n      nodeId\n      rowCount\n      columns {\n        name\n        type\n      }\n      rows\n    }\n  }\n": typeof types.StepOutputPreviewDocument,
    "\n  mutation CancelRun($runId: ID!) {\n    cancelRun(runId: $runId) {\n      id\n      status\n    }\n  }\n": typeof types.CancelRunDocument,
    "\n  mutation RetryRun($runId: ID!, $fromFailed: Boolean!) {\n    retryRun(runId: $runId, fromFailed: $fromFailed) {\n      id\n      status\n    }\n  }\n": typeof types.RetryRunDocument,
};
const documents: Documents = {
    "\n  fragment SessionUserFields on AuthSession {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n      name\n      role\n    }\n  }\n": types.SessionUserFieldsFragmentDoc,
    "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionUserFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionUserFields\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n": types.LogoutDocument,
    "\n  query AnonymousViewer {\n    viewer {\n      userId\n      email\n      role\n      via\n    }\n  }\n": types.AnonymousViewerDocument,
    "\n  query ScheduleTicks($pipelineId: ID!, $first: Int!) {\n    scheduleTicks(pipelineId: $pipelineId, first: $first) {\n      totalCount\n      nodes {\n        id\n        fireAt\n        status\n        reason\n        runId\n      }\n    }\n  }\n": types.ScheduleTicksDocument,
    "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n": types.StepKindsDocument,
    "\n  fragment AutoMLRunListItemFields on AutoMLRun {\n    id\n    name\n    status\n    strategy\n    metric\n    target\n    datasetId\n    bestScore\n    bestExperimentId\n    trialsCompleted\n    trialsLaunched\n    maxTrials\n    timeBudgetSeconds\n    budgetUsedSeconds\n    stoppedBy\n    modelName\n    modelVersion\n    error\n    createdAt\n    startedAt\n    finishedAt\n  }\n": types.AutoMlRunListItemFieldsFragmentDoc,
    "\n  fragment AutoMLTrialFields on AutoMLTrial {\n    trial\n    algorithm\n    params\n    score\n    scoreStd\n    status\n    error\n    fitSeconds\n    rows\n    rung\n  }\n": types.AutoMlTrialFieldsFragmentDoc,
    "\n  query AutoMLRunList($first: Int!) {\n    automlRuns(first: $first) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...AutoMLRunListItemFields\n      }\n    }\n  }\n": types.AutoMlRunListDocument,
    "\n  query AutoMLRun($id: ID!) {\n    automlRun(id: $id) {\n      ...AutoMLRunListItemFields\n      algorithms\n      features\n      folds\n      groupBy\n      seed\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n    }\n  }\n": types.AutoMlRunDocument,
    "\n  subscription AutoMLProgress($id: ID!) {\n    automlProgress(id: $id) {\n      automlRunId\n      seq\n      stage\n      status\n      candidates\n      trialsLaunched\n      trialsCompleted\n      elapsedSeconds\n      bestScore\n      message\n      at\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n      running {\n        trial\n        algorithm\n        params\n        rows\n      }\n    }\n  }\n": types.AutoMlProgressDocument,
    "\n  mutation StartAutoML($input: StartAutoMLInput!) {\n    startAutoML(input: $input) {\n      ...AutoMLRunListItemFields\n    }\n  }\n": types.StartAutoMlDocument,
    "\n  mutation CancelAutoML($id: ID!) {\n    cancelAutoML(id: $id) {\n      ...AutoMLRunListItemFields\n    }\n  }\n": types.CancelAutoMlDocument,
    "\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n": types.DashboardStatsDocument,
    "\n  fragment DatasetFields on Dataset {\n    id\n    name\n    description\n    format\n    source\n    rowCount\n    sizeBytes\n    createdAt\n    columns {\n      name\n      type\n    }\n  }\n": types.DatasetFieldsFragmentDoc,
    "\n  query DatasetList {\n    datasets(first: 200) {\n      totalCount\n      nodes {\n        ...DatasetFields\n      }\n    }\n  }\n": types.DatasetListDocument,
    "\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      ...DatasetFields\n      path\n      updatedAt\n    }\n  }\n": types.DatasetDocument,
    "\n  fragment ExperimentListItemFields on Experiment {\n    id\n    name\n    status\n    stage\n    algorithm\n    datasetId\n    runId\n    target\n    metrics\n    error\n    createdAt\n    durationMs\n    automlRunId\n  }\n": types.ExperimentListItemFieldsFragmentDoc,
    "\n  query ExperimentList($first: Int!, $filter: ExperimentFilterInput) {\n    experiments(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ExperimentListItemFields\n      }\n    }\n  }\n": types.ExperimentListDocument,
    "\n  query ExperimentDetail($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentListItemFields\n      nodeId\n      source\n      features\n      params\n      tags\n      classLabels\n      confusionMatrix\n      dataRows\n      dataFingerprint\n      startedAt\n      finishedAt\n      timings\n      split {\n        kind\n        testFraction\n        folds\n        groupBy\n        seed\n      }\n    }\n  }\n": types.ExperimentDetailDocument,
    "\n  subscription ExperimentProgress($id: ID!) {\n    experimentProgress(id: $id) {\n      experimentId\n      seq\n      stage\n      status\n      fold\n      folds\n      iteration\n      total\n      scores\n      message\n      at\n    }\n  }\n": types.ExperimentProgressDocument,
    "\n  mutation CancelExperiment($id: ID!) {\n    cancelExperiment(id: $id) {\n      ...ExperimentListItemFields\n    }\n  }\n": types.CancelExperimentDocument,
    "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      ...ExperimentListItemFields\n    }\n  }\n": types.CreateExperimentDocument,
    "\n  query CompareExperiments($ids: [ID!]!) {\n    compareExperiments(ids: $ids) {\n      experiments {\n        id\n        name\n        algorithm\n        status\n        target\n        datasetId\n        durationMs\n      }\n      metrics {\n        name\n        values\n        bestExperimentId\n        higherIsBetter\n      }\n    }\n  }\n": types.CompareExperimentsDocument,
    "\n  query MlAlgorithms {\n    mlAlgorithms {\n      name\n      title\n      params\n      defaultGrid\n    }\n  }\n": types.MlAlgorithmsDocument,
    "\n  subscription ExperimentChanged {\n    experimentChanged {\n      ...ExperimentListItemFields\n    }\n  }\n": types.ExperimentChangedDocument,
    "\n  fragment LogEntryFields on LogEntry {\n    id\n    at\n    level\n    message\n    source\n    runId\n    nodeId\n    pipelineId\n  }\n": types.LogEntryFieldsFragmentDoc,
    "\n  query Logs($first: Int!, $after: String, $filter: LogFilterInput) {\n    logs(first: $first, after: $after, filter: $filter) {\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...LogEntryFields\n      }\n    }\n  }\n": types.LogsDocument,
    "\n  subscription LogTail($level: LogLevel, $source: String, $runId: ID) {\n    logs(level: $level, source: $source, runId: $runId) {\n      ...LogEntryFields\n    }\n  }\n": types.LogTailDocument,
    "\n  fragment RegisteredModelSummaryFields on RegisteredModel {\n    id\n    name\n    description\n    latestVersion\n    createdAt\n    updatedAt\n    aliases {\n      alias\n      version\n    }\n  }\n": types.RegisteredModelSummaryFieldsFragmentDoc,
    "\n  query RegisteredModelList($first: Int!, $filter: RegisteredModelFilterInput) {\n    registeredModels(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...RegisteredModelSummaryFields\n      }\n    }\n  }\n": types.RegisteredModelListDocument,
    "\n  fragment ModelVersionFields on Model {\n    id\n    name\n    version\n    algorithm\n    aliases\n    description\n    createdAt\n    createdBy\n    experimentId\n    metrics\n    target\n    classLabels\n    inputSchema {\n      name\n      kind\n      categories\n    }\n  }\n": types.ModelVersionFieldsFragmentDoc,
    "\n  query RegisteredModel($name: String!) {\n    registeredModel(name: $name) {\n      ...RegisteredModelSummaryFields\n      aliasHistory {\n        alias\n        at\n        by\n        fromVersion\n        toVersion\n      }\n      versions(first: 100) {\n        totalCount\n        nodes {\n          ...ModelVersionFields\n        }\n      }\n    }\n  }\n": types.RegisteredModelDocument,
    "\n  mutation SetModelAlias($name: String!, $alias: String!, $version: Int!) {\n    setModelAlias(name: $name, alias: $alias, version: $version) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n": types.SetModelAliasDocument,
    "\n  mutation RemoveModelAlias($name: String!, $alias: String!) {\n    removeModelAlias(name: $name, alias: $alias) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n": types.RemoveModelAliasDocument,
    "\n  mutation RegisterModel($experimentId: ID!, $name: String!, $alias: String, $description: String) {\n    registerModel(experimentId: $experimentId, name: $name, alias: $alias, description: $description) {\n      ...ModelVersionFields\n    }\n  }\n": types.RegisterModelDocument,
    "\n  mutation Predict($model: String!, $rows: [JSONObject!]!) {\n    predict(model: $model, rows: $rows) {\n      classLabels\n      model {\n        id\n        name\n        version\n      }\n      predictions {\n        label\n        probabilities\n      }\n    }\n  }\n": types.PredictDocument,
    "\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n    schedule {\n      cron\n      timezone\n      enabled\n      overlap\n      catchUp\n      catchUpLimit\n    }\n    nextFireTimes(count: 5)\n  }\n": types.PipelineEditorFieldsFragmentDoc,
    "\n  query PipelineDetail($id: ID!) {\n    pipeline(id: $id) {\n      ...PipelineEditorFields\n    }\n  }\n": types.PipelineDetailDocument,
    "\n  mutation UpdatePipeline($id: ID!, $expectedVersion: Int!, $input: UpdatePipelineInput!) {\n    updatePipeline(id: $id, expectedVersion: $expectedVersion, input: $input) {\n      __typename\n      ... on Pipeline {\n        ...PipelineEditorFields\n      }\n      ... on InvalidPipeline {\n        message\n        issues {\n          code\n          message\n          nodeIds\n          edgeIds\n          field\n        }\n      }\n      ... on VersionConflict {\n        message\n        currentVersion\n        expectedVersion\n        current {\n          ...PipelineEditorFields\n        }\n      }\n    }\n  }\n": types.UpdatePipelineDocument,
    "\n  mutation CreatePipeline($input: CreatePipelineInput!) {\n    createPipeline(input: $input) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n    }\n  }\n": types.CreatePipelineDocument,
    "\n  mutation DuplicatePipeline($id: ID!, $name: String) {\n    duplicatePipeline(id: $id, name: $name) {\n      __typename\n      ... on Pipeline {\n        id\n        name\n      }\n      ... on InvalidPipeline {\n        message\n      }\n      ... on VersionConflict {\n        message\n      }\n    }\n  }\n": types.DuplicatePipelineDocument,
    "\n  mutation DeletePipeline($id: ID!) {\n    deletePipeline(id: $id) {\n      id\n      deletedRuns\n    }\n  }\n": types.DeletePipelineDocument,
    "\n  mutation RunPipeline($pipelineId: ID!, $params: JSONObject) {\n    runPipeline(pipelineId: $pipelineId, params: $params) {\n      id\n      status\n      lastSeq\n    }\n  }\n": types.RunPipelineDocument,
    "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n        schedule {\n          cron\n          timezone\n          enabled\n        }\n        nextFireTimes(count: 1)\n      }\n    }\n  }\n": types.PipelineListDocument,
    "\n  fragment ValidationListItemFields on Validation {\n    id\n    name\n    status\n    score\n    mode\n    datasetId\n    runId\n    nodeId\n    error\n    createdAt\n    finishedAt\n  }\n": types.ValidationListItemFieldsFragmentDoc,
    "\n  query ValidationList($first: Int!, $filter: ValidationFilterInput) {\n    validations(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ValidationListItemFields\n      }\n    }\n  }\n": types.ValidationListDocument,
    "\n  query ValidationDetail($id: ID!) {\n    validation(id: $id) {\n      ...ValidationListItemFields\n      rules\n      metrics {\n        rows\n        failingRows\n        score\n        scoreFormula\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      columnQuality {\n        column\n        type\n        nulls\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      ruleResults {\n        rule\n        type\n        label\n        columns\n        dimension\n        severity\n        mode\n        passed\n        rows\n        failingRows\n        failingRatio\n        message\n        samples\n      }\n      issues {\n        rule\n        type\n        label\n        column\n        columns\n        severity\n        count\n        ratio\n        ruleFailed\n        message\n        examples\n      }\n    }\n  }\n": types.ValidationDetailDocument,
    "\n  subscription ValidationCompleted($datasetId: ID) {\n    validationCompleted(datasetId: $datasetId) {\n      ...ValidationListItemFields\n    }\n  }\n": types.ValidationCompletedDocument,
    "\n  mutation CreateValidation($datasetId: ID!, $rules: [JSONObject!]!, $name: String, $mode: GateMode) {\n    createValidation(datasetId: $datasetId, rules: $rules, name: $name, mode: $mode) {\n      ...ValidationListItemFields\n    }\n  }\n": types.CreateValidationDocument,
    "\n  fragment TableProfileFields on TableProfile {\n    rows\n    approximate\n    columns {\n      name\n      type\n      kind\n      count\n      nulls\n      nullRatio\n      distinct\n      min\n      max\n      mean\n      std\n      quantiles {\n        p05\n        p25\n        p50\n        p75\n        p95\n      }\n      bins {\n        from\n        to\n        count\n      }\n      estimates {\n        distinctRelativeError\n        quantileRankError\n      }\n      topValues {\n        value\n        count\n      }\n    }\n  }\n": types.TableProfileFieldsFragmentDoc,
    "\n  query DatasetProfile($datasetId: ID!) {\n    datasetProfile(datasetId: $datasetId) {\n      ...TableProfileFields\n    }\n  }\n": types.DatasetProfileDocument,
    "\n  query StepOutputProfile($runId: ID!, $nodeId: ID!) {\n    stepOutputProfile(runId: $runId, nodeId: $nodeId) {\n      ...TableProfileFields\n    }\n  }\n": types.StepOutputProfileDocument,
    "\n  fragment RunListItemFields on PipelineRun {\n    id\n    status\n    pipelineId\n    pipelineName\n    pipelineVersion\n    trigger\n    error\n    createdAt\n    startedAt\n    finishedAt\n    durationMs\n  }\n": types.RunListItemFieldsFragmentDoc,
    "\n  query RunList($first: Int!, $after: String, $filter: RunFilterInput) {\n    runs(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...RunListItemFields\n      }\n    }\n  }\n": types.RunListDocument,
    "\n  subscription PipelineRuns($pipelineId: ID) {\n    pipelineRuns(pipelineId: $pipelineId) {\n      ...RunListItemFields\n    }\n  }\n": types.PipelineRunsDocument,
    "\n  query PipelineNames {\n    pipelines(first: 500) {\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": types.PipelineNamesDocument,
    "\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    disabled\n    createdAt\n    lastLoginAt\n  }\n": types.UserFieldsFragmentDoc,
    "\n  query Users($first: Int!, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...UserFields\n      }\n    }\n  }\n": types.UsersDocument,
    "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n": types.CreateUserDocument,
    "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n": types.UpdateUserDocument,
    "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiTokenFieldsFragmentDoc,
    "\n  query ApiTokens($first: Int!) {\n    apiTokens(first: $first) {\n      totalCount\n      nodes {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.ApiTokensDocument,
    "\n  mutation CreateApiToken($name: String!, $role: Role) {\n    createApiToken(name: $name, role: $role) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n": types.RevokeApiTokenDocument,
    "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionUserFields\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query SystemInfo {\n    systemInfo {\n      version\n      startedAt\n      activeRuns\n      store {\n        kind\n        ok\n        detail\n        latencyMs\n      }\n    }\n  }\n": types.SystemInfoDocument,
    "\n  mutation SeedDemo {\n    seedDemo {\n      pipelines\n      datasets\n    }\n  }\n": types.SeedDemoDocument,
    "\n  mutation ResetDemo($confirm: String!) {\n    resetDemo(confirm: $confirm) {\n      pipelines\n      datasets\n    }\n  }\n": types.ResetDemoDocument,
    "\n  fragment WebhookFields on Webhook {\n    id\n    name\n    url\n    pipelineId\n    events\n    format\n    enabled\n    secretHint\n    createdAt\n    updatedAt\n  }\n": types.WebhookFieldsFragmentDoc,
    "\n  query Webhooks($first: Int!) {\n    webhooks(first: $first) {\n      totalCount\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n": types.WebhooksDocument,
    "\n  query WebhookPipelines($first: Int!) {\n    pipelines(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n      }\n    }\n  }\n": types.WebhookPipelinesDocument,
    "\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation UpdateWebhook($id: ID!, $input: WebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n": types.UpdateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      totalCount\n      nodes {\n        id\n        event\n        status\n        attempts\n        lastStatusCode\n        lastError\n        createdAt\n        deliveredAt\n        nextAttemptAt\n        runId\n        pipelineId\n      }\n    }\n  }\n": types.WebhookDeliveriesDocument,
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
export function graphql(source: "\n  fragment SessionUserFields on AuthSession {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  fragment SessionUserFields on AuthSession {\n    accessToken\n    accessTokenExpiresAt\n    refreshToken\n    user {\n      id\n      email\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionUserFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($email: String!, $password: String!) {\n    login(email: $email, password: $password) {\n      ...SessionUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionUserFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      ...SessionUserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation Logout($refreshToken: String!) {\n    logout(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnonymousViewer {\n    viewer {\n      userId\n      email\n      role\n      via\n    }\n  }\n"): (typeof documents)["\n  query AnonymousViewer {\n    viewer {\n      userId\n      email\n      role\n      via\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleTicks($pipelineId: ID!, $first: Int!) {\n    scheduleTicks(pipelineId: $pipelineId, first: $first) {\n      totalCount\n      nodes {\n        id\n        fireAt\n        status\n        reason\n        runId\n      }\n    }\n  }\n"): (typeof documents)["\n  query ScheduleTicks($pipelineId: ID!, $first: Int!) {\n    scheduleTicks(pipelineId: $pipelineId, first: $first) {\n      totalCount\n      nodes {\n        id\n        fireAt\n        status\n        reason\n        runId\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n"): (typeof documents)["\n  query StepKinds {\n    stepKinds {\n      id\n      title\n      description\n      category\n      minInputs\n      maxInputs\n      hasOutput\n      configSchema\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AutoMLRunListItemFields on AutoMLRun {\n    id\n    name\n    status\n    strategy\n    metric\n    target\n    datasetId\n    bestScore\n    bestExperimentId\n    trialsCompleted\n    trialsLaunched\n    maxTrials\n    timeBudgetSeconds\n    budgetUsedSeconds\n    stoppedBy\n    modelName\n    modelVersion\n    error\n    createdAt\n    startedAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment AutoMLRunListItemFields on AutoMLRun {\n    id\n    name\n    status\n    strategy\n    metric\n    target\n    datasetId\n    bestScore\n    bestExperimentId\n    trialsCompleted\n    trialsLaunched\n    maxTrials\n    timeBudgetSeconds\n    budgetUsedSeconds\n    stoppedBy\n    modelName\n    modelVersion\n    error\n    createdAt\n    startedAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AutoMLTrialFields on AutoMLTrial {\n    trial\n    algorithm\n    params\n    score\n    scoreStd\n    status\n    error\n    fitSeconds\n    rows\n    rung\n  }\n"): (typeof documents)["\n  fragment AutoMLTrialFields on AutoMLTrial {\n    trial\n    algorithm\n    params\n    score\n    scoreStd\n    status\n    error\n    fitSeconds\n    rows\n    rung\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoMLRunList($first: Int!) {\n    automlRuns(first: $first) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...AutoMLRunListItemFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoMLRunList($first: Int!) {\n    automlRuns(first: $first) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...AutoMLRunListItemFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AutoMLRun($id: ID!) {\n    automlRun(id: $id) {\n      ...AutoMLRunListItemFields\n      algorithms\n      features\n      folds\n      groupBy\n      seed\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query AutoMLRun($id: ID!) {\n    automlRun(id: $id) {\n      ...AutoMLRunListItemFields\n      algorithms\n      features\n      folds\n      groupBy\n      seed\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AutoMLProgress($id: ID!) {\n    automlProgress(id: $id) {\n      automlRunId\n      seq\n      stage\n      status\n      candidates\n      trialsLaunched\n      trialsCompleted\n      elapsedSeconds\n      bestScore\n      message\n      at\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n      running {\n        trial\n        algorithm\n        params\n        rows\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription AutoMLProgress($id: ID!) {\n    automlProgress(id: $id) {\n      automlRunId\n      seq\n      stage\n      status\n      candidates\n      trialsLaunched\n      trialsCompleted\n      elapsedSeconds\n      bestScore\n      message\n      at\n      leaderboard {\n        ...AutoMLTrialFields\n      }\n      running {\n        trial\n        algorithm\n        params\n        rows\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartAutoML($input: StartAutoMLInput!) {\n    startAutoML(input: $input) {\n      ...AutoMLRunListItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation StartAutoML($input: StartAutoMLInput!) {\n    startAutoML(input: $input) {\n      ...AutoMLRunListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelAutoML($id: ID!) {\n    cancelAutoML(id: $id) {\n      ...AutoMLRunListItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelAutoML($id: ID!) {\n    cancelAutoML(id: $id) {\n      ...AutoMLRunListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardStats($days: Int!) {\n    dashboardStats(days: $days) {\n      pipelineCount\n      runCount\n      datasetCount\n      experimentCount\n      modelCount\n      successRate\n      avgDurationMs\n      runsByStatus {\n        queued\n        running\n        succeeded\n        failed\n        cancelled\n      }\n      runsPerDay {\n        day\n        total\n        succeeded\n        failed\n        cancelled\n        avgDurationMs\n      }\n      modelAccuracyTrend {\n        at\n        accuracy\n        algorithm\n        name\n        experimentId\n      }\n      dataQuality {\n        averageScore\n        passed\n        failed\n        validations\n      }\n      recentRuns {\n        ...RunListItemFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DatasetFields on Dataset {\n    id\n    name\n    description\n    format\n    source\n    rowCount\n    sizeBytes\n    createdAt\n    columns {\n      name\n      type\n    }\n  }\n"): (typeof documents)["\n  fragment DatasetFields on Dataset {\n    id\n    name\n    description\n    format\n    source\n    rowCount\n    sizeBytes\n    createdAt\n    columns {\n      name\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetList {\n    datasets(first: 200) {\n      totalCount\n      nodes {\n        ...DatasetFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query DatasetList {\n    datasets(first: 200) {\n      totalCount\n      nodes {\n        ...DatasetFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      ...DatasetFields\n      path\n      updatedAt\n    }\n  }\n"): (typeof documents)["\n  query Dataset($id: ID!) {\n    dataset(id: $id) {\n      ...DatasetFields\n      path\n      updatedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExperimentListItemFields on Experiment {\n    id\n    name\n    status\n    stage\n    algorithm\n    datasetId\n    runId\n    target\n    metrics\n    error\n    createdAt\n    durationMs\n    automlRunId\n  }\n"): (typeof documents)["\n  fragment ExperimentListItemFields on Experiment {\n    id\n    name\n    status\n    stage\n    algorithm\n    datasetId\n    runId\n    target\n    metrics\n    error\n    createdAt\n    durationMs\n    automlRunId\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExperimentList($first: Int!, $filter: ExperimentFilterInput) {\n    experiments(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ExperimentListItemFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExperimentList($first: Int!, $filter: ExperimentFilterInput) {\n    experiments(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ExperimentListItemFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExperimentDetail($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentListItemFields\n      nodeId\n      source\n      features\n      params\n      tags\n      classLabels\n      confusionMatrix\n      dataRows\n      dataFingerprint\n      startedAt\n      finishedAt\n      timings\n      split {\n        kind\n        testFraction\n        folds\n        groupBy\n        seed\n      }\n    }\n  }\n"): (typeof documents)["\n  query ExperimentDetail($id: ID!) {\n    experiment(id: $id) {\n      ...ExperimentListItemFields\n      nodeId\n      source\n      features\n      params\n      tags\n      classLabels\n      confusionMatrix\n      dataRows\n      dataFingerprint\n      startedAt\n      finishedAt\n      timings\n      split {\n        kind\n        testFraction\n        folds\n        groupBy\n        seed\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExperimentProgress($id: ID!) {\n    experimentProgress(id: $id) {\n      experimentId\n      seq\n      stage\n      status\n      fold\n      folds\n      iteration\n      total\n      scores\n      message\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription ExperimentProgress($id: ID!) {\n    experimentProgress(id: $id) {\n      experimentId\n      seq\n      stage\n      status\n      fold\n      folds\n      iteration\n      total\n      scores\n      message\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelExperiment($id: ID!) {\n    cancelExperiment(id: $id) {\n      ...ExperimentListItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation CancelExperiment($id: ID!) {\n    cancelExperiment(id: $id) {\n      ...ExperimentListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      ...ExperimentListItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateExperiment($input: CreateExperimentInput!) {\n    createExperiment(input: $input) {\n      ...ExperimentListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CompareExperiments($ids: [ID!]!) {\n    compareExperiments(ids: $ids) {\n      experiments {\n        id\n        name\n        algorithm\n        status\n        target\n        datasetId\n        durationMs\n      }\n      metrics {\n        name\n        values\n        bestExperimentId\n        higherIsBetter\n      }\n    }\n  }\n"): (typeof documents)["\n  query CompareExperiments($ids: [ID!]!) {\n    compareExperiments(ids: $ids) {\n      experiments {\n        id\n        name\n        algorithm\n        status\n        target\n        datasetId\n        durationMs\n      }\n      metrics {\n        name\n        values\n        bestExperimentId\n        higherIsBetter\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MlAlgorithms {\n    mlAlgorithms {\n      name\n      title\n      params\n      defaultGrid\n    }\n  }\n"): (typeof documents)["\n  query MlAlgorithms {\n    mlAlgorithms {\n      name\n      title\n      params\n      defaultGrid\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ExperimentChanged {\n    experimentChanged {\n      ...ExperimentListItemFields\n    }\n  }\n"): (typeof documents)["\n  subscription ExperimentChanged {\n    experimentChanged {\n      ...ExperimentListItemFields\n    }\n  }\n"];
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
export function graphql(source: "\n  fragment RegisteredModelSummaryFields on RegisteredModel {\n    id\n    name\n    description\n    latestVersion\n    createdAt\n    updatedAt\n    aliases {\n      alias\n      version\n    }\n  }\n"): (typeof documents)["\n  fragment RegisteredModelSummaryFields on RegisteredModel {\n    id\n    name\n    description\n    latestVersion\n    createdAt\n    updatedAt\n    aliases {\n      alias\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegisteredModelList($first: Int!, $filter: RegisteredModelFilterInput) {\n    registeredModels(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...RegisteredModelSummaryFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query RegisteredModelList($first: Int!, $filter: RegisteredModelFilterInput) {\n    registeredModels(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...RegisteredModelSummaryFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ModelVersionFields on Model {\n    id\n    name\n    version\n    algorithm\n    aliases\n    description\n    createdAt\n    createdBy\n    experimentId\n    metrics\n    target\n    classLabels\n    inputSchema {\n      name\n      kind\n      categories\n    }\n  }\n"): (typeof documents)["\n  fragment ModelVersionFields on Model {\n    id\n    name\n    version\n    algorithm\n    aliases\n    description\n    createdAt\n    createdBy\n    experimentId\n    metrics\n    target\n    classLabels\n    inputSchema {\n      name\n      kind\n      categories\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RegisteredModel($name: String!) {\n    registeredModel(name: $name) {\n      ...RegisteredModelSummaryFields\n      aliasHistory {\n        alias\n        at\n        by\n        fromVersion\n        toVersion\n      }\n      versions(first: 100) {\n        totalCount\n        nodes {\n          ...ModelVersionFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RegisteredModel($name: String!) {\n    registeredModel(name: $name) {\n      ...RegisteredModelSummaryFields\n      aliasHistory {\n        alias\n        at\n        by\n        fromVersion\n        toVersion\n      }\n      versions(first: 100) {\n        totalCount\n        nodes {\n          ...ModelVersionFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetModelAlias($name: String!, $alias: String!, $version: Int!) {\n    setModelAlias(name: $name, alias: $alias, version: $version) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetModelAlias($name: String!, $alias: String!, $version: Int!) {\n    setModelAlias(name: $name, alias: $alias, version: $version) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveModelAlias($name: String!, $alias: String!) {\n    removeModelAlias(name: $name, alias: $alias) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveModelAlias($name: String!, $alias: String!) {\n    removeModelAlias(name: $name, alias: $alias) {\n      id\n      aliases {\n        alias\n        version\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterModel($experimentId: ID!, $name: String!, $alias: String, $description: String) {\n    registerModel(experimentId: $experimentId, name: $name, alias: $alias, description: $description) {\n      ...ModelVersionFields\n    }\n  }\n"): (typeof documents)["\n  mutation RegisterModel($experimentId: ID!, $name: String!, $alias: String, $description: String) {\n    registerModel(experimentId: $experimentId, name: $name, alias: $alias, description: $description) {\n      ...ModelVersionFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Predict($model: String!, $rows: [JSONObject!]!) {\n    predict(model: $model, rows: $rows) {\n      classLabels\n      model {\n        id\n        name\n        version\n      }\n      predictions {\n        label\n        probabilities\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Predict($model: String!, $rows: [JSONObject!]!) {\n    predict(model: $model, rows: $rows) {\n      classLabels\n      model {\n        id\n        name\n        version\n      }\n      predictions {\n        label\n        probabilities\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n    schedule {\n      cron\n      timezone\n      enabled\n      overlap\n      catchUp\n      catchUpLimit\n    }\n    nextFireTimes(count: 5)\n  }\n"): (typeof documents)["\n  fragment PipelineEditorFields on Pipeline {\n    id\n    name\n    description\n    tags\n    version\n    updatedAt\n    params {\n      name\n      type\n      default\n      description\n    }\n    nodes {\n      id\n      kind\n      label\n      config\n      position {\n        x\n        y\n      }\n      execution {\n        maxAttempts\n        backoffMs\n        timeoutMs\n      }\n    }\n    edges {\n      id\n      source\n      target\n      targetHandle\n    }\n    lastRun {\n      id\n      status\n      createdAt\n    }\n    schedule {\n      cron\n      timezone\n      enabled\n      overlap\n      catchUp\n      catchUpLimit\n    }\n    nextFireTimes(count: 5)\n  }\n"];
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
export function graphql(source: "\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n        schedule {\n          cron\n          timezone\n          enabled\n        }\n        nextFireTimes(count: 1)\n      }\n    }\n  }\n"): (typeof documents)["\n  query PipelineList($first: Int!, $after: String, $filter: PipelineFilterInput) {\n    pipelines(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        id\n        name\n        description\n        tags\n        version\n        updatedAt\n        # Only the ids: the list shows how many steps a pipeline has.\n        nodes {\n          id\n        }\n        lastRun {\n          id\n          status\n          createdAt\n        }\n        schedule {\n          cron\n          timezone\n          enabled\n        }\n        nextFireTimes(count: 1)\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ValidationListItemFields on Validation {\n    id\n    name\n    status\n    score\n    mode\n    datasetId\n    runId\n    nodeId\n    error\n    createdAt\n    finishedAt\n  }\n"): (typeof documents)["\n  fragment ValidationListItemFields on Validation {\n    id\n    name\n    status\n    score\n    mode\n    datasetId\n    runId\n    nodeId\n    error\n    createdAt\n    finishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValidationList($first: Int!, $filter: ValidationFilterInput) {\n    validations(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ValidationListItemFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ValidationList($first: Int!, $filter: ValidationFilterInput) {\n    validations(first: $first, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n      }\n      nodes {\n        ...ValidationListItemFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ValidationDetail($id: ID!) {\n    validation(id: $id) {\n      ...ValidationListItemFields\n      rules\n      metrics {\n        rows\n        failingRows\n        score\n        scoreFormula\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      columnQuality {\n        column\n        type\n        nulls\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      ruleResults {\n        rule\n        type\n        label\n        columns\n        dimension\n        severity\n        mode\n        passed\n        rows\n        failingRows\n        failingRatio\n        message\n        samples\n      }\n      issues {\n        rule\n        type\n        label\n        column\n        columns\n        severity\n        count\n        ratio\n        ruleFailed\n        message\n        examples\n      }\n    }\n  }\n"): (typeof documents)["\n  query ValidationDetail($id: ID!) {\n    validation(id: $id) {\n      ...ValidationListItemFields\n      rules\n      metrics {\n        rows\n        failingRows\n        score\n        scoreFormula\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      columnQuality {\n        column\n        type\n        nulls\n        completeness\n        validity\n        consistency\n        uniqueness\n      }\n      ruleResults {\n        rule\n        type\n        label\n        columns\n        dimension\n        severity\n        mode\n        passed\n        rows\n        failingRows\n        failingRatio\n        message\n        samples\n      }\n      issues {\n        rule\n        type\n        label\n        column\n        columns\n        severity\n        count\n        ratio\n        ruleFailed\n        message\n        examples\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ValidationCompleted($datasetId: ID) {\n    validationCompleted(datasetId: $datasetId) {\n      ...ValidationListItemFields\n    }\n  }\n"): (typeof documents)["\n  subscription ValidationCompleted($datasetId: ID) {\n    validationCompleted(datasetId: $datasetId) {\n      ...ValidationListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateValidation($datasetId: ID!, $rules: [JSONObject!]!, $name: String, $mode: GateMode) {\n    createValidation(datasetId: $datasetId, rules: $rules, name: $name, mode: $mode) {\n      ...ValidationListItemFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateValidation($datasetId: ID!, $rules: [JSONObject!]!, $name: String, $mode: GateMode) {\n    createValidation(datasetId: $datasetId, rules: $rules, name: $name, mode: $mode) {\n      ...ValidationListItemFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TableProfileFields on TableProfile {\n    rows\n    approximate\n    columns {\n      name\n      type\n      kind\n      count\n      nulls\n      nullRatio\n      distinct\n      min\n      max\n      mean\n      std\n      quantiles {\n        p05\n        p25\n        p50\n        p75\n        p95\n      }\n      bins {\n        from\n        to\n        count\n      }\n      estimates {\n        distinctRelativeError\n        quantileRankError\n      }\n      topValues {\n        value\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment TableProfileFields on TableProfile {\n    rows\n    approximate\n    columns {\n      name\n      type\n      kind\n      count\n      nulls\n      nullRatio\n      distinct\n      min\n      max\n      mean\n      std\n      quantiles {\n        p05\n        p25\n        p50\n        p75\n        p95\n      }\n      bins {\n        from\n        to\n        count\n      }\n      estimates {\n        distinctRelativeError\n        quantileRankError\n      }\n      topValues {\n        value\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DatasetProfile($datasetId: ID!) {\n    datasetProfile(datasetId: $datasetId) {\n      ...TableProfileFields\n    }\n  }\n"): (typeof documents)["\n  query DatasetProfile($datasetId: ID!) {\n    datasetProfile(datasetId: $datasetId) {\n      ...TableProfileFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepOutputProfile($runId: ID!, $nodeId: ID!) {\n    stepOutputProfile(runId: $runId, nodeId: $nodeId) {\n      ...TableProfileFields\n    }\n  }\n"): (typeof documents)["\n  query StepOutputProfile($runId: ID!, $nodeId: ID!) {\n    stepOutputProfile(runId: $runId, nodeId: $nodeId) {\n      ...TableProfileFields\n    }\n  }\n"];
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
export function graphql(source: "\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    disabled\n    createdAt\n    lastLoginAt\n  }\n"): (typeof documents)["\n  fragment UserFields on User {\n    id\n    email\n    name\n    role\n    disabled\n    createdAt\n    lastLoginAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Users($first: Int!, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...UserFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Users($first: Int!, $after: String) {\n    users(first: $first, after: $after) {\n      totalCount\n      pageInfo {\n        endCursor\n        hasNextPage\n      }\n      nodes {\n        ...UserFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateUser($input: CreateUserInput!) {\n    createUser(input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {\n    updateUser(id: $id, input: $input) {\n      ...UserFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiTokenFields on ApiToken {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiTokens($first: Int!) {\n    apiTokens(first: $first) {\n      totalCount\n      nodes {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApiTokens($first: Int!) {\n    apiTokens(first: $first) {\n      totalCount\n      nodes {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($name: String!, $role: Role) {\n    createApiToken(name: $name, role: $role) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($name: String!, $role: Role) {\n    createApiToken(name: $name, role: $role) {\n      token\n      apiToken {\n        ...ApiTokenFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionUserFields\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {\n    changePassword(currentPassword: $currentPassword, newPassword: $newPassword) {\n      ...SessionUserFields\n    }\n  }\n"];
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
export function graphql(source: "\n  fragment WebhookFields on Webhook {\n    id\n    name\n    url\n    pipelineId\n    events\n    format\n    enabled\n    secretHint\n    createdAt\n    updatedAt\n  }\n"): (typeof documents)["\n  fragment WebhookFields on Webhook {\n    id\n    name\n    url\n    pipelineId\n    events\n    format\n    enabled\n    secretHint\n    createdAt\n    updatedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks($first: Int!) {\n    webhooks(first: $first) {\n      totalCount\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  query Webhooks($first: Int!) {\n    webhooks(first: $first) {\n      totalCount\n      nodes {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookPipelines($first: Int!) {\n    pipelines(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookPipelines($first: Int!) {\n    pipelines(first: $first) {\n      totalCount\n      nodes {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateWebhook($input: WebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        ...WebhookFields\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateWebhook($id: ID!, $input: WebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateWebhook($id: ID!, $input: WebhookInput!) {\n    updateWebhook(id: $id, input: $input) {\n      ...WebhookFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      totalCount\n      nodes {\n        id\n        event\n        status\n        attempts\n        lastStatusCode\n        lastError\n        createdAt\n        deliveredAt\n        nextAttemptAt\n        runId\n        pipelineId\n      }\n    }\n  }\n"): (typeof documents)["\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      totalCount\n      nodes {\n        id\n        event\n        status\n        attempts\n        lastStatusCode\n        lastError\n        createdAt\n        deliveredAt\n        nextAttemptAt\n        runId\n        pipelineId\n      }\n    }\n  }\n"];
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