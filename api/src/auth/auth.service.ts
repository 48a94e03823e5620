/**
 * Users and credentials: sign-in with argon2id-hashed passwords, short-lived JWT access tokens, rotating refresh
 * tokens (a reused one revokes its whole family: someone has a copy), API tokens for machines, and resolving any
 * presented credential to a Principal.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../common/clock.js";
import { BadInputError, DomainError, NotFoundError } from "../common/errors.js";
import { newId } from "../common/ids.js";
import type { Logger } from "../common/logger.js";
import type { ApiTokenStore, Page, PageRequest, RefreshTokenStore, UserFilter, UserStore } from "../store/ports.js";
import type { ApiTokenRecord, RefreshTokenRecord, UserRecord } from "../store/records.js";
import { AccessTokens } from "./access-tokens.js";
import { newOpaqueToken, parseOpaqueToken, secretMatches } from "./opaque-tokens.js";
import { checkPasswordStrength, hashPassword, verifyPassword } from "./passwords.js";
import { ROLES, type Principal, type Role } from "./principal.js";

export interface AuthOptions {
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * A spent refresh token presented again within this many seconds of its first use continues the session instead
   * of revoking it: the answer to the first use was lost (a page reloaded mid-refresh). The token issued then is
   * revoked, so one chain stays live. 0 (the default) = every reuse revokes the family.
   */
  refreshReuseGraceSeconds?: number;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  user: UserRecord;
}

const REFRESH = "mrr";
const API = "mrt";

