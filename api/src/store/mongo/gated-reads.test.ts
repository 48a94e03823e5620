import { describe, expect, it } from "vitest";
import { GatedReads } from "./gated-reads.js";

/** A load that resolves when told to. */
function deferred(): { promise: Promise<number[]>; resolve: (value: number[]) => void } {
  let resolve!: (value: number[]) => void;
  const promise = new Promise<number[]>((r) => (resolve = r));
  return { promise, resolve };
}

describe("GatedReads", () => {
  it("runs at most `limit` loads at once and starts the rest in order as slots free", async () => {
    const reads = new GatedReads<number[]>(2);
    const loads = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const results = loads.map((load, i) =>
      reads.read(`k${i}`, () => {
        started.push(i);
        return load.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toStrictEqual([0, 1]);
    expect(reads.pending).toStrictEqual({ running: 2, waiting: 2 });
    loads[1]?.resolve([1]);
    await results[1];
    await Promise.resolve();
    expect(started).toStrictEqual([0, 1, 2]);
    for (const load of loads) load.resolve([]);
    await Promise.all(results);
    expect(reads.pending).toStrictEqual({ running: 0, waiting: 0 });
  });

  it("gives concurrent reads of one key a single load, and loads again once it is done", async () => {
    const reads = new GatedReads<number[]>(4);
    let loads = 0;
    const load = () => {
      loads++;
      return Promise.resolve([loads]);
    };
    const [a, b] = await Promise.all([reads.read("k", load), reads.read("k", load)]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    await reads.read("k", load);
    expect(loads).toBe(2);
  });

  it("frees the slot of a load that fails", async () => {
    const reads = new GatedReads<number[]>(1);
    await expect(reads.read("a", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    await expect(reads.read("b", () => Promise.resolve([2]))).resolves.toStrictEqual([2]);
  });
});
