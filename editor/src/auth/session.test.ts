import { describe, expect, it } from "vitest";
import {
  AuthRejectedError,
  createSession,
  isExpiring,
  type AuthTransport,
  type SessionGrant,
  type SessionUser,
  type TokenStore,
} from "./session";

const ADA: SessionUser = { id: "u1", email: "ada@example.com", name: "Ada", role: "EDITOR" };
const TTL = 900_000;

/** A fake API: refresh tokens rotate and are single use, like the real one. */
function fakeApi(options: { dev?: boolean; clock: { now: number } }) {
  let serial = 0;
  const live = new Set<string>();
  const calls = { login: 0, refresh: 0, logout: 0 };
  let gate: Promise<void> = Promise.resolve();
  const grant = (): SessionGrant => {
    serial += 1;
    const refreshToken = `r${serial}`;
    live.add(refreshToken);
    return {
      accessToken: `a${serial}`,
      accessTokenExpiresAt: options.clock.now + TTL,
      refreshToken,
      user: ADA,
    };
  };
  const transport: AuthTransport = {
    login(email, password) {
      calls.login += 1;
      if (password !== "correct horse") return Promise.reject(new AuthRejectedError("wrong email or password"));
      return Promise.resolve(grant());
    },
    async refresh(token) {
      calls.refresh += 1;
      await gate;
      if (!live.delete(token)) throw new AuthRejectedError("refresh token was already used");
      return grant();
    },
    logout(token) {
      calls.logout += 1;
      live.delete(token);
      return Promise.resolve();
    },
    anonymousViewer: () =>
      Promise.resolve(options.dev ? { id: "local-dev", email: "dev@localhost", name: "dev", role: "ADMIN" } : null),
  };
  return {
    transport,
    calls,
    live,
    /** Holds refreshes until the returned function is called. */
    hold(): () => void {
      let release = (): void => undefined;
      gate = new Promise((resolve) => (release = resolve));
      return release;
    },
  };
}

function memoryTokens(initial: string | null = null): TokenStore & { value: string | null } {
  const store = {
    value: initial,
    get: () => store.value,
    set: (token: string) => void (store.value = token),
    remove: () => void (store.value = null),
  };
  return store;
}

function setup(options: { dev?: boolean; stored?: string | null } = {}) {
  const clock = { now: 1_000_000 };
  const api = fakeApi({ clock, ...(options.dev === undefined ? {} : { dev: options.dev }) });
  const tokens = memoryTokens(options.stored ?? null);
  const session = createSession({ transport: api.transport, tokens, now: () => clock.now });
  return { clock, api, tokens, session };
}

describe("isExpiring", () => {
  it("renews 30 s before expiry, or a quarter of a short token's life before", () => {
    expect(isExpiring(1_000_000, 100_000, 900_000)).toBe(false);
    expect(isExpiring(1_000_000, 100_000, 970_000)).toBe(true);
    expect(isExpiring(1_000_000, 100_000, 1_000_001)).toBe(true);
    // A 20 s token is renewed 5 s before it ends, not at once.
    expect(isExpiring(20_000, 0, 14_000)).toBe(false);
    expect(isExpiring(20_000, 0, 15_000)).toBe(true);
  });
});

