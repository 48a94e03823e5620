/** The session's browser dependencies: the refresh token in localStorage, and a Web Lock around refreshes. */
import type { RefreshLock, TokenStore } from "./session";

export const REFRESH_TOKEN_KEY = "millrace.refreshToken";

/** localStorage, or memory only where it is unavailable (storage disabled, some private modes). */
export function localTokenStore(key: string = REFRESH_TOKEN_KEY): TokenStore {
  let fallback: string | null = null;
  const storage = ((): Storage | null => {
    try {
      return window.localStorage;
    } catch {
      return null;
    }
  })();
  return {
    get: () => {
      try {
        return storage ? storage.getItem(key) : fallback;
      } catch {
        return fallback;
      }
    },
    set: (token) => {
      fallback = token;
      try {
        storage?.setItem(key, token);
      } catch {
        // Quota or disabled storage: the memory copy keeps this tab signed in.
      }
    },
    remove: () => {
      fallback = null;
      try {
        storage?.removeItem(key);
      } catch {
        // As above.
      }
    },
  };
}

/**
 * Serialises refreshes across the tabs of this origin, so two tabs never spend the same single-use refresh token
 * (which would sign every tab out): with the Web Locks API where there is one (secure contexts: https, or
 * http://localhost), else with a lease in localStorage (plain http on another host).
 */
export function browserRefreshLock(name = "millrace-refresh"): RefreshLock {
  const locks = typeof navigator !== "undefined" && "locks" in navigator ? navigator.locks : undefined;
  if (locks === undefined) {
    try {
      return storageLeaseLock(window.localStorage, `${name}.lease`);
    } catch {
      return (task) => task();
    }
  }
  // The lock is held until the task settles (request() waits for the promise its callback returns).
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      locks.request(name, () => task().then(resolve, reject)).catch(reject);
    });
}

type LeaseStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export interface LeaseOptions {
  /** A lease older than this is a tab that died holding it. */
  leaseMs?: number;
  /** How long a claim must survive before it counts: longer than any other tab's read-then-write. */
  settleMs?: number;
  /** After this long waiting, go ahead regardless (a stuck lease must not lock the user out). */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  id?: string;
}

/**
 * A best-effort mutex between tabs through localStorage: claim the lease when it is free or expired, wait
 * `settleMs`, and hold it only if the claim is still ours (of tabs claiming at once, the last write wins and the
 * others see it and wait). Without Web Locks this is what keeps tabs from refreshing with the same token.
 */
export function storageLeaseLock(storage: LeaseStorage, key: string, options: LeaseOptions = {}): RefreshLock {
  const {
    leaseMs = 15_000,
    settleMs = 40,
    maxWaitMs = 20_000,
    now = Date.now,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    id = Math.random().toString(36).slice(2),
  } = options;
  const read = (): { id: string; until: number } | null => {
    try {
      const value = JSON.parse(storage.getItem(key) ?? "null") as { id?: unknown; until?: unknown } | null;
      return typeof value?.id === "string" && typeof value.until === "number"
        ? { id: value.id, until: value.until }
        : null;
    } catch {
      return null;
    }
  };
  let tail: Promise<unknown> = Promise.resolve();
  const acquire = async (): Promise<void> => {
    const deadline = now() + maxWaitMs;
    while (now() < deadline) {
      const lease = read();
      if (lease === null || lease.until <= now()) {
        storage.setItem(key, JSON.stringify({ id, until: now() + leaseMs }));
        await sleep(settleMs);
        if (read()?.id === id) return;
      } else {
        await sleep(settleMs + Math.random() * settleMs);
      }
    }
  };
  return <T>(task: () => Promise<T>): Promise<T> => {
    // One claim at a time from this tab too: its own refreshes queue here.
    const run = tail.then(async () => {
      await acquire();
      try {
        return await task();
      } finally {
        if (read()?.id === id) storage.removeItem(key);
      }
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Calls `listener` when another tab changes the stored refresh token (the `storage` event fires only there). */
export function onStoredTokenChange(
  listener: (value: string | null) => void,
  key: string = REFRESH_TOKEN_KEY,
): () => void {
  const handler = (event: StorageEvent): void => {
    if (event.key === key || event.key === null) listener(event.key === null ? null : event.newValue);
  };
  window.addEventListener("storage", handler);
  return () => window.removeEventListener("storage", handler);
}
