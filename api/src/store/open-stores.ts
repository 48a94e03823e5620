/**
 * Chooses the storage adapter: MongoDB when a URL is configured, else the embedded SQLite file under DATA_DIR.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { openMongoStores } from "./mongo/open-mongo-stores.js";
import type { Stores } from "./ports.js";
import { openSqliteStores } from "./sqlite/open-sqlite-stores.js";

export const SQLITE_FILE_NAME = "millrace.sqlite";

/** Opens the configured stores; the caller owns them and must `close()` them. */
export async function openStores(config: { mongodbUrl?: string | undefined; dataDir: string }): Promise<Stores> {
  if (config.mongodbUrl !== undefined && config.mongodbUrl !== "") return openMongoStores(config.mongodbUrl);
  await mkdir(config.dataDir, { recursive: true });
  return openSqliteStores(path.join(config.dataDir, SQLITE_FILE_NAME));
}
