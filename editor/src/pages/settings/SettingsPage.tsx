import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { useAuthState, useCan } from "../../auth/auth-context";
import { ConfirmDialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { RelativeTime } from "../../ui/RelativeTime";
import { ApiTokensSection } from "./ApiTokensSection";
import { ChangePasswordSection } from "./ChangePasswordSection";
import { ResetDemoMutation, SeedDemoMutation, SystemInfoQuery } from "./settings.queries";
import { UsersSection } from "./UsersSection";
import { WebhooksSection } from "./WebhooksSection";

const ignore = (): void => undefined;

/**
 * This installation (version, store health), your API tokens, and for admins: users, webhooks and the demo data
 * (add what is missing, or reset it).
 */
export function SettingsPage() {
  const isAdmin = useCan("ADMIN");
  const auth = useAuthState();
  // Dev mode (AUTH_MODE=off) has no signed-in user, so no password of one.
  const hasPassword = auth.status === "signed-in" && auth.mode === "session";
  const info = useQuery(SystemInfoQuery, { fetchPolicy: "network-only" });
  const [seedDemo, seed] = useMutation(SeedDemoMutation, { refetchQueries: ["PipelineList", "DashboardStats"] });
  const [resetDemo, reset] = useMutation(ResetDemoMutation, { refetchQueries: ["PipelineList", "DashboardStats"] });
  const [confirmReset, setConfirmReset] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const system = info.data?.systemInfo;

  return (
    <section className="page" aria-labelledby="settings-title">
      <title>Settings · Millrace</title>
      <h1 id="settings-title">Settings</h1>
      <section className="panel" aria-labelledby="system-title">
        <h2 id="system-title" className="panel__title">
          Installation
        </h2>
        {info.error ? (
          <ErrorPanel
            title="Could not read the system info"
            error={info.error}
            onRetry={() => void info.refetch().catch(ignore)}
          />
        ) : system === undefined ? (
          <Loading>Loading…</Loading>
        ) : (
          <dl className="facts facts--grid" data-testid="system-info">
            <div>
              <dt>Version</dt>
              <dd>{system.version}</dd>
            </div>
            <div>
              <dt>Started</dt>
              <dd>
                <RelativeTime iso={system.startedAt} />
              </dd>
            </div>
            <div>
              <dt>Runs executing</dt>
              <dd>{system.activeRuns}</dd>
            </div>
            <div>
              <dt>Store</dt>
              <dd>
                <span className="status-badge" data-status={system.store.ok ? "SUCCEEDED" : "FAILED"}>
                  {system.store.ok ? "OK" : "Unreachable"}
                </span>{" "}
                {system.store.kind} · {system.store.latencyMs.toFixed(2)} ms
              </dd>
            </div>
            <div className="facts__wide">
              <dt>Store detail</dt>
              <dd>
                <code>{system.store.detail}</code>
              </dd>
            </div>
          </dl>
        )}
        <button type="button" className="button" onClick={() => void info.refetch().catch(ignore)}>
          Refresh
        </button>
      </section>

      {hasPassword && <ChangePasswordSection />}
      {isAdmin && <UsersSection />}
      <ApiTokensSection />
      {isAdmin && <WebhooksSection />}

      {isAdmin && (
        <section className="panel" aria-labelledby="demo-title">
          <h2 id="demo-title" className="panel__title">
            Demo data
          </h2>
          <p>The five demo pipelines over the HMP sample data set.</p>
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={seed.loading}
              onClick={() =>
                void seedDemo()
                  .then(({ data }) =>
                    setResult(
                      data
                        ? `Added ${data.seedDemo.pipelines} pipelines and ${data.seedDemo.datasets} datasets.`
                        : null,
                    ),
                  )
                  .catch(ignore)
              }
            >
              Add missing demo pipelines
            </button>
            <button type="button" className="button button--danger" onClick={() => setConfirmReset(true)}>
              Reset demo…
            </button>
          </div>
          {result !== null && (
            <p role="status" data-testid="demo-result">
              {result}
            </p>
          )}
          {(seed.error ?? reset.error) && (
            <ErrorPanel title="The demo data was not changed" error={seed.error ?? reset.error} />
          )}
        </section>
      )}
      {confirmReset && (
        <ConfirmDialog
          title="Reset the demo pipelines?"
          confirmLabel="Reset demo"
          danger
          busy={reset.loading}
          onCancel={() => setConfirmReset(false)}
          onConfirm={() =>
            void resetDemo({ variables: { confirm: "RESET" } })
              .then(({ data }) => {
                setConfirmReset(false);
                setResult(data ? `Restored ${data.resetDemo.pipelines} demo pipelines as shipped.` : null);
              })
              .catch(() => setConfirmReset(false))
          }
        >
          <p>
            The demo pipelines go back to how they were shipped and <strong>their runs are deleted</strong>. Your own
            pipelines are not touched.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
