/**
 * EntityStore over one MongoDB collection. Only single-document atomic operations: FerretDB has no transactions.
 */
import type { Collection, Document } from "mongodb";
import { BadInputError, DomainError } from "../../common/errors.js";
import { checkPage, decodeCursor, encodeCursor, type CollectionSpec } from "../collections.js";
import type { EntityStore, Page, PageRequest, VersionConflict } from "../ports.js";
import { docCodec, type DocCodec, type RecordDoc } from "./mongo-codec.js";
import type { KeyedLock } from "./keyed-lock.js";
import { isDuplicateKey } from "./mongo-errors.js";
import { afterCursor, allOf, byId, whereFilter } from "./mongo-filter.js";

type Entity = { id: string; createdAt: Date };

export const LISTING_ORDER = { createdAt: -1, _id: -1 } as const;

const PATCH_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class MongoEntityStore<T extends Entity, F> implements EntityStore<T, F> {
  protected readonly codec: DocCodec;

  constructor(
    protected readonly collection: Collection<RecordDoc>,
    protected readonly spec: CollectionSpec<F>,
    private readonly lock: KeyedLock,
  ) {
    this.codec = docCodec(spec);
  }

  async insert(record: T): Promise<void> {
    try {
      await this.collection.insertOne(this.codec.encode(record));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      throw new DomainError(
        "CONFLICT",
        `${this.spec.name}: "${record.id}" conflicts with an existing record (same id or unique key)`,
        {
          collection: this.spec.name,
          id: record.id,
        },
      );
    }
  }

  async get(id: string): Promise<T | null> {
    const doc = await this.collection.findOne(byId(id));
    return doc ? this.decodeOne(doc) : null;
  }

  async getMany(ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const records = await this.decodeAll(await this.collection.find({ _id: { $in: unique } }).toArray());
    const byKey = new Map(records.map((record) => [record.id, record]));
    return unique.flatMap((id) => byKey.get(id) ?? []);
  }

  async update(
    id: string,
    patch: Partial<Omit<T, "id" | "createdAt">>,
    options: { ifVersion?: number } = {},
  ): Promise<T | null | VersionConflict> {
    const set = this.codec.encodeFields(patchFields(patch));
    return this.writing(id, () => this.updateNow(id, set, options.ifVersion));
  }

  private async updateNow(
    id: string,
    set: Document,
    ifVersion: number | undefined,
  ): Promise<T | null | VersionConflict> {
    if (ifVersion === undefined) {
      if (Object.keys(set).length === 0) return this.get(id);
      const doc = await this.collection.findOneAndUpdate(byId(id), { $set: set }, { returnDocument: "after" });
      return doc ? this.decodeOne(doc) : null;
    }
    // The version in the filter makes check-and-set one atomic document update (on FerretDB, with `writing`).
    const doc = await this.collection.findOneAndUpdate(
      { _id: { $eq: id }, version: { $eq: ifVersion } },
      { $set: { ...set, version: ifVersion + 1 } },
      { returnDocument: "after" },
    );
    if (doc) return this.decodeOne(doc);
    const current = await this.collection.findOne(byId(id), { projection: { version: 1 } });
    if (current === null) return null;
    const version: unknown = current["version"];
    return { conflict: true, current: typeof version === "number" ? version : 0 };
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.collection.deleteOne(byId(id));
    return result.deletedCount > 0;
  }

  async list(filter: F, page: PageRequest): Promise<Page<T>> {
    const first = checkPage(page.first);
    const after = page.after ? decodeCursor(page.after) : null;
    const where = whereFilter(this.spec.where(filter));
    const pageFilter = after ? allOf([where, afterCursor(after)]) : where;
    const [docs, totalCount] = await Promise.all([
      this.collection
        .find(pageFilter)
        .sort(LISTING_ORDER)
        .limit(first + 1)
        .toArray(),
      this.collection.countDocuments(where),
    ]);
    const items = await this.decodeAll(docs.slice(0, first));
    const last = items.at(-1);
    return {
      items,
      endCursor: last ? encodeCursor(last.createdAt, last.id) : null,
      hasNextPage: docs.length > first,
      totalCount,
    };
  }

  async count(filter: F): Promise<number> {
    return this.collection.countDocuments(whereFilter(this.spec.where(filter)));
  }

  /** Runs a read-modify-write of one document, never concurrently with another from this process. */
  protected writing<R>(id: string, task: () => Promise<R>): Promise<R> {
    return this.lock.run(`${this.spec.name}/${id}`, task);
  }

  /** Records from stored documents, in order; stores keeping parts of a record elsewhere fetch them here, at once. */
  protected decodeAll(docs: readonly RecordDoc[]): Promise<T[]> {
    return Promise.resolve(docs.map((doc) => this.decode(doc)));
  }

  protected async decodeOne(doc: RecordDoc): Promise<T> {
    return (await this.decodeAll([doc]))[0] as T;
  }

  protected decode(doc: RecordDoc): T {
    return this.codec.decode(doc) as unknown as T;
  }
}

/** The patch as fields to set: never the identity, never undefined, never a key Mongo would read as a path. */
function patchFields(patch: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "id" || key === "createdAt" || value === undefined) continue;
    if (!PATCH_KEY.test(key)) throw new BadInputError(key, "not a field name");
    fields[key] = value;
  }
  return fields;
}
