import { useMutation } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import { useSession } from "../../auth/auth-context";
import { toGrant } from "../../auth/transport";
import { ChangePasswordMutation } from "./access.queries";
import { fieldErrorsOf } from "./field-errors";
import { TextField } from "./UsersSection";

/** Your own password: the current one is checked; every other session of yours is signed out, this one goes on. */
export function ChangePasswordSection() {
  const session = useSession();
  const [changePassword, change] = useMutation(ChangePasswordMutation);
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setErrors({});
    setDone(false);
    try {
      const { data } = await changePassword({ variables: { currentPassword: current, newPassword: next } });
      if (data) {
        session.adopt(toGrant(data.changePassword));
        setCurrent("");
        setNext("");
        setDone(true);
      }
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  };

  return (
    <section className="panel" aria-labelledby="password-title" data-testid="change-password-section">
      <h2 id="password-title" className="panel__title">
        Your password
      </h2>
      <form className="settings-form" onSubmit={(event) => void submit(event)} aria-label="Change your password">
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errors["currentPassword"]}
          required
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={errors["newPassword"]}
          help="At least 12 characters. Your other sessions are signed out."
          required
        />
        {errors["form"] !== undefined && (
          <p className="field__error" role="alert">
            {errors["form"]}
          </p>
        )}
        <button type="submit" className="button" disabled={change.loading || current === "" || next === ""}>
          Change password
        </button>
        {done && (
          <p className="muted" role="status">
            Password changed. Other sessions are signed out.
          </p>
        )}
      </form>
    </section>
  );
}
