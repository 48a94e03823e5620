/**
 * The signed-in session: who the user is, the access token to send, and renewing it. Free of React, Apollo and the
 * DOM — the transport (GraphQL over fetch), the refresh token's storage, the clock and the cross-tab lock are passed
 * in — so the logic below is unit-tested with fakes.
 *
 * Where the tokens live:
 * - The **access token** (short-lived JWT) stays in memory only: nothing a page script could read later keeps it,
 *   and losing it on reload costs one refresh.
 * - The **refresh token** is kept in `localStorage`, so a reload or a second tab stays signed in (the API's refresh
 *   tokens last 30 days by default; asking for the password on every new tab would be worse). `sessionStorage` would
 *   not be safer: script injected into the page reads either, and browsers copy `sessionStorage` into a duplicated
 *   tab, where two copies of one single-use token would make the second refresh revoke the whole sign-in. With
 *   `localStorage` there is one copy per browser profile, and refreshes are serialised across tabs (a Web Lock, or a
 *   localStorage lease where there are none: see `browserRefreshLock`), re-reading the stored token inside the lock,
 *   so two tabs never spend the same token. The rotation itself (a reused token signs every session of that sign-in
 *   out) limits what a stolen copy is worth; an HttpOnly cookie would hide it from scripts altogether, but the API
 *   takes the refresh token as a GraphQL argument, not from a cookie.
 */
import { createStore, type ReadableStore } from "../lib/store";
import type { Role } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** What login and refresh return. */
export interface SessionGrant {
  accessToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt: number;
  refreshToken: string;
  user: SessionUser;
}

/** The API refused the credentials (`extensions.code` UNAUTHENTICATED): wrong password, spent or revoked token. */
export class AuthRejectedError extends Error {
  override readonly name = "AuthRejectedError";
}

/** How the session talks to the API; any error other than AuthRejectedError is taken as "API unreachable". */
export interface AuthTransport {
  login(email: string, password: string): Promise<SessionGrant>;
  refresh(refreshToken: string): Promise<SessionGrant>;
  logout(refreshToken: string): Promise<void>;
  /** Who the API says an anonymous caller is: a user in single-user dev mode (AUTH_MODE=off), else null. */
  anonymousViewer(): Promise<SessionUser | null>;
}

/** Where the refresh token is kept between page loads. */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  remove(): void;
}

/** Runs `task` while no other tab runs one (a refresh must never overlap another tab's). */
export type RefreshLock = <T>(task: () => Promise<T>) => Promise<T>;

export type AuthState =
  | { status: "starting" }
  /** The API did not answer while starting; `retry()` tries again. */
  | { status: "unreachable"; message: string }
  /** `reason` says why when the session ended by itself (expired, revoked, signed out in another tab). */
  | { status: "signed-out"; reason: string | null }
  /** `dev`: the API runs with AUTH_MODE=off, every request is the local admin and nothing is sent. */
  | { status: "signed-in"; user: SessionUser; mode: "session" | "dev" };

export interface SessionDeps {
  transport: AuthTransport;
  tokens: TokenStore;
  now?: () => number;
  lock?: RefreshLock;
}

// Function-valued properties, not methods: they are passed around unbound (to event listeners, links).
export interface Session {
  state: ReadableStore<AuthState>;
  /** Finds out how to talk to the API: dev mode, a stored sign-in to resume, or signed out. */
  start: () => Promise<void>;
  /** Throws AuthRejectedError on wrong credentials (the state stays signed out), other errors when unreachable. */
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Continues with a session the API granted some other way (changing the password signs out every other one). */
  adopt: (grant: SessionGrant) => void;
  /**
   * The bearer token for the next request: the current one, or a renewed one when it is (about to be) expired.
   * Null when none is to be sent (signed out, or dev mode). Network failures while renewing are thrown.
   */
  accessToken: () => Promise<string | null>;
  /**
   * The API rejected `token` (UNAUTHENTICATED, or the socket closed with 4403): renew once — concurrent rejections
   * of the same token share one refresh, and a token renewed since is returned as is. Null: signed out.
   */
  tokenRejected: (token: string | null) => Promise<string | null>;
  /** The stored refresh token changed in another tab (`null`: removed, i.e. signed out there). */
  storedTokenChanged: (value: string | null) => void;
}

/** Never wait for the server to refuse a token: renew this long before it expires (at most a quarter of its life). */
export const EXPIRY_MARGIN_MS = 30_000;

