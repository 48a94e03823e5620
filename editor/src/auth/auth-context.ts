import { createContext, useContext } from "react";
import { useStoreSelector } from "../lib/store";
import { hasRole, type Role } from "./roles";
import { createSession, type AuthState, type Session, type SessionUser } from "./session";

const DETACHED: Session = createSession({
  transport: {
    login: () => Promise.reject(new Error("no API")),
    refresh: () => Promise.reject(new Error("no API")),
    logout: () => Promise.resolve(),
    anonymousViewer: () => Promise.resolve(null),
  },
  tokens: { get: () => null, set: () => undefined, remove: () => undefined },
});

/** The session (App provides the real one). */
export const SessionContext = createContext<Session>(DETACHED);

export const useSession = (): Session => useContext(SessionContext);

const selectState = (state: AuthState): AuthState => state;

export function useAuthState(): AuthState {
  return useStoreSelector(useSession().state, selectState);
}

/** The signed-in user, or null. */
export function useCurrentUser(): SessionUser | null {
  const state = useAuthState();
  return state.status === "signed-in" ? state.user : null;
}

/** Whether the signed-in user's role allows what needs `required` (the API checks again; this hides what it would refuse). */
export function useCan(required: Role): boolean {
  return hasRole(useCurrentUser()?.role, required);
}
