/**
 * MLflow's artifact proxy on the ArtifactStore: `mlflow-artifacts:/<path>` is the artifact `mlflow/<path>`
 * (`<group>/<run>/artifacts/…` for runs, `<group>/models/<model>/artifacts/…` for logged models).
 */
import type { Readable } from "node:stream";
import { checkArtifactKey, type ArtifactBody, type ArtifactStore } from "../artifacts/artifact-store.js";
import { DomainError } from "../common/errors.js";
import { doesNotExist, invalidParameter } from "./mlflow-errors.js";

export const ARTIFACT_ROOT = "mlflow";

export interface ArtifactEntry {
  /** Name relative to the listed directory. */
  name: string;
  isDir: boolean;
  size: number | null;
}

function cleanPath(path: string): string {
  return path.replace(/^\/+/, "").replace(/\/+$/, "");
}

export class MlflowArtifactService {
  constructor(
    private readonly store: ArtifactStore,
    private readonly maxBytes: number,
  ) {}

  keyOf(path: string): string {
    const clean = cleanPath(path);
    if (clean === "") throw invalidParameter("An artifact path is required");
    try {
      return checkArtifactKey(`${ARTIFACT_ROOT}/${clean}`);
    } catch (error) {
      if (error instanceof DomainError) throw invalidParameter(`Invalid artifact path '${path}': ${error.message}`);
      throw error;
    }
  }

  async upload(path: string, body: AsyncIterable<Uint8Array>): Promise<void> {
    const key = this.keyOf(path);
    const limit = this.maxBytes;
    async function* limited(): AsyncIterable<Uint8Array> {
      let total = 0;
      for await (const chunk of body) {
        total += chunk.byteLength;
        if (total > limit) throw invalidParameter(`Artifact '${path}' is larger than ${limit} bytes`);
        yield chunk;
      }
    }
    const stream: ArtifactBody = limited();
    await this.store.put(key, stream);
  }

  async download(path: string): Promise<Readable> {
    const key = this.keyOf(path);
    try {
      return await this.store.getStream(key);
    } catch (error) {
      if (error instanceof DomainError && error.code === "NOT_FOUND")
        throw doesNotExist(`Artifact '${path}' not found`);
      throw error;
    }
  }

  async delete(path: string): Promise<void> {
    const key = this.keyOf(path);
    if (await this.store.delete(key)) return;
    // A directory: everything under it.
    const under = await this.store.list(`${key}/`);
    if (under.length === 0) throw doesNotExist(`Artifact '${path}' not found`);
    for (const artifact of under) await this.store.delete(artifact.key);
  }

  /** The direct children of a directory (files with sizes, sub-directories once each), sorted by name. */
  async list(path: string): Promise<ArtifactEntry[]> {
    const clean = cleanPath(path);
    const prefix = clean === "" ? `${ARTIFACT_ROOT}/` : `${this.keyOf(clean)}/`;
    const entries = new Map<string, ArtifactEntry>();
    for (const artifact of await this.store.list(prefix)) {
      const rest = artifact.key.slice(prefix.length);
      const slash = rest.indexOf("/");
      if (slash < 0) entries.set(rest, { name: rest, isDir: false, size: artifact.size });
      else {
        const dir = rest.slice(0, slash);
        if (!entries.has(dir)) entries.set(dir, { name: dir, isDir: true, size: null });
      }
    }
    return [...entries.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}
