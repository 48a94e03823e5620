/**
 * Contract: listing order, cursor paging and total counts.
 */
import { describe, expect, it } from "vitest";
import { newId } from "../../api/src/common/ids.js";
import { encodeCursor } from "../../api/src/store/collections.js";
import type { LogRecord } from "../../api/src/store/records.js";
import { byListingOrder, expectDomainError, type StoresRef } from "./support/contract-target.js";
import { at, log } from "./support/records.js";

export function listingContract(stores: StoresRef): void {
  describe("list", () => {
    it("pages newest first through every record exactly once, ties broken by id", async () => {
      const source = `paging ${newId()}`;
      // Only four distinct instants for 23 records: most neighbours tie on createdAt.
      const records = Array.from({ length: 23 }, (_, i) => log({ source, createdAt: at((i % 4) * 1000) }));
      for (const record of records) await stores().logs.insert(record);
      const expected = [...records].sort(byListingOrder);

      const seen: LogRecord[] = [];
      let after: string | null = null;
      for (let pageNo = 0; pageNo < 10; pageNo++) {
        const page = await stores().logs.list({ source }, { first: 5, after });
        expect(page.totalCount).toBe(23);
        seen.push(...page.items);
        const last = page.items.at(-1);
        expect(page.endCursor).toBe(last ? encodeCursor(last.createdAt, last.id) : null);
        expect(page.hasNextPage).toBe(seen.length < 23);
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
      expect(seen).toStrictEqual(expected);
    });

    it("says there is no next page when the last page is exactly full, and returns an empty page after it", async () => {
      const source = `exact ${newId()}`;
      for (let i = 0; i < 4; i++) await stores().logs.insert(log({ source, createdAt: at(i) }));
      const page = await stores().logs.list({ source }, { first: 4 });
      expect(page.items).toHaveLength(4);
      expect(page.hasNextPage).toBe(false);
      const after = await stores().logs.list({ source }, { first: 4, after: page.endCursor });
      expect(after).toStrictEqual({ items: [], endCursor: null, hasNextPage: false, totalCount: 4 });
    });

    it("returns an empty page for a filter nothing matches", async () => {
      expect(await stores().logs.list({ source: newId() }, { first: 10 })).toStrictEqual({
        items: [],
        endCursor: null,
        hasNextPage: false,
        totalCount: 0,
      });
    });

    it("counts like the listing's totalCount", async () => {
      const source = `count ${newId()}`;
      for (let i = 0; i < 3; i++) await stores().logs.insert(log({ source, level: i === 0 ? "DEBUG" : "ERROR" }));
      expect(await stores().logs.count({ source })).toBe(3);
      expect(await stores().logs.count({ source, level: "WARN" })).toBe(2);
      expect((await stores().logs.list({ source, level: "WARN" }, { first: 1 })).totalCount).toBe(2);
    });

    it("rejects a page size outside 1..500 and a cursor it did not issue with BAD_USER_INPUT", async () => {
      for (const first of [0, 501, 2.5, Number.NaN]) {
        await expectDomainError(stores().logs.list({}, { first }), "BAD_USER_INPUT");
      }
      for (const after of [
        "garbage",
        Buffer.from('{"a":1}').toString("base64url"),
        Buffer.from("[1]").toString("base64url"),
      ]) {
        await expectDomainError(stores().logs.list({}, { first: 1, after }), "BAD_USER_INPUT");
      }
    });
  });
}
