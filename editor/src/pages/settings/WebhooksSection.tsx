import { useMutation, useQuery } from "@apollo/client/react";
import { useState, type FormEvent } from "react";
import type { WebhookEvent, WebhookFieldsFragment, WebhookFormat } from "../../graphql/generated/graphql";
import { ConfirmDialog, Dialog } from "../../ui/Dialog";
import { ErrorPanel } from "../../ui/ErrorPanel";
import { Loading } from "../../ui/Loading";
import { RelativeTime } from "../../ui/RelativeTime";
import { fieldErrorsOf } from "./field-errors";
import { SecretOnce } from "./SecretOnce";
import { TextField } from "./UsersSection";
import { ListBody } from "../../ui/ListBody";
import {
  CreateWebhookMutation,
  DeleteWebhookMutation,
  UpdateWebhookMutation,
  WebhookDeliveriesQuery,
  WebhookPipelinesQuery,
  WebhooksQuery,
} from "./webhooks.queries";

const ignore = (): void => undefined;

const EVENTS: Array<[WebhookEvent, string]> = [
  ["RUN_SUCCEEDED", "Run succeeded"],
  ["RUN_FAILED", "Run failed"],
  ["RUN_CANCELLED", "Run cancelled"],
];
const EVENT_LABELS = Object.fromEntries(EVENTS) as Record<WebhookEvent, string>;
const DELIVERY_STATUS = { DELIVERED: "SUCCEEDED", FAILED: "FAILED", PENDING: "RUNNING" } as const;

type Editing = { mode: "create" } | { mode: "edit"; webhook: WebhookFieldsFragment };

