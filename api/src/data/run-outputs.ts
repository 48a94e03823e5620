/**
 * Where run outputs live on disk, and the retention that removes old ones:
 * `<dataDir>/runs/<runId>/<nodeId>.parquet` (plus converted copies such as `<nodeId>.csv`), or `<nodeId>.view`
 * for an output kept as a view over other outputs of the same run.
 */
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { OutputTarget, RetentionOptions, RetentionReport } from "./data-engine.js";

export const RUNS_FOLDER = "runs";
/** Users' own files (extract_file reads, load_file writes), relative paths resolve here. */
export const USER_FILES_FOLDER = "files";
/** Uploaded datasets. */
export const UPLOADS_FOLDER = "uploads";
/**
 * The folders of the data directory the data engine may touch. The store (millrace.sqlite) lives beside them,
 * outside, so no pipeline SQL can read it.
 */
export const ENGINE_FOLDERS = [USER_FILES_FOLDER, RUNS_FOLDER, UPLOADS_FOLDER] as const;

// Run and node ids are URL-safe ids (see common/ids.ts); anything else must never become a path segment.
const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

export function assertSafeSegment(kind: string, value: string): void {
  if (!SAFE_SEGMENT.test(value)) throw new Error(`invalid ${kind} "${value}": expected 1 to 64 of A-Z a-z 0-9 _ -`);
}

/** Path of a run's folder relative to the data directory (POSIX separators, stable across machines). */
export function runFolder(runId: string): string {
  assertSafeSegment("run id", runId);
  return `${RUNS_FOLDER}/${runId}`;
}

/** `runs/<runId>/<nodeId>.<extension>` relative to the data directory. */
export function runFile(target: OutputTarget, extension: string): string {
  assertSafeSegment("node id", target.nodeId);
  return `${runFolder(target.runId)}/${target.nodeId}.${extension}`;
}

/** Extension of a stored view's definition (see duckdb/views.ts): `runs/<runId>/<nodeId>.view`. */
export const VIEW_EXTENSION = "view";

/** True when a stored output is a view (a SELECT over other outputs) rather than a Parquet file. */
export function isViewLocation(location: string): boolean {
  return location.endsWith(`.${VIEW_EXTENSION}`);
}

/** True when `location` is an output stored in the run's own folder (retention removes a run folder whole). */
export function isInRunFolder(location: string, runId: string): boolean {
  return location.startsWith(`${runFolder(runId)}/`);
}

/** Deletes `<dataDir>/runs/<runId>` folders not kept (and, with `olderThan`, not modified since). */
export async function collectRunOutputs(dataDir: string, options: RetentionOptions): Promise<RetentionReport> {
  const root = path.join(dataDir, RUNS_FOLDER);
  const keep = new Set(options.keepRunIds ?? []);
  const report: RetentionReport = { removedRunIds: [], bytesFreed: 0 };
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return report;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || !SAFE_SEGMENT.test(entry.name) || keep.has(entry.name)) continue;
    const folder = path.join(root, entry.name);
    const { newest, bytes } = await folderFacts(folder);
    if (options.olderThan && newest >= options.olderThan.getTime()) continue;
    await rm(folder, { recursive: true, force: true });
    report.removedRunIds.push(entry.name);
    report.bytesFreed += bytes;
  }
  report.removedRunIds.sort();
  return report;
}

// A folder's own mtime changes only when entries are added or removed; a file rewritten in place (or a retry's
// rename) may be newer, so the newest of the folder and its files decides its age.
async function folderFacts(folder: string): Promise<{ newest: number; bytes: number }> {
  let newest = (await stat(folder)).mtimeMs;
  let bytes = 0;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const facts = await stat(path.join(folder, entry.name)).catch(() => null);
    if (!facts) continue;
    newest = Math.max(newest, facts.mtimeMs);
    bytes += facts.size;
  }
  return { newest, bytes };
}
