import { describe, expect, it } from "vitest";
import { BackgroundLane } from "./background-lane.js";

/** Burns `ms` of CPU on the event loop's thread. */
function burn(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe("BackgroundLane", () => {
  it("lets callers go on in the order they asked, each in a later turn", async () => {
    const lane = new BackgroundLane(5);
    const order: number[] = [];
    let syncDone = false;
    const all = [1, 2, 3].map(async (i) => {
      await lane.turn();
      expect(syncDone).toBe(true);
      order.push(i);
    });
    syncDone = true;
    await Promise.all(all);
    expect(order).toEqual([1, 2, 3]);
    expect(lane.pending).toBe(0);
  });

  it("starts no more work in one turn of the event loop than its budget", async () => {
    const lane = new BackgroundLane(4);
    // One increment per turn of the loop: an immediate that queues itself runs once per check phase.
    let turn = 0;
    let counting = true;
    const count = (): void => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const slicesPerTurn = new Map<number, number>();
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        await lane.turn();
        slicesPerTurn.set(turn, (slicesPerTurn.get(turn) ?? 0) + 1);
        burn(2);
      }),
    );
    counting = false;
    // 20 slices of 2 ms, 4 ms per turn: the slice that crosses the budget is the last one of its turn.
    expect(Math.max(...slicesPerTurn.values())).toBeLessThanOrEqual(3);
    expect(slicesPerTurn.size).toBeGreaterThanOrEqual(7);
  });

  it("gives background work less per turn while turns run long, and more again once they are short", async () => {
    const lane = new BackgroundLane(5);
    // Another 12 ms of work every turn (sockets, in the server): turns are longer than the lane's 8 ms target.
    let hogging = true;
    const hog = (): void => {
      if (!hogging) return;
      burn(12);
      setImmediate(hog);
    };
    setImmediate(hog);
    await Promise.all(
      Array.from({ length: 30 }, async () => {
        await lane.turn();
        burn(1);
      }),
    );
    hogging = false;
    expect(lane.currentBudgetMs).toBeLessThan(1);
    // Work still waiting, turns short again: each turn gives a tenth of the full budget back.
    const shrunk = lane.currentBudgetMs;
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        for (let i = 0; i < 10; i++) {
          await lane.turn();
          await new Promise((resolve) => setImmediate(resolve));
        }
      }),
    );
    expect(lane.currentBudgetMs).toBeGreaterThan(shrunk + 2);
    // An idle spell is not a long turn: the work after it starts from the full budget.
    await new Promise((resolve) => setTimeout(resolve, 30));
    await lane.turn();
    expect(lane.currentBudgetMs).toBe(5);
  });

  it("still makes progress when the budget is smaller than one slice", async () => {
    const tiny = new BackgroundLane(0);
    await Promise.all([tiny.turn(), tiny.turn()]);
    expect(tiny.pending).toBe(0);
  });
});
