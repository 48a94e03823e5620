/**
 * Child process for the cross-process races: opens its own stores, says "ready", waits for "go" on stdin (so every
 * worker calls at the same moment), then tries to take the run's lease and to claim step "src" attempt 1 for
 * `owner`, at once, and prints both answers as JSON.
 *
 * Usage: race-worker.ts sqlite <file> <runId> <owner> | race-worker.ts mongo <url> <dbName> <runId> <owner>
 */
import { createInterface } from "node:readline";
import { openMongoStores } from "../../../api/src/store/mongo/open-mongo-stores.js";
import type { Stores } from "../../../api/src/store/ports.js";
import { openSqliteStores } from "../../../api/src/store/sqlite/open-sqlite-stores.js";

const args = process.argv.slice(2);
const [kind, target] = args;
const [dbName, runId, owner] = kind === "mongo" ? args.slice(2) : [undefined, ...args.slice(2)];
if (target === undefined || runId === undefined || owner === undefined) {
  throw new Error("usage: race-worker.ts sqlite <file> <runId> <owner> | mongo <url> <dbName> <runId> <owner>");
}

const stores: Stores =
  kind === "mongo" ? await openMongoStores(target, dbName === undefined ? {} : { dbName }) : openSqliteStores(target);
const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of input) if (line === "go") break;
input.close();

const now = new Date();
const result = await Promise.all([
  stores.runs.acquireLease(runId, owner, now, new Date(now.getTime() + 60_000)),
  stores.runs.claimStep(runId, "src", 1, owner),
]);
await stores.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
