import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

// Worker entries are .ts files, so a worker thread needs tsx too. `--import tsx` is passed, but tsx only
// registers itself on the main thread on Node 20 (it does in workers on newer Node), so a small bootstrap
// imports the entry and, if .ts is not understood yet, registers tsx through its API and tries again.
const TSX_LOADER = resolveEsm("tsx");
const TSX_API = resolveEsm("tsx/esm/api");
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.entry).catch(async (err) => {
  if (err?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw err;
  (await import(workerData.tsxApi)).register();
  // A new URL: the loader remembers the failed attempt under the old one.
  await import(workerData.entry + "?tsx");
});
`;

/** Starts a worker thread running the TypeScript module at `entry` (a file URL); `data` joins its workerData. */
export function startTsWorker(entry: string, data: Record<string, unknown> = {}): Worker {
  return new Worker(BOOTSTRAP, {
    eval: true,
    execArgv: ["--import", TSX_LOADER],
    workerData: { ...data, entry, tsxApi: TSX_API },
  });
}

/** URL of a package entry as `import` would resolve it (the `require` condition can point elsewhere). */
function resolveEsm(specifier: string): string {
  try {
    return import.meta.resolve(specifier);
  } catch {
    // Hosts without import.meta.resolve (some test runners): take the CJS path and swap in the ESM build.
    return pathToFileURL(
      createRequire(import.meta.url)
        .resolve(specifier)
        .replace(/\.cjs$/, ".mjs"),
    ).href;
  }
}
