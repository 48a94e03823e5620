import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthService } from "../../api/src/auth/auth.service.js";
import { DomainError } from "../../api/src/common/errors.js";
import { createLogger } from "../../api/src/common/logger.js";
import type { Stores } from "../../api/src/store/ports.js";
import { openSqliteStores } from "../../api/src/store/sqlite/open-sqlite-stores.js";

let dir: string;
let stores: Stores;
let now: number;
let auth: AuthService;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "millrace-auth-"));
  stores = openSqliteStores(path.join(dir, "millrace.sqlite"));
  now = Date.parse("2026-11-26T12:00:00Z");
  auth = new AuthService(
    {
      users: stores.users,
      refreshTokens: stores.refreshTokens,
      apiTokens: stores.apiTokens,
      clock: { now: () => new Date(now) },
      logger: createLogger("silent"),
    },
    {
      jwtSecret: "k".repeat(40),
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 86_400,
      refreshReuseGraceSeconds: 10,
    },
  );
  await auth.createUser({ email: "ada@example.com", password: "correct horse battery", role: "EDITOR" });
});
afterEach(async () => {
  await stores.close();
  await rm(dir, { recursive: true, force: true });
});

async function refused(work: Promise<unknown>): Promise<DomainError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe("refresh token reuse", () => {
  it("continues the session when a spent token comes back within the grace (its answer was lost), once per chain", async () => {
    const login = await auth.login("ada@example.com", "correct horse battery");
    const lost = await auth.refresh(login.refreshToken);
    now += 3_000;
    const again = await auth.refresh(login.refreshToken);
    // The answer that was lost cannot be used any more; the one given now can.
    expect((await refused(auth.refresh(lost.refreshToken))).code).toBe("UNAUTHENTICATED");
    now += 1_000;
    const next = await auth.refresh(again.refreshToken);
    expect(next.refreshToken).not.toBe(again.refreshToken);
  });

  it("revokes the whole family when a spent token comes back after the grace", async () => {
    const login = await auth.login("ada@example.com", "correct horse battery");
    const legit = await auth.refresh(login.refreshToken);
    now += 11_000;
    expect((await refused(auth.refresh(login.refreshToken))).message).toMatch(/already used/);
    expect((await refused(auth.refresh(legit.refreshToken))).code).toBe("UNAUTHENTICATED");
  });
});

describe("changing passwords", () => {
  it("checks the current password and the new one's strength, by field", async () => {
    const user = (await stores.users.list({ email: "ada@example.com" }, { first: 1 })).items[0]!;
    const wrong = await refused(auth.changePassword(user.id, "not it", "another good passphrase"));
    expect(wrong.details).toMatchObject({ field: "currentPassword" });
    const weak = await refused(auth.changePassword(user.id, "correct horse battery", "short"));
    expect(weak.details).toMatchObject({ field: "newPassword" });
    await auth.login("ada@example.com", "correct horse battery");
  });

  it("signs out every other session and continues with the one it returns", async () => {
    const user = (await stores.users.list({ email: "ada@example.com" }, { first: 1 })).items[0]!;
    const laptop = await auth.login("ada@example.com", "correct horse battery");
    const phone = await auth.login("ada@example.com", "correct horse battery");
    const session = await auth.changePassword(user.id, "correct horse battery", "another good passphrase");
    for (const old of [laptop, phone])
      expect((await refused(auth.refresh(old.refreshToken))).message).toMatch(/revoked/);
    await auth.refresh(session.refreshToken);
    expect((await refused(auth.login("ada@example.com", "correct horse battery"))).code).toBe("UNAUTHENTICATED");
    await auth.login("ada@example.com", "another good passphrase");
  });

  it("ends a user's sessions when an admin sets a new password or disables the account", async () => {
    const user = (await stores.users.list({ email: "ada@example.com" }, { first: 1 })).items[0]!;
    const before = await auth.login("ada@example.com", "correct horse battery");
    await auth.updateUser(user.id, { password: "set by the admin today" });
    expect((await refused(auth.refresh(before.refreshToken))).code).toBe("UNAUTHENTICATED");
    const again = await auth.login("ada@example.com", "set by the admin today");
    await auth.updateUser(user.id, { disabled: true });
    expect((await refused(auth.refresh(again.refreshToken))).code).toBe("UNAUTHENTICATED");
  });
});
