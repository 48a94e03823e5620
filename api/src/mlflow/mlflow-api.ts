/**
 * Builds the MLflow-compatible API from the stores and services it maps onto (called by the composition root).
 */
import type express from "express";
import type { ArtifactStore } from "../artifacts/artifact-store.js";
import type { Authenticator } from "../auth/authentication.js";
import type { Clock } from "../common/clock.js";
import type { Logger } from "../common/logger.js";
import type { ExperimentService } from "../experiments/experiment.service.js";
import type { ModelRegistryService } from "../models/model-registry.service.js";
import type { Stores } from "../store/ports.js";
import { MlflowArtifactService } from "./mlflow-artifacts.service.js";
import { MlflowRegistryService } from "./mlflow-registry.service.js";
import { mlflowRouter } from "./mlflow.routes.js";
import { MlflowTrackingService } from "./mlflow-tracking.service.js";

export interface MlflowApiDeps {
  stores: Stores;
  experiments: ExperimentService;
  models: ModelRegistryService;
  artifacts: ArtifactStore;
  authenticator: Authenticator;
  clock: Clock;
  logger: Logger;
  /** Largest artifact accepted by the proxy. */
  maxArtifactBytes: number;
}

export function createMlflowApi(deps: MlflowApiDeps): { router: express.Router; tracking: MlflowTrackingService } {
  const tracking = new MlflowTrackingService({
    groups: deps.stores.experimentGroups,
    experiments: deps.stores.experiments,
    metrics: deps.stores.experimentMetrics,
    loggedModels: deps.stores.loggedModels,
    experimentService: deps.experiments,
    clock: deps.clock,
    logger: deps.logger,
  });
  const registry = new MlflowRegistryService(deps.models, tracking);
  const artifacts = new MlflowArtifactService(deps.artifacts, deps.maxArtifactBytes);
  return {
    tracking,
    router: mlflowRouter({ tracking, registry, artifacts, authenticator: deps.authenticator, logger: deps.logger }),
  };
}
