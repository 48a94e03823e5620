/**
 * What a trained model is on disk (through the ArtifactStore): the fitted pipeline (preprocessing + model) with
 * everything needed to use and audit it — input schema, class labels, metrics and the training-data fingerprint.
 * Written as gzip JSON; typed arrays inside are base64 of their bytes, so a reload predicts bit for bit the same.
 */
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { DomainError } from "../common/errors.js";
import type { SerializedPipeline } from "../ml/index.js";
import type { ModelInputColumn } from "../store/records.js";

export const MODEL_ARTIFACT_FORMAT = "millrace.model/1";

export interface ModelArtifact {
  format: typeof MODEL_ARTIFACT_FORMAT;
  algorithm: string;
  params: Record<string, unknown>;
  target: string;
  features: string[];
  inputSchema: ModelInputColumn[];
  /** Labels as strings, in the order of the probability columns. */
  classLabels: string[];
  metrics: Record<string, number>;
  trainingData: {
    fingerprint: string;
    rows: number;
    datasetId: string | null;
    runId: string | null;
    nodeId: string | null;
  };
  experimentId: string;
  /** Set on a registered version's copy. */
  registration: { name: string; version: number; modelId: string; registeredAt: string; by: string } | null;
  pipeline: SerializedPipeline;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export async function encodeModelArtifact(artifact: ModelArtifact): Promise<Buffer> {
  return gzipAsync(Buffer.from(JSON.stringify(artifact), "utf8"));
}

export async function decodeModelArtifact(bytes: Buffer, key: string): Promise<ModelArtifact> {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await gunzipAsync(bytes)).toString("utf8"));
  } catch {
    throw new DomainError("VALIDATION_FAILED", `artifact "${key}" is not a readable model`, { key });
  }
  const artifact = parsed as Partial<ModelArtifact> | null;
  if (artifact?.format !== MODEL_ARTIFACT_FORMAT || !artifact.pipeline) {
    throw new DomainError("VALIDATION_FAILED", `artifact "${key}" is not a ${MODEL_ARTIFACT_FORMAT} model`, { key });
  }
  return artifact as ModelArtifact;
}

/** Where an experiment's trained pipeline is kept until (and after) it is registered. */
export function experimentArtifactKey(experimentId: string): string {
  return `experiments/${experimentId}/model.json.gz`;
}

/** Where a registered version's artifact lives: under the registered model's id, by the version's record id. */
export function modelArtifactKey(registeredModelId: string, modelId: string): string {
  return `models/${registeredModelId}/${modelId}/model.json.gz`;
}
