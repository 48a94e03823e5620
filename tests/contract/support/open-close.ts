/**
 * Child process that opens stores, uses them, closes them and then simply ends: if anything were left open
 * (a connection pool, a timer), the process would not exit and the parent test would time out.
 *
 * Usage: open-close.ts sqlite <file> | open-close.ts mongo <url> <dbName>
 */
import { openMongoStores } from "../../../api/src/store/mongo/open-mongo-stores.js";
import type { Stores } from "../../../api/src/store/ports.js";
import { openSqliteStores } from "../../../api/src/store/sqlite/open-sqlite-stores.js";

const [kind, target, dbName] = process.argv.slice(2);
if (target === undefined) throw new Error("usage: open-close.ts sqlite <file> | mongo <url> <dbName>");

const stores: Stores =
  kind === "mongo" ? await openMongoStores(target, dbName === undefined ? {} : { dbName }) : openSqliteStores(target);
const health = await stores.ping();
await stores.pipelines.list({}, { first: 1 });
await stores.close();
process.stdout.write(`${JSON.stringify(health)}\n`);