/** Whether a token valid until `expiresAt` (granted at `grantedAt`) should be renewed before use at `now`. */
export function isExpiring(expiresAt: number, grantedAt: number, now: number): boolean {
  const margin = Math.min(EXPIRY_MARGIN_MS, Math.max(0, expiresAt - grantedAt) / 4);
  return now >= expiresAt - margin;
}

const runDirectly: RefreshLock = (task) => task();

export function createSession({ transport, tokens, now = Date.now, lock = runDirectly }: SessionDeps): Session {
  const state = createStore<AuthState, AuthState>((_, next) => next, { status: "starting" });
  let access: { token: string; expiresAt: number; grantedAt: number } | null = null;
  let inflight: Promise<string | null> | null = null;
  // Bumped by every sign-in and sign-out: a refresh that started before one must not undo it.
  let generation = 0;

  const apply = (grant: SessionGrant): void => {
    access = { token: grant.accessToken, expiresAt: grant.accessTokenExpiresAt, grantedAt: now() };
    state.dispatch({ status: "signed-in", user: grant.user, mode: "session" });
  };

  const endLocally = (reason: string | null): void => {
    generation += 1;
    access = null;
    state.dispatch({ status: "signed-out", reason });
  };

  const refreshWithStoredToken = async (): Promise<string | null> => {
    const startedIn = generation;
    const stored = tokens.get();
    if (stored === null) {
      endLocally(state.getState().status === "signed-in" ? "Your session ended. Sign in again." : null);
      return null;
    }
    let grant: SessionGrant;
    try {
      grant = await transport.refresh(stored);
    } catch (error) {
      if (!(error instanceof AuthRejectedError)) throw error;
      // Spent, expired or revoked: this sign-in is over (unless another tab has stored a newer one meanwhile).
      if (tokens.get() === stored) tokens.remove();
      if (generation === startedIn) endLocally(`Your session ended (${error.message}). Sign in again.`);
      return null;
    }
    if (generation !== startedIn) {
      // Signed out (or in again) while this was under way: the new token is not wanted.
      await transport.logout(grant.refreshToken).catch(() => undefined);
      return access?.token ?? null;
    }
    tokens.set(grant.refreshToken);
    apply(grant);
    return grant.accessToken;
  };

  /** One refresh at a time in this tab (callers share it), and across tabs through the lock. */
  const refresh = (): Promise<string | null> => {
    inflight ??= lock(refreshWithStoredToken).finally(() => {
      inflight = null;
    });
    return inflight;
  };

  const isDev = (): boolean => {
    const current = state.getState();
    return current.status === "signed-in" && current.mode === "dev";
  };

  return {
    state,

    start: async () => {
      state.dispatch({ status: "starting" });
      try {
        const devUser = await transport.anonymousViewer();
        if (devUser !== null) {
          access = null;
          state.dispatch({ status: "signed-in", user: devUser, mode: "dev" });
          return;
        }
        if (tokens.get() === null) {
          state.dispatch({ status: "signed-out", reason: null });
          return;
        }
        await refresh();
      } catch (error) {
        state.dispatch({ status: "unreachable", message: error instanceof Error ? error.message : String(error) });
      }
    },

    signIn: async (email, password) => {
      const grant = await transport.login(email, password);
      generation += 1;
      tokens.set(grant.refreshToken);
      apply(grant);
    },

    adopt: (grant) => {
      generation += 1;
      tokens.set(grant.refreshToken);
      apply(grant);
    },

    signOut: async () => {
      const stored = tokens.get();
      tokens.remove();
      endLocally(null);
      if (stored !== null) await transport.logout(stored).catch(() => undefined);
    },

    accessToken: async () => {
      if (isDev() || state.getState().status !== "signed-in") return null;
      if (access !== null && !isExpiring(access.expiresAt, access.grantedAt, now())) return access.token;
      return refresh();
    },

    tokenRejected: async (token) => {
      if (isDev() || state.getState().status !== "signed-in") return null;
      // Renewed since the rejected request left: retry with that one rather than spending another refresh token.
      if (access !== null && access.token !== token && !isExpiring(access.expiresAt, access.grantedAt, now())) {
        return access.token;
      }
      return refresh();
    },

    storedTokenChanged: (value) => {
      const current = state.getState();
      if (value === null && current.status === "signed-in" && current.mode === "session") {
        endLocally("You signed out in another tab.");
      } else if (value !== null && current.status === "signed-out") {
        // Signed in in another tab: join that sign-in.
        void refresh().catch(() => undefined);
      }
    },
  };
}
