import { useMutation, useQuery } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import { useCurrentUser } from "../../auth/auth-context";
import { hasRole, ROLE_LABELS, ROLES, type Role } from "../../auth/roles";
import { ConfirmDialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { RelativeTime } from "../../ui/RelativeTime";
import { ApiTokensQuery, CreateApiTokenMutation, RevokeApiTokenMutation } from "./access.queries";
import { fieldErrorsOf } from "./field-errors";
import { SecretOnce } from "./SecretOnce";
import { TextField } from "./UsersSection";
import { ListBody } from "../../ui/ListBody";

const ignore = (): void => undefined;

/** Your API tokens, for machines (CI, scripts): create one with at most your role, see when each was used, revoke. */
export function ApiTokensSection() {
  const me = useCurrentUser();
  const tokens = useQuery(ApiTokensQuery, { variables: { first: 200 }, fetchPolicy: "cache-and-network" });
  const [createToken, create] = useMutation(CreateApiTokenMutation, { refetchQueries: ["ApiTokens"] });
  const [revokeToken, revoke] = useMutation(RevokeApiTokenMutation, { refetchQueries: ["ApiTokens"] });
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>(me?.role ?? "VIEWER");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const grantable = ROLES.filter((value) => hasRole(me?.role, value));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setErrors({});
    setSecret(null);
    try {
      const { data } = await createToken({ variables: { name: name.trim(), role } });
      if (data) {
        setSecret({ name: data.createApiToken.apiToken.name, token: data.createApiToken.token });
        setName("");
      }
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  };

  return (
    <section className="panel" aria-labelledby="tokens-title" data-testid="api-tokens-section">
      <h2 id="tokens-title" className="panel__title">
        API tokens
      </h2>
      <p className="muted">
        For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you, with at most the
        role you give it.
      </p>
      <form className="settings-form" onSubmit={(event) => void submit(event)} aria-label="New API token">
        <TextField
          label="Token name"
          value={name}
          onChange={setName}
          error={errors["name"]}
          placeholder="e.g. nightly CI"
          required
        />
        <label className="field">
          <span>Token role</span>
          <select
            className="input"
            aria-label="Token role"
            value={role}
            onChange={(event) => setRole(event.target.value as Role)}
          >
            {grantable.map((value) => (
              <option key={value} value={value}>
                {ROLE_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="submit"
          className="button button--primary"
          disabled={create.loading || name.trim() === ""}
          data-testid="create-token"
        >
          Create token
        </button>
        {(errors["form"] ?? errors["role"]) !== undefined && (
          <p className="field-error" role="alert">
            {errors["form"] ?? errors["role"]}
          </p>
        )}
      </form>
      {secret !== null && (
        <SecretOnce
          label={`Token “${secret.name}”`}
          value={secret.token}
          note="Copy it now: it is shown only this once (the server keeps only its hash)."
          onDismiss={() => setSecret(null)}
        />
      )}
      <ListBody
        items={tokens.data?.apiTokens.nodes}
        error={tokens.error}
        what="your API tokens"
        onRetry={() => void tokens.refetch().catch(ignore)}
        empty={<p className="empty">No API tokens yet.</p>}
      >
        {(items) => (
          <div className="table-scroll">
            <table className="table" data-testid="tokens-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((token) => (
                  <tr key={token.id} data-testid={`token-row-${token.name}`}>
                    <td>{token.name}</td>
                    <td>{ROLE_LABELS[token.role]}</td>
                    <td>
                      <RelativeTime iso={token.createdAt} />
                    </td>
                    <td>
                      {token.lastUsedAt ? (
                        <RelativeTime iso={token.lastUsedAt} />
                      ) : (
                        <span className="muted">Never</span>
                      )}
                    </td>
                    <td>
                      {token.revokedAt ? (
                        <span className="status-badge" data-status="CANCELLED">
                          Revoked
                        </span>
                      ) : (
                        <span className="status-badge" data-status="SUCCEEDED">
                          Active
                        </span>
                      )}
                    </td>
                    <td>
                      {!token.revokedAt && (
                        <button
                          type="button"
                          className="button button--small button--danger"
                          onClick={() => setRevoking({ id: token.id, name: token.name })}
                        >
                          Revoke…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListBody>
      {revokeError !== null && <ErrorPanel title="The token was not revoked" error={revokeError} />}
      {revoking !== null && (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke token"
          danger
          busy={revoke.loading}
          onCancel={() => setRevoking(null)}
          onConfirm={() => {
            setRevokeError(null);
            revokeToken({ variables: { id: revoking.id } })
              .catch(setRevokeError)
              .finally(() => setRevoking(null));
          }}
        >
          <p>Whatever uses this token is refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
