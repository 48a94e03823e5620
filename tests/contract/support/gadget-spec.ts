/**
 * A collection made up for the tests, with the scalar kinds no real filter uses yet (booleans, numbers in a set,
 * booleans in an array, a date other than createdAt), so both adapters are held to the same comparisons.
 */
import { expect } from "vitest";
import { newId } from "../../../api/src/common/ids.js";
import { scalar, type CollectionSpec, type Condition } from "../../../api/src/store/collections.js";
import type { EntityStore } from "../../../api/src/store/ports.js";
import { T0, at } from "./records.js";

export interface Gadget {
  id: string;
  createdAt: Date;
  batch: string;
  flag: boolean;
  count: number;
  bits: boolean[];
  seenAt: Date;
}

export interface GadgetFilter {
  batch?: string;
  flag?: boolean;
  counts?: readonly number[];
  bit?: boolean;
  seenFrom?: Date;
}

export const gadgetsSpec: CollectionSpec<GadgetFilter> = {
  name: "contract_gadgets",
  dateKeys: ["createdAt", "seenAt"],
  opaque: [],
  indexes: [["flag"]],
  unique: [],
  where: (f) => {
    const conditions: Condition[] = [];
    if (f.batch !== undefined) conditions.push({ field: "batch", op: "eq", value: scalar("batch", f.batch) });
    if (f.flag !== undefined) conditions.push({ field: "flag", op: "eq", value: scalar("flag", f.flag) });
    if (f.counts !== undefined)
      conditions.push({ field: "count", op: "in", value: f.counts.map((c) => scalar("count", c)) });
    if (f.bit !== undefined) conditions.push({ field: "bits", op: "has", value: scalar("bits", f.bit) });
    if (f.seenFrom !== undefined) conditions.push({ field: "seenAt", op: "gte", value: scalar("seenAt", f.seenFrom) });
    return conditions;
  },
};

export async function expectScalarFiltersToHold(store: EntityStore<Gadget, GadgetFilter>): Promise<void> {
  const batch = newId();
  const make = (flag: boolean, count: number, bits: boolean[], seenMs: number): Gadget => ({
    id: newId(),
    createdAt: at(count),
    batch,
    flag,
    count,
    bits,
    seenAt: at(seenMs),
  });
  const [a, b, c] = [make(true, 1, [true], 0), make(false, 2, [false, false], 10), make(false, 3, [], 20)];
  for (const gadget of [a, b, c]) await store.insert(gadget);
  const ids = async (filter: GadgetFilter) =>
    (await store.list({ batch, ...filter }, { first: 10 })).items.map((g) => g.id);

  expect(await store.get(a.id)).toStrictEqual(a);
  expect(await ids({ flag: true })).toStrictEqual([a.id]);
  expect(await ids({ flag: false })).toStrictEqual([c.id, b.id]);
  expect(await ids({ counts: [1, 3] })).toStrictEqual([c.id, a.id]);
  expect(await ids({ counts: ["1"] as unknown as number[] })).toStrictEqual([]);
  expect(await ids({ bit: true })).toStrictEqual([a.id]);
  expect(await ids({ bit: false })).toStrictEqual([b.id]);
  expect(await ids({ seenFrom: at(10) })).toStrictEqual([c.id, b.id]);
  expect(await ids({ seenFrom: new Date(T0.getTime() + 11) })).toStrictEqual([c.id]);
}