describe("session", () => {
  it("starts signed out without a stored token, signs in, keeps the refresh token and hands out the access token", async () => {
    const { session, tokens } = setup();
    await session.start();
    expect(session.state.getState()).toEqual({ status: "signed-out", reason: null });
    expect(await session.accessToken()).toBeNull();

    await expect(session.signIn("ada@example.com", "wrong")).rejects.toBeInstanceOf(AuthRejectedError);
    expect(session.state.getState().status).toBe("signed-out");

    await session.signIn("ada@example.com", "correct horse");
    expect(session.state.getState()).toEqual({ status: "signed-in", user: ADA, mode: "session" });
    expect(tokens.value).toBe("r1");
    expect(await session.accessToken()).toBe("a1");
  });

  it("resumes a stored sign-in on start by spending the stored refresh token", async () => {
    const { session, tokens, api } = setup({ stored: "stored" });
    api.live.add("stored");
    await session.start();
    expect(session.state.getState().status).toBe("signed-in");
    expect(tokens.value).toBe("r1");
    expect(await session.accessToken()).toBe("a1");
  });

  it("detects single-user dev mode and then sends no token", async () => {
    const { session, api } = setup({ dev: true });
    await session.start();
    expect(session.state.getState()).toMatchObject({ status: "signed-in", mode: "dev", user: { role: "ADMIN" } });
    expect(await session.accessToken()).toBeNull();
    expect(await session.tokenRejected(null)).toBeNull();
    expect(api.calls.refresh).toBe(0);
  });

  it("reports an API it cannot reach instead of signing out", async () => {
    const { session, api } = setup();
    api.transport.anonymousViewer = () => Promise.reject(new Error("Failed to fetch"));
    await session.start();
    expect(session.state.getState()).toEqual({ status: "unreachable", message: "Failed to fetch" });
  });

  it("renews an access token that is about to expire before handing it out", async () => {
    const { session, clock, api } = setup();
    await session.signIn("ada@example.com", "correct horse");
    clock.now += TTL - 10_000;
    expect(await session.accessToken()).toBe("a2");
    expect(api.calls.refresh).toBe(1);
    expect(await session.accessToken()).toBe("a2");
    expect(api.calls.refresh).toBe(1);
  });

  it("refreshes once for any number of concurrent rejections of the same token", async () => {
    const { session, api, tokens } = setup();
    await session.signIn("ada@example.com", "correct horse");
    const release = api.hold();
    const retries = [session.tokenRejected("a1"), session.tokenRejected("a1"), session.tokenRejected("a1")];
    release();
    expect(await Promise.all(retries)).toEqual(["a2", "a2", "a2"]);
    expect(api.calls.refresh).toBe(1);
    expect(tokens.value).toBe("r2");
    // A late rejection of the old token uses the renewed one rather than refreshing again.
    expect(await session.tokenRejected("a1")).toBe("a2");
    expect(api.calls.refresh).toBe(1);
  });

  it("signs out when the refresh is refused (spent or revoked token)", async () => {
    const { session, api, tokens } = setup();
    await session.signIn("ada@example.com", "correct horse");
    api.live.clear();
    expect(await session.tokenRejected("a1")).toBeNull();
    expect(session.state.getState()).toMatchObject({ status: "signed-out" });
    expect((session.state.getState() as { reason: string }).reason).toMatch(/already used/);
    expect(tokens.value).toBeNull();
    expect(await session.accessToken()).toBeNull();
  });

  it("keeps the session when the API is unreachable during a refresh", async () => {
    const { session, api, tokens } = setup();
    await session.signIn("ada@example.com", "correct horse");
    api.transport.refresh = () => Promise.reject(new Error("Failed to fetch"));
    await expect(session.tokenRejected("a1")).rejects.toThrow("Failed to fetch");
    expect(session.state.getState().status).toBe("signed-in");
    expect(tokens.value).toBe("r1");
  });

  it("signs out: revokes the refresh token on the API and forgets both tokens", async () => {
    const { session, api, tokens } = setup();
    await session.signIn("ada@example.com", "correct horse");
    await session.signOut();
    expect(session.state.getState()).toEqual({ status: "signed-out", reason: null });
    expect(tokens.value).toBeNull();
    expect(api.live.size).toBe(0);
    expect(await session.accessToken()).toBeNull();
  });

  it("does not let a refresh that finishes after sign-out sign the user back in", async () => {
    const { session, api } = setup();
    await session.signIn("ada@example.com", "correct horse");
    const release = api.hold();
    const pending = session.tokenRejected("a1");
    await session.signOut();
    release();
    await pending;
    expect(session.state.getState().status).toBe("signed-out");
  });

  it("follows another tab: signed out there, signed out here", async () => {
    const { session } = setup();
    await session.signIn("ada@example.com", "correct horse");
    session.storedTokenChanged("r9");
    expect(session.state.getState().status).toBe("signed-in");
    session.storedTokenChanged(null);
    expect(session.state.getState()).toEqual({ status: "signed-out", reason: "You signed out in another tab." });
  });

  it("serialises refreshes through the lock and reads the stored token inside it", async () => {
    const clock = { now: 0 };
    const api = fakeApi({ clock });
    const tokens = memoryTokens();
    const order: string[] = [];
    let tail: Promise<unknown> = Promise.resolve();
    const lock = <T>(task: () => Promise<T>): Promise<T> => {
      const run = tail.then(() => {
        order.push("lock");
        return task();
      });
      tail = run.catch(() => undefined);
      return run;
    };
    // Two tabs sharing one token store.
    const tabA = createSession({ transport: api.transport, tokens, now: () => clock.now, lock });
    const tabB = createSession({ transport: api.transport, tokens, now: () => clock.now, lock });
    await tabA.signIn("ada@example.com", "correct horse");
    await tabB.start();
    // B spent r1 and stored r2; A now refreshes with r2 (read inside the lock), not its stale copy.
    expect(tokens.value).toBe("r2");
    expect(await tabA.tokenRejected("a1")).toBe("a3");
    expect(tabA.state.getState().status).toBe("signed-in");
    expect(tabB.state.getState().status).toBe("signed-in");
    expect(order.length).toBe(2);
  });
});
