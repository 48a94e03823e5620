/**
 * A second home for run outputs, so that a data directory is only a cache of them. When a data engine has an
 * archive, every output it writes under `runs/` (Parquet outputs, converted copies) is uploaded once written,
 * before the step is reported finished; and an output that is missing locally when it is read (written on
 * another machine, or removed by retention) is downloaded first. Retention only ever deletes local copies.
 *
 * Without an archive (the default) outputs live in DATA_DIR only, and processes that run steps must share it.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import type { ArtifactStore } from "../artifacts/artifact-store.js";
import { checkArtifactKey } from "../artifacts/artifact-store.js";
import { DomainError } from "../common/errors.js";
import { writeAtomically } from "./atomic-file.js";
import { RUNS_FOLDER } from "./run-outputs.js";

export interface OutputArchive {
  /** Where the outputs go, for logs and messages. */
  readonly description: string;
  /**
   * Copies the local file of a stored output (`location`, relative to the data directory, under `runs/`) to
   * the archive, replacing any previous copy. An archive may decline some locations (scratch tables).
   */
  upload(location: string, file: string): Promise<void>;
  /** Writes the archived copy of `location` to `file` (temp file + rename); false when the archive has none. */
  download(location: string, file: string): Promise<boolean>;
}

export interface ArtifactOutputArchiveOptions {
  /**
   * Whether the outputs of this run folder are archived (default: all). Folders under `runs/` also hold
   * scratch tables (upload checks, training data, dataset tables), which a caller may keep out of the archive.
   */
  archivesRun?: (runId: string) => boolean | Promise<boolean>;
}

/** Run outputs in an ArtifactStore, under the same key as their location: `runs/<runId>/<file>`. */
export class ArtifactOutputArchive implements OutputArchive {
  readonly description: string;

  constructor(
    private readonly store: ArtifactStore,
    private readonly options: ArtifactOutputArchiveOptions = {},
  ) {
    this.description = store.description;
  }

  async upload(location: string, file: string): Promise<void> {
    const key = keyOf(location);
    const runId = key.split("/")[1] ?? "";
    if (this.options.archivesRun && !(await this.options.archivesRun(runId))) return;
    await this.store.put(key, createReadStream(file));
  }

  async download(location: string, file: string): Promise<boolean> {
    let stream;
    try {
      stream = await this.store.getStream(keyOf(location));
    } catch (error) {
      if (error instanceof DomainError && error.code === "NOT_FOUND") return false;
      throw error;
    }
    try {
      await writeAtomically(file, (temp) => pipeline(stream, createWriteStream(temp)));
    } finally {
      stream.destroy();
    }
    return true;
  }
}

/** True for locations an archive holds: files of a run folder (`runs/<runId>/<file>`). */
export function isArchivedLocation(location: string): boolean {
  const parts = location.split("/");
  return parts.length === 3 && parts[0] === RUNS_FOLDER;
}

function keyOf(location: string): string {
  if (!isArchivedLocation(location)) throw new Error(`"${location}" is not a run output (runs/<runId>/<file>)`);
  return checkArtifactKey(location);
}
