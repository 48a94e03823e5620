// Builds the editor (`vite build`) only when editor/dist is missing or older than its sources, so `npm start`
// stays fast after the first run. Run from anywhere: paths are resolved from this file.
import console from "node:console";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const editorDir = path.dirname(fileURLToPath(import.meta.url));
const builtIndex = path.join(editorDir, "dist", "index.html");
const sources = ["src", "index.html", "vite.config.ts", "package.json", "tsconfig.json"];

/**
 * The newest file among `sources` (directories walked recursively), or undefined if there is none.
 * @returns {{ file: string, mtimeMs: number } | undefined}
 */
function newestSource() {
  /** @type {{ file: string, mtimeMs: number } | undefined} */
  let newest;
  /** @param {string} file */
  const consider = (file) => {
    const mtimeMs = statSync(file).mtimeMs;
    if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  for (const source of sources) {
    const full = path.join(editorDir, source);
    if (!existsSync(full)) continue;
    if (!statSync(full).isDirectory()) {
      consider(full);
      continue;
    }
    for (const entry of readdirSync(full, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) consider(path.join(entry.parentPath, entry.name));
    }
  }
  return newest;
}

/** @returns {string | undefined} */
function reasonToBuild() {
  if (!existsSync(builtIndex)) return "editor/dist/index.html is missing";
  const builtAt = statSync(builtIndex).mtimeMs;
  const newest = newestSource();
  if (newest !== undefined && newest.mtimeMs > builtAt) {
    return `${path.relative(editorDir, newest.file)} changed after the last build`;
  }
  return undefined;
}

const reason = reasonToBuild();
if (reason === undefined) {
  console.log("editor: dist/ is up to date, not rebuilding");
} else {
  console.log(`editor: building (${reason})`);
  const { build } = await import("vite");
  try {
    await build({ root: editorDir, configFile: path.join(editorDir, "vite.config.ts"), logLevel: "warn" });
  } catch (error) {
    console.error("editor: build failed");
    console.error(error);
    process.exit(1);
  }
  console.log("editor: built into editor/dist");
}
