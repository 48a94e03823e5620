/**
 * Writing a file so that readers only ever see it complete: write under a temp name in the same folder, then
 * rename over the final name. A crash or a failed attempt leaves at most a `*.tmp` file, never a half final one.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";

export interface AtomicWriteOptions {
  /** fsync the file (and its folder) before and after the rename, so it also survives a power loss. */
  durable?: boolean;
}

/** Temp name next to `file`, unique per call, recognisable by its `.tmp` suffix. */
export function tempNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
}

/** Runs `write(tempPath)`, then renames the temp file to `file`; removes the temp file when anything fails. */
export async function writeAtomically<T>(
  file: string,
  write: (tempPath: string) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = tempNameFor(file);
  try {
    const result = await write(temp);
    if (options.durable) await fsyncPath(temp);
    await rename(temp, file);
    if (options.durable) await fsyncPath(path.dirname(file)).catch(() => undefined);
    return result;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
