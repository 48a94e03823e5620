// Runs every benchmark (bench/<name>/run.ts or run.mjs) in turn; each prints one JSON line with its baseline.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const LONG = new Set(["soak"]);
let failed = 0;
for (const name of readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()) {
  if (only.length > 0 && !only.includes(name)) continue;
  // The soak takes 10 minutes: only when asked for by name (`npm run bench -- soak`).
  if (only.length === 0 && LONG.has(name)) continue;
  const script = ["run.ts", "run.mjs"].map((f) => path.join(root, name, f)).find((f) => existsSync(f));
  if (!script) continue;
  process.stderr.write(`bench ${name}: ${path.relative(process.cwd(), script)}\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
