import { useEffect, useId, useRef, useState } from "react";
import { useAuthState, useSession } from "./auth-context";
import { ROLE_LABELS } from "./roles";

/** Who is signed in, with which role, and "Sign out" (a disclosure: Escape or a click outside closes it). */
export function UserMenu() {
  const state = useAuthState();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    const onPointer = (event: PointerEvent): void => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  if (state.status !== "signed-in") return null;
  const { user, mode } = state;
  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={menuId}
        data-testid="user-menu"
        onClick={() => setOpen((value) => !value)}
      >
        <span className="user-menu__avatar" aria-hidden="true">
          {(user.name || user.email).slice(0, 1).toUpperCase()}
        </span>
        <span className="user-menu__who">
          <span className="user-menu__name">{mode === "dev" ? "Local dev mode" : user.name}</span>
          <span className="user-menu__role" data-testid="user-role">
            {ROLE_LABELS[user.role]}
          </span>
        </span>
      </button>
      {open && (
        <div className="user-menu__panel" id={menuId}>
          <p className="user-menu__email">{user.email}</p>
          {mode === "dev" ? (
            <p className="muted">Authentication is off (AUTH_MODE=off): every request acts as the local admin.</p>
          ) : (
            <button
              type="button"
              className="button"
              data-testid="sign-out"
              onClick={() => {
                setOpen(false);
                void session.signOut();
              }}
            >
              Sign out
            </button>
          )}
        </div>
      )}
    </div>
  );
}
