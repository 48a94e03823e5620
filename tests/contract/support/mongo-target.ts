/**
 * MongoDB (or FerretDB) under test: a unique database per test file, dropped at the end.
 *
 * Locally an unreachable server skips the Mongo tests; under CI (CI=true) it fails them, so a broken service
 * container can never turn into a silently green build.
 */
import { randomBytes } from "node:crypto";
import { MongoClient } from "mongodb";
import { describe, it } from "vitest";
import { redact } from "../../../api/src/config.js";
import { openMongoStores } from "../../../api/src/store/mongo/open-mongo-stores.js";
import type { ContractTarget } from "./contract-target.js";

export const MONGODB_URL = process.env["MONGODB_URL"] ?? "mongodb://127.0.0.1:27017";

/** Why MongoDB cannot be used, or null when it answers a ping. */
export async function mongoUnavailable(url: string = MONGODB_URL): Promise<string | null> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2_000, connectTimeoutMS: 2_000 });
  try {
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.close();
  }
}

/** `describe` that needs MongoDB: runs, skips (locally) or fails (under CI) depending on `unavailable`. */
export function describeWithMongo(name: string, unavailable: string | null, body: () => void): void {
  if (unavailable === null) {
    describe(name, body);
  } else if (process.env["CI"] === "true") {
    describe(name, () => {
      it("needs a reachable MongoDB under CI", () => {
        throw new Error(
          `MongoDB at ${redact(MONGODB_URL)} is unreachable (${unavailable}); CI must not skip these tests`,
        );
      });
    });
  } else {
    describe.skip(`${name} (MongoDB unreachable: ${unavailable})`, body);
  }
}

export function uniqueDbName(): string {
  return `millrace_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

/** The URL with its path set to `/<name>` (query string kept). */
export function withDbName(url: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(url);
  if (!match) throw new Error(`not a MongoDB URL: ${redact(url)}`);
  return `${match[1]}/${name}${match[2] ?? ""}`;
}

export async function dropDatabase(name: string, url: string = MONGODB_URL): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 2_000 });
  try {
    await client.connect();
    await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

export function mongoTarget(): ContractTarget & { dbName: string } {
  const dbName = uniqueDbName();
  return {
    kind: "mongo",
    dbName,
    open: () => openMongoStores(MONGODB_URL, { dbName }),
    dispose: () => dropDatabase(dbName),
    rowStorage: (collection) => mongoRowCollections(dbName, collection),
  };
}

/** The generation collections of a row collection in the database. */
export async function mongoRowCollections(dbName: string, collection: string): Promise<string[]> {
  const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 2_000 });
  try {
    await client.connect();
    const found = await client.db(dbName).listCollections({}, { nameOnly: true }).toArray();
    return found.map((c) => c.name).filter((name) => name.startsWith(`rows__${collection}__`));
  } finally {
    await client.close();
  }
}
