/**
 * The baseline of the store benchmark: the adapters as committed before runs were split into header, snapshot
 * and steps, measured in the same run on the same machine. The committed `api/src` is extracted with
 * `git archive` into .tmp/ (gitignored; nothing in the working tree is touched), and imported from there.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Stores } from "../../api/src/store/ports.js";

/** Added by the split; the commit that added it is the first "after" one. */
const SPLIT_MARKER = "api/src/store/sqlite/sqlite-run-parts.ts";

export interface Baseline {
  ref: string;
  openSqlite: (file: string) => Stores;
  openMongo: (url: string, options: { dbName: string }) => Promise<Stores>;
}

function git(root: string, args: string[]): string {
  return execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
}

/** `override`, else the parent of the commit that introduced the split, else HEAD (the split is not committed). */
export function baselineRef(root: string, override: string | undefined): string {
  if (override) return git(root, ["rev-parse", override]);
  const added = git(root, ["log", "--diff-filter=A", "--format=%H", "-1", "--", SPLIT_MARKER]);
  return git(root, ["rev-parse", added === "" ? "HEAD" : `${added}^`]);
}

export async function loadBaseline(root: string, override: string | undefined): Promise<Baseline> {
  const ref = baselineRef(root, override);
  // Inside the repository, so the extracted sources resolve better-sqlite3 and mongodb from its node_modules.
  const dir = path.join(root, ".tmp", "bench-store-baseline", ref);
  if (!existsSync(path.join(dir, "api", "src"))) {
    mkdirSync(dir, { recursive: true });
    const archive = execFileSync("git", ["archive", ref, "api/src"], { cwd: root, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
  }
  const load = async <M>(file: string) =>
    (await import(pathToFileURL(path.join(dir, "api", "src", "store", file)).href)) as M;
  const sqlite = await load<{ openSqliteStores: (file: string) => Stores }>("sqlite/open-sqlite-stores.ts");
  const mongo = await load<{ openMongoStores: (url: string, options: { dbName: string }) => Promise<Stores> }>(
    "mongo/open-mongo-stores.ts",
  );
  return { ref, openSqlite: sqlite.openSqliteStores, openMongo: mongo.openMongoStores };
}
