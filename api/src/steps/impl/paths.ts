/**
 * User paths (extract_file, load_file, datasets) resolved against a root directory: after resolving "..", and
 * symlinks for whatever already exists, the path must still be inside the root, or the step fails naming it.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { failure } from "./step-context.js";

/** Absolute real path of an existing file under `root`. */
export async function existingFileInside(root: string, userPath: string, rootName: string): Promise<string> {
  const lexical = lexicallyInside(root, userPath, rootName);
  let real: string;
  try {
    real = await realpath(lexical);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw failure(`file "${userPath}" does not exist in the ${rootName}`, { file: userPath });
    throw error;
  }
  if (!isInside(await realpath(root), real)) throw outside(userPath, rootName);
  return real;
}

/** Absolute path under `root` where a new file may be written (its nearest existing folder is checked for links). */
export async function writableFileInside(root: string, userPath: string, rootName: string): Promise<string> {
  const lexical = lexicallyInside(root, userPath, rootName);
  const realRoot = await realpath(root);
  let folder = path.dirname(lexical);
  for (;;) {
    try {
      const real = await realpath(folder);
      if (real !== realRoot && !isInside(realRoot, real)) throw outside(userPath, rootName);
      return path.join(real, path.relative(folder, lexical));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      const parent = path.dirname(folder);
      if (parent === folder) throw outside(userPath, rootName);
      folder = parent;
    }
  }
}

function lexicallyInside(root: string, userPath: string, rootName: string): string {
  if (userPath.includes("\0")) throw outside(userPath, rootName);
  const resolved = path.resolve(root, userPath);
  if (!isInside(path.resolve(root), resolved)) throw outside(userPath, rootName);
  return resolved;
}

export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== "" && !relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative);
}

function outside(userPath: string, rootName: string): Error {
  return failure(
    `path "${userPath}" is outside the ${rootName}; use a path relative to it, without ".." or links leading out`,
    { file: userPath },
  );
}
