/** Identifiers in the shapes MLflow clients expect: numeric experiment ids, 32-hex run ids, `m-<hex>` models. */
import { randomBytes, randomInt } from "node:crypto";

export const DEFAULT_GROUP_ID = "0";
export const DEFAULT_GROUP_NAME = "Default";

export function newGroupId(): string {
  // 18 digits, never starting with 0 (as MLflow's own stores make them).
  return `${randomInt(1, 10)}${Array.from({ length: 17 }, () => randomInt(0, 10)).join("")}`;
}

export function newRunId(): string {
  return randomBytes(16).toString("hex");
}

export function newLoggedModelId(): string {
  return `m-${randomBytes(16).toString("hex")}`;
}

const ADJECTIVES = [
  "amber",
  "bold",
  "calm",
  "deft",
  "eager",
  "fleet",
  "keen",
  "lucid",
  "merry",
  "nimble",
  "quiet",
  "swift",
];
const NOUNS = ["otter", "heron", "lynx", "finch", "marten", "ibis", "wren", "stoat", "crane", "vole", "newt", "kite"];

/** A readable run name, as MLflow gives runs started without one. */
export function randomRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)] ?? "swift"}-${NOUNS[randomInt(NOUNS.length)] ?? "otter"}-${randomInt(1000)}`;
}

/** Artifact URIs: the client resolves `mlflow-artifacts:/<path>` to `<tracking URI>/api/2.0/mlflow-artifacts/artifacts/<path>`. */
export function groupArtifactLocation(groupId: string): string {
  return `mlflow-artifacts:/${groupId}`;
}

export function runArtifactUri(groupId: string, runId: string): string {
  return `mlflow-artifacts:/${groupId}/${runId}/artifacts`;
}

export function loggedModelArtifactUri(groupId: string, modelId: string): string {
  return `mlflow-artifacts:/${groupId}/models/${modelId}/artifacts`;
}

/** The proxy path of an `mlflow-artifacts:` URI, or null for other schemes. */
export function proxyPathOf(uri: string): string | null {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/(.*)$/.exec(uri);
  return match ? (match[1] ?? "").replace(/\/+$/, "") : null;
}
