import { describe, expect, it } from "vitest";
import { storageLeaseLock } from "./browser-storage";

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    map,
  };
}

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("storageLeaseLock", () => {
  it("never lets two tabs run their refresh at the same time", async () => {
    const storage = memoryStorage();
    const tabs = ["a", "b", "c"].map((id) => storageLeaseLock(storage, "lease", { id, settleMs: 5 }));
    let running = 0;
    let overlap = false;
    const order: string[] = [];
    await Promise.all(
      tabs.map((lock, index) =>
        lock(async () => {
          running += 1;
          if (running > 1) overlap = true;
          await tick(10);
          order.push(String(index));
          running -= 1;
        }),
      ),
    );
    expect(overlap).toBe(false);
    expect(order.sort()).toEqual(["0", "1", "2"]);
    expect(storage.map.size).toBe(0);
  });

  it("takes over a lease left by a tab that died, and goes ahead after waiting too long", async () => {
    const storage = memoryStorage();
    let clock = 1_000;
    storage.setItem("lease", JSON.stringify({ id: "dead", until: 500 }));
    const lock = storageLeaseLock(storage, "lease", { id: "me", settleMs: 1, now: () => clock });
    expect(await lock(() => Promise.resolve("ran"))).toBe("ran");

    storage.setItem("lease", JSON.stringify({ id: "stuck", until: 1_000_000 }));
    const impatient = storageLeaseLock(storage, "lease", {
      id: "me",
      settleMs: 1,
      maxWaitMs: 100,
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    });
    expect(await impatient(() => Promise.resolve("ran anyway"))).toBe("ran anyway");
    // Someone else's lease is left alone.
    expect(storage.getItem("lease")).toContain("stuck");
  });

  it("releases the lease when the task fails", async () => {
    const storage = memoryStorage();
    const lock = storageLeaseLock(storage, "lease", { settleMs: 1 });
    await expect(lock(() => Promise.reject(new Error("refresh failed")))).rejects.toThrow("refresh failed");
    expect(storage.map.size).toBe(0);
  });
});
