import { useMutation, useQuery } from "@apollo/client/react";
import { useId, useState, type FormEvent } from "react";
import { useCurrentUser } from "../../auth/auth-context";
import { ROLE_LABELS, ROLES, type Role } from "../../auth/roles";
import { Dialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { RelativeTime } from "../../ui/RelativeTime";
import { CreateUserMutation, UpdateUserMutation, UsersQuery } from "./access.queries";
import { fieldErrorsOf } from "./field-errors";
import { ListBody } from "../../ui/ListBody";

const ignore = (): void => undefined;

/** Admins: every user with role and status, a new user with a role, and role, status and password changes. */
export function UsersSection() {
  const me = useCurrentUser();
  const users = useQuery(UsersQuery, { variables: { first: 200 }, fetchPolicy: "cache-and-network" });
  const [updateUser] = useMutation(UpdateUserMutation);
  const [rowError, setRowError] = useState<unknown>(null);
  const [passwordFor, setPasswordFor] = useState<{ id: string; email: string } | null>(null);

  const change = (id: string, input: { role?: Role; disabled?: boolean }): void => {
    setRowError(null);
    updateUser({ variables: { id, input } }).catch(setRowError);
  };

  return (
    <section className="panel" aria-labelledby="users-title" data-testid="users-section">
      <h2 id="users-title" className="panel__title">
        Users
      </h2>
      <p className="muted">
        Viewers read; editors also change and run pipelines, datasets, experiments and validations; admins also manage
        users, webhooks and the demo data.
      </p>
      <NewUserForm />
      <ListBody
        items={users.data?.users.nodes}
        error={users.error}
        what="the users"
        onRetry={() => void users.refetch().catch(ignore)}
        empty={null}
      >
        {(items) => (
          <div className="table-scroll">
            <table className="table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((user) => {
                  const self = user.id === me?.id;
                  return (
                    <tr key={user.id} data-testid={`user-row-${user.email}`}>
                      <td>{user.email}</td>
                      <td>{user.name}</td>
                      <td>
                        <select
                          className="input"
                          aria-label={`Role of ${user.email}`}
                          value={user.role}
                          // Demoting yourself would lock you out of this page.
                          disabled={self}
                          title={self ? "You cannot change your own role" : undefined}
                          onChange={(event) => change(user.id, { role: event.target.value as Role })}
                        >
                          {ROLES.map((role) => (
                            <option key={role} value={role}>
                              {ROLE_LABELS[role]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <span className="status-badge" data-status={user.disabled ? "FAILED" : "SUCCEEDED"}>
                          {user.disabled ? "Disabled" : "Active"}
                        </span>
                      </td>
                      <td>
                        {user.lastLoginAt ? (
                          <RelativeTime iso={user.lastLoginAt} />
                        ) : (
                          <span className="muted">Never</span>
                        )}
                      </td>
                      <td>
                        <div className="button-row">
                          <button
                            type="button"
                            className="button button--small"
                            onClick={() => setPasswordFor({ id: user.id, email: user.email })}
                          >
                            Set password…
                          </button>
                          {!self && (
                            <button
                              type="button"
                              className={user.disabled ? "button button--small" : "button button--small button--danger"}
                              onClick={() => change(user.id, { disabled: !user.disabled })}
                            >
                              {user.disabled ? "Enable" : "Disable"}
                            </button>
                          )}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </ListBody>
      {rowError !== null && <ErrorPanel title="The user was not changed" error={rowError} />}
      {passwordFor !== null && <PasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} />}
    </section>
  );
}

function NewUserForm() {
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<Role>("VIEWER");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<string | null>(null);
  const [createUser, { loading }] = useMutation(CreateUserMutation, { refetchQueries: ["Users"] });

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setErrors({});
    setCreated(null);
    try {
      const { data } = await createUser({
        variables: { input: { email: email.trim(), name: name.trim() === "" ? null : name.trim(), password, role } },
      });
      if (data) {
        setCreated(`Created ${data.createUser.email} (${ROLE_LABELS[data.createUser.role]}).`);
        setEmail("");
        setName("");
        setPassword("");
      }
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  };

  return (
    <form
      className="settings-form"
      onSubmit={(event) => void submit(event)}
      aria-label="New user"
      data-testid="new-user-form"
    >
      <TextField label="Email" type="email" value={email} onChange={setEmail} error={errors["email"]} required />
      <TextField label="Name" value={name} onChange={setName} error={errors["name"]} />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        error={errors["password"]}
        help="12 characters or more"
        autoComplete="new-password"
        required
      />
      <label className="field">
        <span>Role</span>
        <select
          className="input"
          aria-label="Role"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {ROLE_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--primary" disabled={loading} data-testid="create-user">
        Add user
      </button>
      {errors["form"] !== undefined && (
        <p className="field-error" role="alert">
          {errors["form"]}
        </p>
      )}
      {created !== null && (
        <p role="status" data-testid="user-created">
          {created}
        </p>
      )}
    </form>
  );
}

function PasswordDialog({ user, onClose }: { user: { id: string; email: string }; onClose: () => void }) {
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [updateUser, { loading }] = useMutation(UpdateUserMutation);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setErrors({});
    try {
      await updateUser({ variables: { id: user.id, input: { password } } });
      onClose();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  };
  return (
    <Dialog
      title={`New password for ${user.email}`}
      onClose={onClose}
      testId="password-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="password-form" className="button button--primary" disabled={loading}>
            Set password
          </button>
        </>
      }
    >
      <form id="password-form" onSubmit={(event) => void submit(event)}>
        <TextField
          label="New password"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors["password"] ?? errors["form"]}
          help="12 characters or more. Sessions already signed in stay signed in until they expire."
          autoComplete="new-password"
          required
          autoFocus
        />
      </form>
    </Dialog>
  );
}

/** A labelled text input with its help and error, tied together for assistive technology. */
export function TextField({
  label,
  value,
  onChange,
  error,
  help,
  type = "text",
  required = false,
  autoFocus = false,
  autoComplete = "off",
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  help?: string;
  type?: string;
  required?: boolean;
  autoFocus?: boolean;
  autoComplete?: string;
  placeholder?: string;
}) {
  const id = useId();
  const describedBy = [help !== undefined ? `${id}-help` : "", error !== undefined ? `${id}-error` : ""]
    .join(" ")
    .trim();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type={type}
        value={value}
        required={required}
        autoFocus={autoFocus}
        autoComplete={autoComplete}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={error !== undefined}
        aria-describedby={describedBy === "" ? undefined : describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {help !== undefined && (
        <span className="field__help" id={`${id}-help`}>
          {help}
        </span>
      )}
      {error !== undefined && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
