/**
 * Which adapter openStores picks, and that the SQLite file lands in DATA_DIR (created when missing).
 * The MongoDB branch is covered in mongo.test.ts, behind the reachability gate.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SQLITE_FILE_NAME, openStores } from "../../api/src/store/open-stores.js";
import { lazyTempDir } from "./support/sqlite-target.js";
import { pipeline } from "./support/records.js";

describe("openStores", () => {
  const temp = lazyTempDir();
  afterAll(() => temp.remove());

  it("opens SQLite in the data directory, creating it, when no MongoDB URL is given", async () => {
    const dataDir = temp.file(path.join("nested", "data"));
    const record = pipeline();
    for (const mongodbUrl of [undefined, ""]) {
      const stores = await openStores({ mongodbUrl, dataDir });
      try {
        expect(stores.kind).toBe("sqlite");
        expect(existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
        // The second open finds the first one's data: same file, schema creation is idempotent.
        if (mongodbUrl === undefined) await stores.pipelines.insert(record);
        else expect(await stores.pipelines.get(record.id)).toStrictEqual(record);
      } finally {
        await stores.close();
      }
    }
  });
});
