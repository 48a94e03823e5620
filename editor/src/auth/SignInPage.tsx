import { useId, useRef, useState, type FormEvent } from "react";
import { Navigate, useSearchParams } from "react-router";
import { useAuthState, useSession } from "./auth-context";
import { safeNextPath } from "./safe-redirect";
import { AuthRejectedError } from "./session";
import { BrandMark } from "../ui/BrandMark";

/** `/sign-in`: email and password; back to the page that sent the user here (`?next=`) afterwards. */
export function SignInPage() {
  const session = useSession();
  const state = useAuthState();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  if (state.status === "signed-in") return <Navigate to={next} replace />;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await session.signIn(email.trim(), password);
    } catch (error) {
      setProblem(
        error instanceof AuthRejectedError
          ? "Wrong email or password."
          : `Could not reach the API: ${error instanceof Error ? error.message : String(error)}`,
      );
      setPassword("");
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const notice = state.status === "signed-out" ? state.reason : null;
  return (
    <main className="sign-in" id="main">
      <title>Sign in · Millrace</title>
      <form className="sign-in__card" onSubmit={(event) => void submit(event)} aria-labelledby="sign-in-title">
        <div className="sign-in__brand" aria-hidden="true">
          <BrandMark size={28} />
          <span>Millrace</span>
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {notice !== null && problem === null && (
          <p className="notice" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <label className="field">
          <span>Email</span>
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            autoFocus
            required
            value={email}
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? errorId : undefined}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            ref={passwordRef}
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={problem !== null}
            aria-describedby={problem !== null ? errorId : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {problem !== null && (
          <p className="notice notice--error" role="alert" id={errorId} data-testid="sign-in-error">
            {problem}
          </p>
        )}
        <button type="submit" className="button button--primary sign-in__submit" disabled={busy} data-testid="sign-in">
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="sign-in__help">
          First start? The server created <code>admin@localhost</code> and wrote its password to{" "}
          <code>DATA_DIR/initial-admin.txt</code> (also in its log).
        </p>
      </form>
    </main>
  );
}
