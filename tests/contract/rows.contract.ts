/**
 * Contract: row collections (replace, append, upsert, scan, count, list, drop): atomic replaces, idempotent
 * appends, key identities, equality filters that never become operators, and any column name kept exactly.
 */
import { describe, expect, it } from "vitest";
import type { DataRow } from "../../api/src/store/ports.js";
import { expectDomainError, type ContractTarget, type StoresRef } from "./support/contract-target.js";
import {
  batchesOf,
  collectionName,
  failingAfter,
  firstBatch,
  numbered,
  oddRow,
  pausedSource,
  readScan,
} from "./support/rows.js";

export function rowsContract(stores: StoresRef, target: ContractTarget): void {
  const rows = () => stores().rows;
  const scanAll = async (collection: string, filter: DataRow = {}) =>
    (await readScan(rows().scan(collection, filter, 1_000))).rows;

  describe("row collections: replace and scan", () => {
    it("replaces all rows and scans them back in load order, in batches of the requested size", async () => {
      const name = collectionName();
      const loaded = numbered(12_345);
      expect(await rows().replace(name, batchesOf(loaded, 777))).toBe(12_345);
      const scanned = await readScan(rows().scan(name, {}, 4_000));
      expect(scanned.sizes).toStrictEqual([4_000, 4_000, 4_000, 345]);
      expect(scanned.rows).toStrictEqual(loaded);
      expect(await rows().count(name)).toBe(12_345);

      const next = numbered(3, 0, "next");
      expect(await rows().replace(name, batchesOf(next))).toBe(3);
      expect(await scanAll(name)).toStrictEqual(next);
      expect(await target.rowStorage(name)).toHaveLength(1);
    });

    it("keeps odd column names and values exactly, and filters on them", async () => {
      const name = collectionName();
      const odd = oddRow();
      const plain = { "count(*)": 4, "a.b": "other" };
      await rows().replace(name, batchesOf([odd, plain]));
      const [back] = await scanAll(name, { "count(*)": 3 });
      expect(back).toStrictEqual(odd);
      expect(Object.keys(back ?? {})).toContain("__proto__");
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      for (const [column, value] of Object.entries(odd)) {
        // Null also matches the plain row, which has no such column.
        const expected = value === null ? 2 : 1;
        expect(await rows().count(name, { [column]: value }), JSON.stringify(column)).toBe(expected);
      }
      expect(await rows().count(name, { "a.b": "other" })).toBe(1);
    });

    it("filters by equality, keeping 1, '1', true and null apart; null also matches an absent column", async () => {
      const name = collectionName();
      const loaded: DataRow[] = [
        { k: 1, v: "a" },
        { k: "1", v: "b" },
        { k: true, v: "c" },
        { k: null, v: "d" },
        { v: "e" },
        { k: 1.5, v: "f" },
        { k: 0, v: "g" },
        { k: false, v: "h" },
        { k: "", v: "i" },
        { k: '{"$ne": null}', v: "j" },
      ];
      await rows().replace(name, batchesOf(loaded));
      const values = async (filter: DataRow) => (await scanAll(name, filter)).map((row) => row["v"]);
      expect(await values({ k: 1 })).toStrictEqual(["a"]);
      expect(await values({ k: "1" })).toStrictEqual(["b"]);
      expect(await values({ k: true })).toStrictEqual(["c"]);
      expect(await values({ k: null })).toStrictEqual(["d", "e"]);
      expect(await values({ k: 1.5 })).toStrictEqual(["f"]);
      expect(await values({ k: 0 })).toStrictEqual(["g"]);
      expect(await values({ k: false })).toStrictEqual(["h"]);
      expect(await values({ k: "" })).toStrictEqual(["i"]);
      expect(await values({ k: '{"$ne": null}' })).toStrictEqual(["j"]);
      expect(await values({ k: 1, v: "a" })).toStrictEqual(["a"]);
      expect(await values({ k: 1, v: "b" })).toStrictEqual([]);
      expect(await values({ missing: null })).toHaveLength(loaded.length);
      expect(await rows().count(name, { k: null })).toBe(2);
      expect(await rows().count(name, {})).toBe(loaded.length);
    });

    it("rejects a non-scalar filter value with BAD_USER_INPUT naming its column, never running it as an operator", async () => {
      const name = collectionName();
      await rows().replace(name, batchesOf(numbered(3)));
      const bad: unknown[] = [{ $ne: null }, { $gt: "" }, [1], new Date(0), undefined, NaN, Infinity];
      for (const value of bad) {
        const filter = { name: value } as unknown as DataRow;
        const error = await expectDomainError(firstBatch(rows().scan(name, filter, 10)), "BAD_USER_INPUT");
        expect(error.details).toStrictEqual({ field: "name" });
        await expectDomainError(rows().count(name, filter), "BAD_USER_INPUT");
      }
      await expectDomainError(rows().count(name, null as unknown as DataRow), "BAD_USER_INPUT");
      await expectDomainError(rows().count(name, [] as unknown as DataRow), "BAD_USER_INPUT");
    });

    it("scans an unknown collection as empty, and rejects a batch size outside 1..10000", async () => {
      expect(await scanAll(collectionName())).toStrictEqual([]);
      expect(await rows().count(collectionName())).toBe(0);
      for (const size of [0, 10_001, 1.5]) {
        await expectDomainError(firstBatch(rows().scan(collectionName(), {}, size)), "BAD_USER_INPUT");
      }
    });

    it("leaves the old rows, and nothing staged, when the source fails mid-replace", async () => {
      const name = collectionName();
      const old = numbered(10);
      await rows().replace(name, batchesOf(old));
      const broken = new Error("source broke");
      // More than one write chunk, so the new rows were partly stored when the source fails.
      await expect(rows().replace(name, failingAfter(numbered(12_000), broken))).rejects.toBe(broken);
      expect(await scanAll(name)).toStrictEqual(old);
      expect(await target.rowStorage(name)).toHaveLength(1);

      const invalid = [...numbered(6_000), { i: { nested: true } } as unknown as DataRow];
      const error = await expectDomainError(rows().replace(name, batchesOf(invalid, 6_000)), "BAD_USER_INPUT");
      expect(error.details).toStrictEqual({ field: "i" });
      expect(await scanAll(name)).toStrictEqual(old);
      expect(await target.rowStorage(name)).toHaveLength(1);
    });

    it("shows readers the old rows until a replace completes, then only the new ones", async () => {
      const name = collectionName();
      const old = numbered(5, 0, "old");
      await rows().replace(name, batchesOf(old));
      const fresh = numbered(7_000, 0, "new");
      const source = pausedSource(fresh.slice(0, 6_000), fresh.slice(6_000));
      const replacing = rows().replace(name, source.batches);
      await source.reached;
      expect(await scanAll(name)).toStrictEqual(old);
      expect(await rows().count(name)).toBe(5);
      expect((await rows().list()).find((c) => c.name === name)).toStrictEqual({ name, rows: 5 });
      source.release();
      expect(await replacing).toBe(7_000);
      expect(await scanAll(name)).toStrictEqual(fresh);
    });

    it("fails a scan that outlives a replace with CONFLICT rather than mixing generations", async () => {
      const name = collectionName();
      await rows().replace(name, batchesOf(numbered(100)));
      const scan = rows().scan(name, {}, 10)[Symbol.asyncIterator]();
      expect((await scan.next()).value).toStrictEqual(numbered(10));
      await rows().replace(name, batchesOf(numbered(100, 0, "new")));
      const rest = async () => {
        while (!(await scan.next()).done);
      };
      await expectDomainError(rest(), "CONFLICT");
    });

    it("rejects invalid collection names with BAD_USER_INPUT naming collection", async () => {
      const ok = "a".repeat(64);
      await rows().replace(ok, batchesOf([{ x: 1 }]));
      expect(await rows().count(ok)).toBe(1);
      await rows().drop(ok);
      for (const name of ["", "1a", "_a", "a-b", "a.b", "$x", "a b", "a/b", "a".repeat(65), "é"]) {
        const calls: Promise<unknown>[] = [
          rows().replace(name, batchesOf([])),
          rows().append(name, "load", batchesOf([])),
          rows().upsert(name, ["x"], batchesOf([])),
          firstBatch(rows().scan(name, {}, 10)),
          rows().count(name),
          rows().drop(name),
        ];
        for (const call of calls) {
          expect((await expectDomainError(call, "BAD_USER_INPUT")).details, JSON.stringify(name)).toStrictEqual({
            field: "collection",
          });
        }
      }
    });
  });

  describe("row collections: append", () => {
    it("keeps the rows of a load once however often it is repeated, after the other loads", async () => {
      const name = collectionName();
      const [first, second, redo] = [numbered(3, 0, "a"), numbered(2, 0, "b"), numbered(4, 0, "c")];
      expect(await rows().append(name, "run1/load", batchesOf(first))).toBe(3);
      expect(await rows().append(name, "run1/load", batchesOf(first))).toBe(3);
      expect(await scanAll(name)).toStrictEqual(first);
      expect(await rows().append(name, "run2/load", batchesOf(second))).toBe(2);
      expect(await scanAll(name)).toStrictEqual([...first, ...second]);
      // A later attempt of the first load replaces its rows, now after the second load's.
      expect(await rows().append(name, "run1/load", batchesOf(redo))).toBe(4);
      expect(await scanAll(name)).toStrictEqual([...second, ...redo]);
      expect(await rows().append(name, "run1/load", batchesOf([]))).toBe(0);
      expect(await scanAll(name)).toStrictEqual(second);
    });

    it("never duplicates rows when a load that failed mid-insert is retried", async () => {
      const name = collectionName();
      const other = numbered(2, 0, "other");
      await rows().append(name, "other", batchesOf(other));
      const all = numbered(7_000);
      await expect(
        rows().append(name, "run/n1", failingAfter(all.slice(0, 6_000), new Error("crash"))),
      ).rejects.toThrow("crash");
      expect(await rows().append(name, "run/n1", batchesOf(all))).toBe(7_000);
      expect(await rows().count(name)).toBe(7_002);
      expect(await scanAll(name)).toStrictEqual([...other, ...all]);
    });

    it("creates the collection, and a replace then replaces appended rows too", async () => {
      const name = collectionName();
      await rows().append(name, "x", batchesOf(numbered(2)));
      expect((await rows().list()).find((c) => c.name === name)).toStrictEqual({ name, rows: 2 });
      await rows().replace(name, batchesOf(numbered(1, 50)));
      await rows().append(name, "x", batchesOf(numbered(1, 60)));
      expect((await scanAll(name)).map((row) => row["i"])).toStrictEqual([50, 60]);
      await expectDomainError(rows().append(name, "", batchesOf([])), "BAD_USER_INPUT");
    });
  });

  describe("row collections: upsert", () => {
    it("replaces the rows with the same key values, inserts the others, and keeps types apart", async () => {
      const name = collectionName();
      await rows().replace(
        name,
        batchesOf([{ id: 1, v: "a" }, { id: 2, v: "b" }, { id: "1", v: "string one" }, { v: "no id" }]),
      );
      await rows().append(name, "load", batchesOf([{ id: 4, v: "appended" }]));
      const upserts = [
        { id: 2, v: "B" },
        { id: 3, v: "c" },
        { id: 3, v: "C" },
        { id: 4, v: "D" },
        { id: null, v: "null id" },
      ];
      expect(await rows().upsert(name, ["id"], batchesOf(upserts, 2))).toBe(5);
      // Replaced rows are written anew: they move to the end, in upsert order.
      expect(await scanAll(name)).toStrictEqual([
        { id: 1, v: "a" },
        { id: "1", v: "string one" },
        { v: "no id" },
        { id: 2, v: "B" },
        { id: 3, v: "C" },
        { id: 4, v: "D" },
        { id: null, v: "null id" },
      ]);
      expect(await rows().upsert(name, ["id"], batchesOf([{ id: null, v: "null again" }]))).toBe(1);
      expect(await rows().count(name, { id: null })).toBe(2);
      expect(await rows().count(name, { v: "null again" })).toBe(1);
    });

    it("identifies rows by all key columns, whatever their names", async () => {
      const name = collectionName();
      const key = ["a.b", "$k", ""];
      const row = (a: number, k: string | null, e: boolean, v: number): DataRow =>
        Object.fromEntries<DataRow[string]>([
          ["a.b", a],
          ["$k", k],
          ["", e],
          ["v", v],
        ]);
      await rows().upsert(name, key, batchesOf([row(1, "x", true, 1), row(1, "x", false, 2), row(1, null, true, 3)]));
      await rows().upsert(name, key, batchesOf([row(1, "x", true, 10), row(1, null, true, 30), row(2, "x", true, 40)]));
      expect((await scanAll(name)).map((r) => r["v"])).toStrictEqual([2, 10, 30, 40]);
      // Another key set identifies the same stored rows by other columns.
      await rows().upsert(name, ["a.b"], batchesOf([row(2, "y", false, 50)]));
      expect((await scanAll(name)).map((r) => r["v"])).toStrictEqual([2, 10, 30, 50]);
    });

    it("rejects a row missing a key column, naming it, and an empty or repeated key", async () => {
      const name = collectionName();
      await rows().upsert(name, ["id"], batchesOf([{ id: 1, v: "kept" }]));
      const missing = await expectDomainError(
        rows().upsert(name, ["id", "part"], batchesOf([{ id: 1, part: 1 }, { id: 1 }])),
        "BAD_USER_INPUT",
      );
      expect(missing.details).toStrictEqual({ field: "part" });
      for (const key of [[], ["id", "id"]]) {
        const error = await expectDomainError(rows().upsert(name, key, batchesOf([{ id: 1 }])), "BAD_USER_INPUT");
        expect(error.details).toStrictEqual({ field: "key" });
      }
      expect(await scanAll(name)).toStrictEqual([{ id: 1, v: "kept" }]);
    });
  });

  describe("row collections: list and drop", () => {
    it("lists collections with their row counts, and drops them", async () => {
      const [a, b, empty] = [collectionName("a"), collectionName("b"), collectionName("e")];
      await rows().replace(a, batchesOf(numbered(3)));
      await rows().replace(b, batchesOf(numbered(1)));
      await rows().replace(empty, batchesOf([]));
      const listed = (await rows().list()).filter((c) => [a, b, empty].includes(c.name));
      expect(listed).toStrictEqual(
        [
          { name: a, rows: 3 },
          { name: b, rows: 1 },
          { name: empty, rows: 0 },
        ].sort((x, y) => (x.name < y.name ? -1 : 1)),
      );
      await rows().drop(a);
      await rows().drop(a);
      await rows().drop(collectionName());
      expect((await rows().list()).map((c) => c.name)).not.toContain(a);
      expect(await rows().count(a)).toBe(0);
      expect(await scanAll(a)).toStrictEqual([]);
      expect(await target.rowStorage(a)).toStrictEqual([]);
      await rows().replace(a, batchesOf(numbered(1, 9)));
      expect(await scanAll(a)).toStrictEqual(numbered(1, 9));
    });
  });
}
