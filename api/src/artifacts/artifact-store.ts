/**
 * The artifact store port: opaque bytes under slash-separated keys (`models/hmp/3/model.json`). Model
 * artifacts are written through it (and, on S3, copies of run outputs: `data/output-archive.ts`). Adapters: a
 * local directory (`local-artifact-store.ts`, the default) and an S3 bucket (`s3-artifact-store.ts`, chosen by
 * ARTIFACT_STORE=s3). They share the key rules below and pass the same contract suite
 * (`tests/ml/artifact-store.contract.ts`, run for S3 by `tests/artifacts`).
 */
import { Readable } from "node:stream";
import { DomainError, NotFoundError } from "../common/errors.js";

/** What `put` accepts: bytes at once, or a stream of chunks (never held in memory whole by the adapter). */
export type ArtifactBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface ArtifactInfo {
  key: string;
  /** Size in bytes. */
  size: number;
  modifiedAt: Date;
}

export interface ArtifactStore {
  /** Human-readable location of the store, for logs (a directory, a bucket URL…). */
  readonly description: string;
  /**
   * Writes `body` under `key`, replacing any artifact there. Atomic: readers see the old bytes or the new ones,
   * never a partial write; a failed write leaves the previous artifact (or none) in place.
   */
  put(key: string, body: ArtifactBody): Promise<ArtifactInfo>;
  /** The whole artifact; NOT_FOUND when absent. */
  get(key: string): Promise<Buffer>;
  /** The artifact as a stream of chunks; NOT_FOUND (rejected before any chunk) when absent. */
  getStream(key: string): Promise<Readable>;
  /** Size and time of an artifact, or null when absent. */
  stat(key: string): Promise<ArtifactInfo | null>;
  exists(key: string): Promise<boolean>;
  /** Artifacts whose key starts with `prefix` (a whole number of segments, e.g. "models/hmp/"), sorted by key. */
  list(prefix?: string): Promise<ArtifactInfo[]>;
  /** Deletes one artifact; false when there was none. */
  delete(key: string): Promise<boolean>;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._=-]{0,127}$/;
export const MAX_ARTIFACT_KEY_LENGTH = 1024;

/**
 * Keys are 1..1024 characters of segments joined by "/": each segment holds letters, digits, ".", "_", "=", "-"
 * and does not start with "." (so "..", hidden files, empty segments and absolute paths are impossible). The same rule in every adapter keeps keys portable between a directory and a bucket.
 */
export function checkArtifactKey(key: string): string {
  if (typeof key !== "string" || key.length === 0 || key.length > MAX_ARTIFACT_KEY_LENGTH) {
    throw new DomainError("BAD_USER_INPUT", `artifact key must be 1 to ${MAX_ARTIFACT_KEY_LENGTH} characters`, {
      field: "key",
    });
  }
  for (const segment of key.split("/")) {
    if (!SEGMENT.test(segment) || segment.endsWith(".tmp")) {
      throw new DomainError(
        "BAD_USER_INPUT",
        `artifact key "${key}" has an invalid segment "${segment}" (letters, digits, . _ = -; not starting with ".")`,
        { field: "key" },
      );
    }
  }
  return key;
}

/** A prefix is "" or a key-like path ending with "/". */
export function checkArtifactPrefix(prefix: string): string {
  if (prefix === "") return prefix;
  if (!prefix.endsWith("/"))
    throw new DomainError("BAD_USER_INPUT", `artifact prefix "${prefix}" must end with "/"`, { field: "prefix" });
  checkArtifactKey(prefix.slice(0, -1));
  return prefix;
}

export function artifactNotFound(key: string): NotFoundError {
  return new NotFoundError("Artifact", key);
}

/** Collects a body into one buffer (for adapters that need the length up front). */
export async function bodyToBuffer(body: ArtifactBody): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A body as a Node stream. */
export function bodyToStream(body: ArtifactBody): Readable {
  return body instanceof Uint8Array ? Readable.from([body]) : Readable.from(body);
}
