/**
 * ArtifactStore over a local directory (`DATA_DIR/artifacts`): one file per key, written to a temp name in the
 * same folder, fsynced and renamed over the final name, so readers and restarts never see a partial artifact.
 */
import { createWriteStream } from "node:fs";
import { mkdir, open, readdir, readFile, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { writeAtomically } from "../data/atomic-file.js";
import {
  artifactNotFound,
  bodyToStream,
  checkArtifactKey,
  checkArtifactPrefix,
  type ArtifactBody,
  type ArtifactInfo,
  type ArtifactStore,
} from "./artifact-store.js";

/** The folder of DATA_DIR that holds artifacts (outside the data engine's folders: pipeline SQL cannot read it). */
export const ARTIFACTS_FOLDER = "artifacts";

export class LocalArtifactStore implements ArtifactStore {
  readonly description: string;

  constructor(private readonly root: string) {
    this.description = `directory ${root}`;
  }

  /** Opens (creating it when needed) the store at `<dataDir>/artifacts`. */
  static async open(dataDir: string): Promise<LocalArtifactStore> {
    const root = path.resolve(dataDir, ARTIFACTS_FOLDER);
    await mkdir(root, { recursive: true });
    return new LocalArtifactStore(root);
  }

  async put(key: string, body: ArtifactBody): Promise<ArtifactInfo> {
    const file = this.fileOf(key);
    await writeAtomically(file, (temp) => pipeline(bodyToStream(body), createWriteStream(temp)), { durable: true });
    const info = await this.stat(key);
    if (!info) throw new Error(`artifact "${key}" vanished right after it was written`);
    return info;
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      throw missing(error, key);
    }
  }

  async getStream(key: string): Promise<Readable> {
    try {
      const handle = await open(this.fileOf(key), "r");
      return handle.createReadStream({ autoClose: true });
    } catch (error) {
      throw missing(error, key);
    }
  }

  async stat(key: string): Promise<ArtifactInfo | null> {
    try {
      const facts = await stat(this.fileOf(key));
      return facts.isFile() ? { key, size: facts.size, modifiedAt: facts.mtime } : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async list(prefix = ""): Promise<ArtifactInfo[]> {
    checkArtifactPrefix(prefix);
    const out: ArtifactInfo[] = [];
    const walk = async (dir: string, keyPrefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        // Temp files of writes in progress start with "." (never a valid key segment).
        if (entry.name.startsWith(".")) continue;
        const key = `${keyPrefix}${entry.name}`;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), `${key}/`);
        else if (entry.isFile()) {
          const info = await this.stat(key);
          if (info) out.push(info);
        }
      }
    };
    await walk(prefix === "" ? this.root : this.fileOf(prefix.slice(0, -1)), prefix);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<boolean> {
    const file = this.fileOf(key);
    try {
      await rm(file);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    // Drop folders left empty, up to the root, so deleted models leave no trace.
    for (let dir = path.dirname(file); dir !== this.root && dir.startsWith(this.root); dir = path.dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        break;
      }
    }
    return true;
  }

  private fileOf(key: string): string {
    return path.join(this.root, ...checkArtifactKey(key).split("/"));
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

function missing(error: unknown, key: string): unknown {
  return isMissing(error) ? artifactNotFound(key) : error;
}
