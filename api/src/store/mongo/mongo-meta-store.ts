/**
 * Installation facts as one document per key.
 */
import type { Collection } from "mongodb";
import type { MetaStore } from "../ports.js";
import type { KeyedLock } from "./keyed-lock.js";
import type { RecordDoc } from "./mongo-codec.js";
import { isDuplicateKey } from "./mongo-errors.js";

export class MongoMetaStore implements MetaStore {
  constructor(
    private readonly collection: Collection<RecordDoc>,
    private readonly lock: KeyedLock,
  ) {}

  async get(key: string): Promise<string | null> {
    const doc = await this.collection.findOne({ _id: { $eq: key } });
    const value: unknown = doc?.["value"];
    return typeof value === "string" ? value : null;
  }

  async set(key: string, value: string): Promise<void> {
    const upsert = () => this.collection.updateOne({ _id: { $eq: key } }, { $set: { value } }, { upsert: true });
    await this.lock.run(`meta/${key}`, async () => {
      try {
        await upsert();
      } catch (error) {
        // Two upserts of a new key can both decide to insert; the loser finds the document now exists.
        if (!isDuplicateKey(error)) throw error;
        await upsert();
      }
    });
  }
}