export class AuthService {
  private readonly access: AccessTokens;
  // Spent on unknown emails too, so that sign-in time does not tell which emails exist.
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly deps: {
      users: UserStore;
      refreshTokens: RefreshTokenStore;
      apiTokens: ApiTokenStore;
      clock: Clock;
      logger: Logger;
    },
    private readonly options: AuthOptions,
  ) {
    this.access = new AccessTokens(options.jwtSecret, options.accessTokenTtlSeconds, () => deps.clock.now());
    this.decoyHash = hashPassword(randomBytes(16).toString("hex"));
  }

  async login(email: string, password: string): Promise<Session> {
    const user = (await this.deps.users.list({ email: normalise(email) }, { first: 1 })).items[0];
    const ok = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !ok || user.disabled) throw new DomainError("UNAUTHENTICATED", "wrong email or password");
    await this.deps.users.update(user.id, { lastLoginAt: this.deps.clock.now() });
    return this.startSession(user, newId());
  }

  /** Exchanges a refresh token for a new session; the old token is spent. A spent token used again revokes its family. */
  async refresh(refreshToken: string): Promise<Session> {
    const parsed = parseOpaqueToken(REFRESH, refreshToken);
    const record = parsed ? await this.deps.refreshTokens.get(parsed.id) : null;
    if (!parsed || !record || !secretMatches(parsed.secret, record.tokenHash))
      throw unauthenticated("refresh token is not valid");
    const now = this.deps.clock.now();
    if (record.revokedAt) throw unauthenticated("refresh token was revoked");
    if (record.usedAt && this.withinReuseGrace(record.usedAt, now)) return this.continueAfterLostAnswer(record, now);
    if (record.usedAt) {
      await this.revokeFamily(record.familyId);
      this.deps.logger.warn(
        { userId: record.userId, familyId: record.familyId },
        "a spent refresh token was reused: its family is revoked",
      );
      throw unauthenticated("refresh token was already used; every session of that sign-in is now signed out");
    }
    if (record.expiresAt.getTime() <= now.getTime()) throw unauthenticated("refresh token expired");
    const spent = await this.deps.refreshTokens.update(record.id, { usedAt: now }, { ifVersion: record.version });
    if (!spent || "conflict" in spent) {
      await this.revokeFamily(record.familyId);
      throw unauthenticated("refresh token was already used; every session of that sign-in is now signed out");
    }
    const user = await this.deps.users.get(record.userId);
    if (!user || user.disabled) throw unauthenticated("the account is disabled");
    return this.startSession(user, record.familyId);
  }

  private withinReuseGrace(usedAt: Date, now: Date): boolean {
    const graceMs = (this.options.refreshReuseGraceSeconds ?? 0) * 1000;
    return now.getTime() - usedAt.getTime() <= graceMs;
  }

  /** A reuse within the grace: the tokens issued since the first use are revoked and a new one continues the family. */
  private async continueAfterLostAnswer(record: RefreshTokenRecord, now: Date): Promise<Session> {
    const usedAt = record.usedAt!.getTime();
    const family = await this.deps.refreshTokens.list({ familyId: record.familyId }, { first: 500 });
    for (const token of family.items) {
      if (token.id !== record.id && !token.revokedAt && token.createdAt.getTime() >= usedAt)
        await this.deps.refreshTokens.update(token.id, { revokedAt: now });
    }
    const user = await this.deps.users.get(record.userId);
    if (!user || user.disabled) throw unauthenticated("the account is disabled");
    return this.startSession(user, record.familyId);
  }

  /**
   * Changes the caller's own password after checking the current one. Every session of the user is signed out;
   * the one returned continues for the caller.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<Session> {
    const user = await this.deps.users.get(userId);
    if (!user || user.disabled) throw unauthenticated("the account is disabled");
    if (!(await verifyPassword(user.passwordHash, currentPassword)))
      throw new BadInputError("currentPassword", "the current password is wrong");
    const weak = checkPasswordStrength(newPassword);
    if (weak) throw new BadInputError("newPassword", weak);
    const now = this.deps.clock.now();
    const updated = await this.deps.users.update(user.id, {
      passwordHash: await hashPassword(newPassword),
      updatedAt: now,
    });
    if (!updated || "conflict" in updated) throw new NotFoundError("User", userId);
    await this.revokeUserSessions(user.id);
    return this.startSession(updated, newId());
  }

  /** Signs out: the refresh token's family can no longer be refreshed. */
  async logout(refreshToken: string): Promise<boolean> {
    const parsed = parseOpaqueToken(REFRESH, refreshToken);
    const record = parsed ? await this.deps.refreshTokens.get(parsed.id) : null;
    if (!parsed || !record || !secretMatches(parsed.secret, record.tokenHash)) return false;
    await this.revokeFamily(record.familyId);
    return true;
  }

  /** The principal behind an `Authorization: Bearer …` value: an access token (JWT) or an API token. */
  async authenticate(bearer: string): Promise<{ principal: Principal } | { error: string }> {
    const api = parseOpaqueToken(API, bearer);
    if (api) {
      const record = await this.deps.apiTokens.get(api.id);
      if (!record || record.revokedAt || !secretMatches(api.secret, record.tokenHash))
        return { error: "API token is not valid" };
      const user = await this.deps.users.get(record.userId);
      if (!user || user.disabled) return { error: "the token's account is disabled" };
      void this.deps.apiTokens.update(record.id, { lastUsedAt: this.deps.clock.now() }).catch(() => undefined);
      const role = ROLES.indexOf(record.role) <= ROLES.indexOf(user.role) ? record.role : user.role;
      return { principal: { userId: user.id, email: user.email, role, via: "api-token", expiresAt: null } };
    }
    return this.access.verify(bearer);
  }

  async createApiToken(
    owner: Principal,
    name: string,
    role: Role | null,
  ): Promise<{ token: string; record: ApiTokenRecord }> {
    const wanted = role ?? owner.role;
    if (ROLES.indexOf(wanted) > ROLES.indexOf(owner.role))
      throw new BadInputError("role", `cannot exceed your own role (${owner.role})`);
    const trimmed = name.trim();
    if (trimmed === "" || trimmed.length > 100) throw new BadInputError("name", "must be 1 to 100 characters");
    const { id, token, hash } = newOpaqueToken(API);
    const record: ApiTokenRecord = {
      id,
      name: trimmed,
      userId: owner.userId,
      role: wanted,
      tokenHash: hash,
      createdAt: this.deps.clock.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.deps.apiTokens.insert(record);
    return { token, record };
  }

  async revokeApiToken(owner: Principal, id: string): Promise<boolean> {
    const record = await this.deps.apiTokens.get(id);
    if (!record || (record.userId !== owner.userId && owner.role !== "ADMIN")) throw new NotFoundError("API token", id);
    await this.deps.apiTokens.update(id, { revokedAt: this.deps.clock.now() });
    return true;
  }

  listApiTokens(owner: Principal, page: PageRequest): Promise<Page<ApiTokenRecord>> {
    return this.deps.apiTokens.list({ userId: owner.userId }, page);
  }

  async createUser(input: { email: string; name?: string | null; password: string; role: Role }): Promise<UserRecord> {
    const email = normalise(input.email);
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
      throw new BadInputError("email", "is not an email address");
    const weak = checkPasswordStrength(input.password);
    if (weak) throw new BadInputError("password", weak);
    const now = this.deps.clock.now();
    const user: UserRecord = {
      id: newId(),
      email,
      name: input.name?.trim() || email,
      role: input.role,
      passwordHash: await hashPassword(input.password),
      disabled: false,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
    };
    try {
      await this.deps.users.insert(user);
    } catch (error) {
      if (error instanceof DomainError && error.code === "CONFLICT")
        throw new DomainError("CONFLICT", `a user with email ${email} exists`, { field: "email" });
      throw error;
    }
    return user;
  }

  async updateUser(
    id: string,
    changes: { role?: Role | null; disabled?: boolean | null; password?: string | null; name?: string | null },
  ): Promise<UserRecord> {
    const patch: Partial<UserRecord> = { updatedAt: this.deps.clock.now() };
    if (changes.role != null) patch.role = changes.role;
    if (changes.disabled != null) patch.disabled = changes.disabled;
    if (changes.name != null) patch.name = changes.name.trim();
    if (changes.password != null) {
      const weak = checkPasswordStrength(changes.password);
      if (weak) throw new BadInputError("password", weak);
      patch.passwordHash = await hashPassword(changes.password);
    }
    const updated = await this.deps.users.update(id, patch);
    if (!updated || "conflict" in updated) throw new NotFoundError("User", id);
    // A new password or a disabled account ends the user's sessions (access tokens lapse within their short TTL).
    if (changes.password != null || changes.disabled === true) await this.revokeUserSessions(id);
    return updated;
  }

  async getUser(id: string): Promise<UserRecord> {
    const user = await this.deps.users.get(id);
    if (!user) throw new NotFoundError("User", id);
    return user;
  }

  listUsers(filter: UserFilter, page: PageRequest): Promise<Page<UserRecord>> {
    return this.deps.users.list(filter, page);
  }

  /** On a store without users: an admin with a random password, returned so it can be shown once. */
  async ensureInitialAdmin(): Promise<{ email: string; password: string } | null> {
    if ((await this.deps.users.count({})) > 0) return null;
    const password = randomBytes(12).toString("base64url");
    try {
      await this.createUser({ email: "admin@localhost", name: "Administrator", password, role: "ADMIN" });
    } catch (error) {
      // Another process starting on the same store made it first.
      if (error instanceof DomainError && error.code === "CONFLICT") return null;
      throw error;
    }
    return { email: "admin@localhost", password };
  }

  private async startSession(user: UserRecord, familyId: string): Promise<Session> {
    const access = await this.access.issue(user);
    const { id, token, hash } = newOpaqueToken(REFRESH);
    const now = this.deps.clock.now();
    await this.deps.refreshTokens.insert({
      id,
      familyId,
      userId: user.id,
      tokenHash: hash,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.options.refreshTokenTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
      version: 1,
    });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: token, user };
  }

  private async revokeUserSessions(userId: string): Promise<void> {
    const now = this.deps.clock.now();
    let after: string | null = null;
    do {
      const page = await this.deps.refreshTokens.list({ userId }, { first: 500, after });
      for (const token of page.items)
        if (!token.revokedAt && !token.usedAt) await this.deps.refreshTokens.update(token.id, { revokedAt: now });
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
  }

  private async revokeFamily(familyId: string): Promise<void> {
    const now = this.deps.clock.now();
    const tokens = await this.deps.refreshTokens.list({ familyId }, { first: 500 });
    for (const token of tokens.items)
      if (!token.revokedAt) await this.deps.refreshTokens.update(token.id, { revokedAt: now });
  }
}

function normalise(email: string): string {
  return email.trim().toLowerCase();
}

function unauthenticated(message: string): DomainError {
  return new DomainError("UNAUTHENTICATED", message);
}
