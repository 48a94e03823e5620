/**
 * Child process for the cross-process SQLite test: opens its own connection to the file, says "ready", waits for
 * "go" on stdin (so every worker starts appending at the same moment), then appends single events one by one.
 *
 * Usage: append-worker.ts <sqlite file> <run id> <count> <node id>
 */
import { createInterface } from "node:readline";
import { openSqliteStores } from "../../../api/src/store/sqlite/open-sqlite-stores.js";

const [file, runId, count, nodeId] = process.argv.slice(2);
if (file === undefined || runId === undefined || count === undefined || nodeId === undefined) {
  throw new Error("usage: append-worker.ts <file> <runId> <count> <nodeId>");
}

const stores = openSqliteStores(file);
const input = createInterface({ input: process.stdin });
process.stdout.write("ready\n");
for await (const line of input) if (line === "go") break;
input.close();

for (let i = 0; i < Number(count); i++) {
  await stores.runs.appendEvents(runId, [{ type: "STEP_PROGRESS", nodeId, payload: { rowsIn: i }, at: new Date() }]);
}
await stores.close();
process.stdout.write("done\n");