/** Admins: webhooks notified when runs end (all pipelines or one), JSON or Slack-compatible, with their deliveries. */
export function WebhooksSection() {
  const webhooks = useQuery(WebhooksQuery, { variables: { first: 200 }, fetchPolicy: "cache-and-network" });
  const pipelines = useQuery(WebhookPipelinesQuery, { variables: { first: 500 } });
  const [deleteWebhook, del] = useMutation(DeleteWebhookMutation, { refetchQueries: ["Webhooks"] });
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<WebhookFieldsFragment | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const pipelineNames = new Map((pipelines.data?.pipelines.nodes ?? []).map((p) => [p.id, p.name]));

  return (
    <section className="panel" aria-labelledby="webhooks-title" data-testid="webhooks-section">
      <h2 id="webhooks-title" className="panel__title">
        Webhooks
      </h2>
      <p className="muted">
        POSTed when runs end, signed with <code>X-Millrace-Signature</code> (HMAC-SHA256 of the timestamp and body),
        retried with backoff.
      </p>
      <button type="button" className="button button--primary" onClick={() => setEditing({ mode: "create" })}>
        New webhook
      </button>
      {secret !== null && (
        <SecretOnce
          label={`Signing secret of “${secret.name}”`}
          value={secret.secret}
          note="Copy it now into the receiver, to check the signature: it is shown only this once."
          onDismiss={() => setSecret(null)}
        />
      )}
      <ListBody
        items={webhooks.data?.webhooks.nodes}
        error={webhooks.error}
        what="the webhooks"
        onRetry={() => void webhooks.refetch().catch(ignore)}
        empty={<p className="empty">No webhooks yet.</p>}
      >
        {(items) => (
          <div className="table-scroll">
            <table className="table" data-testid="webhooks-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">URL</th>
                  <th scope="col">Pipelines</th>
                  <th scope="col">Events</th>
                  <th scope="col">Format</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((webhook) => (
                  <WebhookRow
                    key={webhook.id}
                    webhook={webhook}
                    pipelineName={
                      webhook.pipelineId === null || webhook.pipelineId === undefined
                        ? null
                        : (pipelineNames.get(webhook.pipelineId) ?? webhook.pipelineId)
                    }
                    open={open === webhook.id}
                    onToggle={() => setOpen(open === webhook.id ? null : webhook.id)}
                    onEdit={() => setEditing({ mode: "edit", webhook })}
                    onDelete={() => setDeleting(webhook)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListBody>
      {deleteError !== null && <ErrorPanel title="The webhook was not deleted" error={deleteError} />}
      {editing !== null && (
        <WebhookDialog
          editing={editing}
          pipelines={pipelines.data?.pipelines.nodes ?? []}
          onClose={() => setEditing(null)}
          onCreated={(name, value) => setSecret({ name, secret: value })}
        />
      )}
      {deleting !== null && (
        <ConfirmDialog
          title={`Delete webhook “${deleting.name}”?`}
          confirmLabel="Delete webhook"
          danger
          busy={del.loading}
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            setDeleteError(null);
            deleteWebhook({ variables: { id: deleting.id } })
              .catch(setDeleteError)
              .finally(() => setDeleting(null));
          }}
        >
          <p>No more notifications go to {deleting.url}.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function WebhookRow({
  webhook,
  pipelineName,
  open,
  onToggle,
  onEdit,
  onDelete,
}: {
  webhook: WebhookFieldsFragment;
  pipelineName: string | null;
  open: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <tr data-testid={`webhook-row-${webhook.name}`}>
        <td>{webhook.name}</td>
        <td>
          <code>{webhook.url}</code>
        </td>
        <td>{pipelineName ?? <span className="muted">All</span>}</td>
        <td>{webhook.events.map((event) => EVENT_LABELS[event]).join(", ")}</td>
        <td>{webhook.format === "SLACK" ? "Slack" : "JSON"}</td>
        <td>
          <span className="status-badge" data-status={webhook.enabled ? "SUCCEEDED" : "CANCELLED"}>
            {webhook.enabled ? "Enabled" : "Disabled"}
          </span>
        </td>
        <td>
          <div className="button-row">
            <button type="button" className="button button--small" aria-expanded={open} onClick={onToggle}>
              Deliveries
            </button>
            <button type="button" className="button button--small" onClick={onEdit}>
              Edit…
            </button>
            <button type="button" className="button button--small button--danger" onClick={onDelete}>
              Delete…
            </button>
          </div>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={7}>
            <Deliveries webhookId={webhook.id} />
          </td>
        </tr>
      )}
    </>
  );
}

/** The webhook's recent deliveries, newest first, with their HTTP status and error. */
function Deliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useQuery(WebhookDeliveriesQuery, {
    variables: { webhookId, first: 10 },
    fetchPolicy: "network-only",
  });
  if (deliveries.error) return <ErrorPanel title="Could not load the deliveries" error={deliveries.error} />;
  if (deliveries.data === undefined) return <Loading>Loading deliveries…</Loading>;
  const nodes = deliveries.data.webhookDeliveries.nodes;
  if (nodes.length === 0) return <p className="empty">No deliveries yet: one is made when a matching run ends.</p>;
  return (
    <table className="table" data-testid="deliveries-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Attempts
          </th>
          <th scope="col">HTTP</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((delivery) => (
          <tr key={delivery.id}>
            <td>
              <RelativeTime iso={delivery.createdAt} />
            </td>
            <td>{EVENT_LABELS[delivery.event]}</td>
            <td>
              <span className="status-badge" data-status={DELIVERY_STATUS[delivery.status]}>
                {delivery.status.charAt(0) + delivery.status.slice(1).toLowerCase()}
              </span>
            </td>
            <td className="num">{delivery.attempts}</td>
            <td>{delivery.lastStatusCode ?? "—"}</td>
            <td>{delivery.lastError ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function WebhookDialog({
  editing,
  pipelines,
  onClose,
  onCreated,
}: {
  editing: Editing;
  pipelines: ReadonlyArray<{ id: string; name: string }>;
  onClose: () => void;
  onCreated: (name: string, secret: string) => void;
}) {
  const existing = editing.mode === "edit" ? editing.webhook : null;
  const [name, setName] = useState(existing?.name ?? "");
  const [url, setUrl] = useState(existing?.url ?? "");
  const [pipelineId, setPipelineId] = useState(existing?.pipelineId ?? "");
  const [events, setEvents] = useState<WebhookEvent[]>(existing?.events ?? ["RUN_FAILED"]);
  const [format, setFormat] = useState<WebhookFormat>(existing?.format ?? "JSON");
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [secret, setSecret] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [createWebhook, create] = useMutation(CreateWebhookMutation, { refetchQueries: ["Webhooks"] });
  const [updateWebhook, update] = useMutation(UpdateWebhookMutation);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setErrors({});
    if (events.length === 0) {
      setErrors({ events: "Choose at least one event." });
      return;
    }
    const input = {
      name: name.trim(),
      url: url.trim(),
      pipelineId: pipelineId === "" ? null : pipelineId,
      events,
      format,
      enabled,
      ...(secret === "" ? {} : { secret }),
    };
    try {
      if (existing === null) {
        const { data } = await createWebhook({ variables: { input } });
        if (data) onCreated(data.createWebhook.webhook.name, data.createWebhook.secret);
      } else {
        await updateWebhook({ variables: { id: existing.id, input } });
      }
      onClose();
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    }
  };

  return (
    <Dialog
      title={existing === null ? "New webhook" : `Edit “${existing.name}”`}
      onClose={onClose}
      testId="webhook-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="webhook-form"
            className="button button--primary"
            disabled={create.loading || update.loading}
          >
            {existing === null ? "Create webhook" : "Save webhook"}
          </button>
        </>
      }
    >
      <form id="webhook-form" className="dialog__body" onSubmit={(event) => void submit(event)}>
        <TextField label="Name" value={name} onChange={setName} error={errors["name"]} required autoFocus />
        <TextField
          label="URL"
          type="url"
          value={url}
          onChange={setUrl}
          error={errors["url"]}
          placeholder="https://hooks.example.com/millrace"
          required
        />
        <label className="field">
          <span>Pipelines</span>
          <select
            className="input"
            aria-label="Pipelines"
            value={pipelineId}
            onChange={(event) => setPipelineId(event.target.value)}
          >
            <option value="">All pipelines</option>
            {pipelines.map((pipeline) => (
              <option key={pipeline.id} value={pipeline.id}>
                {pipeline.name}
              </option>
            ))}
          </select>
          {errors["pipelineId"] !== undefined && <span className="field-error">{errors["pipelineId"]}</span>}
        </label>
        <fieldset className="field">
          <legend>Events</legend>
          {EVENTS.map(([value, label]) => (
            <label key={value} className="field--inline">
              <input
                type="checkbox"
                checked={events.includes(value)}
                onChange={(event) =>
                  setEvents((current) =>
                    event.target.checked ? [...current, value] : current.filter((e) => e !== value),
                  )
                }
              />
              {label}
            </label>
          ))}
          {errors["events"] !== undefined && (
            <span className="field-error" role="alert">
              {errors["events"]}
            </span>
          )}
        </fieldset>
        <label className="field">
          <span>Format</span>
          <select
            className="input"
            aria-label="Format"
            value={format}
            onChange={(event) => setFormat(event.target.value as WebhookFormat)}
          >
            <option value="JSON">JSON (the run as an object)</option>
            <option value="SLACK">Slack-compatible ({"{ text }"}, for Slack and Mattermost incoming webhooks)</option>
          </select>
        </label>
        <label className="field--inline">
          <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} />
          Enabled
        </label>
        <TextField
          label="Signing secret"
          type="password"
          value={secret}
          onChange={setSecret}
          error={errors["secret"]}
          help={
            existing === null
              ? "16 characters or more; leave empty to have one generated (shown once)."
              : `Ends in …${existing.secretHint}; leave empty to keep it.`
          }
          autoComplete="new-password"
        />
        {errors["form"] !== undefined && (
          <p className="notice notice--error" role="alert">
            {errors["form"]}
          </p>
        )}
      </form>
    </Dialog>
  );
}
