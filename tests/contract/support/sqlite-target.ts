/**
 * SQLite under test: files in a temp directory per test file, removed at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { openSqliteStores } from "../../../api/src/store/sqlite/open-sqlite-stores.js";
import type { ContractTarget } from "./contract-target.js";

/** A temp directory made on first use, so a file whose tests are all filtered out leaves nothing behind. */
export function lazyTempDir(): { file(name: string): string; remove(): void } {
  let dir: string | undefined;
  return {
    file: (name) => path.join((dir ??= mkdtempSync(path.join(tmpdir(), "millrace-contract-"))), name),
    remove: () => {
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
  };
}

export function sqliteTarget(): ContractTarget {
  const temp = lazyTempDir();
  return {
    kind: "sqlite",
    open: () => Promise.resolve().then(() => openSqliteStores(temp.file("contract.sqlite"))),
    dispose: () => Promise.resolve().then(() => temp.remove()),
    rowStorage: (collection) => Promise.resolve().then(() => sqliteRowTables(temp.file("contract.sqlite"), collection)),
  };
}

/** The generation tables of a row collection in the SQLite file, read on a connection of their own. */
export function sqliteRowTables(file: string, collection: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return rows.map((row) => row.name).filter((name) => name.startsWith(`rows__${collection}__`));
  } finally {
    db.close();
  }
}
