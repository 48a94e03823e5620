import { useApolloClient, useQuery } from "@apollo/client/react";
import { useId, useMemo, useState, type ReactNode } from "react";
import { Link } from "react-router";
import type { CatchUpPolicy, OverlapPolicy, PipelineEditorFieldsFragment } from "../graphql/generated/graphql";
import { UpdatePipelineMutation } from "../pages/pipeline/pipeline-mutations";
import { Dialog } from "../ui/Dialog";
import { formatDateTime, formatRelativeTime } from "../ui/format-time";
import {
  formatFireTime,
  localScheduleErrors,
  localTimeZone,
  scheduleErrorsOf,
  scheduleForm,
  scheduleInput,
  type ScheduleField,
  type ScheduleForm,
} from "./schedule-form";
import { ScheduleTicksQuery } from "./schedule.queries";

type Pipeline = PipelineEditorFieldsFragment;
type Errors = Partial<Record<ScheduleField | "form", string>>;

const OVERLAP: Array<[OverlapPolicy, string]> = [
  ["SKIP", "Skip the tick"],
  ["QUEUE", "Queue until that run ends"],
  ["ALLOW", "Run both at once"],
];
const CATCH_UP: Array<[CatchUpPolicy, string]> = [
  ["NONE", "None: skip missed ticks"],
  ["LATEST", "The latest missed tick"],
  ["ALL", "All of them (up to the limit)"],
];

/** Every IANA zone the browser knows, for the time zone field's suggestions. */
function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
}

/**
 * The pipeline's cron schedule: cron, time zone, enabled, overlap and catch-up policies, saved on its own (the
 * canvas draft is not saved with it), with the next fire times and recent ticks from the API.
 */
export function ScheduleDialog({
  pipeline,
  readOnly,
  onSaved,
  onClose,
}: {
  pipeline: Pipeline;
  readOnly: boolean;
  onSaved: (pipeline: Pipeline) => void;
  onClose: () => void;
}) {
  const client = useApolloClient();
  const [form, setForm] = useState<ScheduleForm>(() => scheduleForm(pipeline.schedule, localTimeZone()));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  const zones = useMemo(timeZones, []);
  const zoneListId = useId();
  const ticks = useQuery(ScheduleTicksQuery, {
    variables: { pipelineId: pipeline.id, first: 5 },
    fetchPolicy: "network-only",
  });

  const set = <K extends ScheduleField>(field: K, value: ScheduleForm[K]): void => {
    setForm((current) => ({ ...current, [field]: value }));
    setErrors((current) => {
      const next = { ...current };
      delete next[field];
      delete next.form;
      return next;
    });
    setSavedMessage(null);
  };

  const save = async (remove: boolean): Promise<void> => {
    if (!remove) {
      const local = localScheduleErrors(form);
      if (Object.keys(local).length > 0) {
        setErrors(local);
        return;
      }
    }
    setBusy(true);
    setErrors({});
    setSavedMessage(null);
    try {
      const { data } = await client.mutate({
        mutation: UpdatePipelineMutation,
        variables: {
          id: pipeline.id,
          expectedVersion: pipeline.version,
          input: { schedule: remove ? null : scheduleInput(form) },
        },
      });
      const result = data?.updatePipeline;
      if (result === undefined) throw new Error("The API answered without a result.");
      switch (result.__typename) {
        case "Pipeline":
          onSaved(result);
          setForm(scheduleForm(result.schedule, form.timezone));
          setSavedMessage(remove ? "Schedule removed." : `Schedule saved (version ${result.version}).`);
          void ticks.refetch().catch(() => undefined);
          return;
        case "InvalidPipeline":
          setErrors({ form: result.issues[0]?.message ?? result.message });
          return;
        case "VersionConflict":
          setErrors({
            form: `Version ${result.currentVersion} of this pipeline was saved elsewhere: reload the page, then set the schedule.`,
          });
          return;
      }
    } catch (error) {
      setErrors(scheduleErrorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  const hasSchedule = pipeline.schedule !== null && pipeline.schedule !== undefined;
  return (
    <Dialog
      title="Schedule"
      onClose={onClose}
      testId="schedule-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          {!readOnly && hasSchedule && (
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => void save(true)}
              data-testid="schedule-remove"
            >
              Remove schedule
            </button>
          )}
          {!readOnly && (
            <button
              type="submit"
              form="schedule-form"
              className="button button--primary"
              disabled={busy}
              data-testid="schedule-save"
            >
              {busy ? "Saving…" : "Save schedule"}
            </button>
          )}
        </>
      }
    >
      <form
        id="schedule-form"
        className="schedule-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (!readOnly) void save(false);
        }}
      >
        <Field
          label="Cron"
          error={errors.cron}
          wide
          help='Minute hour day month weekday, e.g. "0 3 * * *" (daily at 03:00) or "*/15 * * * *"; 6 fields start with seconds.'
        >
          {(props) => (
            <input
              {...props}
              className="input"
              value={form.cron}
              spellCheck={false}
              autoComplete="off"
              disabled={readOnly}
              onChange={(event) => set("cron", event.target.value)}
            />
          )}
        </Field>
        <Field label="Time zone" error={errors.timezone}>
          {(props) => (
            <>
              <input
                {...props}
                className="input"
                list={zoneListId}
                value={form.timezone}
                spellCheck={false}
                autoComplete="off"
                disabled={readOnly}
                onChange={(event) => set("timezone", event.target.value)}
              />
              <datalist id={zoneListId}>
                {zones.map((zone) => (
                  <option key={zone} value={zone} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <label className="field field--inline">
          <input
            type="checkbox"
            checked={form.enabled}
            disabled={readOnly}
            onChange={(event) => set("enabled", event.target.checked)}
          />
          <span>Enabled</span>
        </label>
        <Field label="When the previous run is still going" error={errors.overlap}>
          {(props) => (
            <select
              {...props}
              className="input"
              value={form.overlap}
              disabled={readOnly}
              onChange={(event) => set("overlap", event.target.value as OverlapPolicy)}
            >
              {OVERLAP.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Ticks missed while no server ran" error={errors.catchUp}>
          {(props) => (
            <select
              {...props}
              className="input"
              value={form.catchUp}
              disabled={readOnly}
              onChange={(event) => set("catchUp", event.target.value as CatchUpPolicy)}
            >
              {CATCH_UP.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Catch-up limit" error={errors.catchUpLimit}>
          {(props) => (
            <input
              {...props}
              className="input"
              inputMode="numeric"
              value={form.catchUpLimit}
              disabled={readOnly || form.catchUp !== "ALL"}
              onChange={(event) => set("catchUpLimit", event.target.value)}
            />
          )}
        </Field>
      </form>
      {errors.form !== undefined && (
        <p className="notice notice--error" role="alert" data-testid="schedule-error">
          {errors.form}
        </p>
      )}
      {savedMessage !== null && (
        <p className="notice" role="status">
          {savedMessage}
        </p>
      )}
      <section aria-labelledby="next-fire-title" data-testid="next-fire-times">
        <h3 id="next-fire-title">Next fire times</h3>
        {!hasSchedule ? (
          <p className="muted">No schedule saved yet.</p>
        ) : pipeline.nextFireTimes.length === 0 ? (
          <p className="muted">None: the schedule is paused.</p>
        ) : (
          <ol className="fire-times">
            {pipeline.nextFireTimes.map((iso) => (
              <li key={iso}>
                <time dateTime={iso} title={`${formatDateTime(iso)} your time`}>
                  {formatFireTime(iso, pipeline.schedule?.timezone ?? "UTC")}
                </time>{" "}
                <span className="muted">({formatRelativeTime(iso)})</span>
              </li>
            ))}
          </ol>
        )}
      </section>
      {hasSchedule && (
        <section aria-labelledby="ticks-title">
          <h3 id="ticks-title">Recent ticks</h3>
          {ticks.data === undefined ? (
            <p className="muted">{ticks.error ? "Could not load the ticks." : "Loading…"}</p>
          ) : ticks.data.scheduleTicks.nodes.length === 0 ? (
            <p className="muted">The schedule has not fired yet.</p>
          ) : (
            <ul className="fire-times">
              {ticks.data.scheduleTicks.nodes.map((tick) => (
                <li key={tick.id}>
                  <time dateTime={tick.fireAt}>{formatDateTime(tick.fireAt)}</time> {tick.status}
                  {tick.runId !== null && tick.runId !== undefined && (
                    <>
                      {" "}
                      <Link to={`/runs/${encodeURIComponent(tick.runId)}`}>run</Link>
                    </>
                  )}
                  {tick.reason !== null && tick.reason !== undefined && <span className="muted"> — {tick.reason}</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </Dialog>
  );
}

/** A labelled control with its help and its error (announced, and tied to the control by aria-describedby). */
function Field({
  label,
  error,
  help,
  wide,
  children,
}: {
  label: string;
  error: string | undefined;
  help?: string;
  wide?: boolean;
  children: (props: { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined }) => ReactNode;
}) {
  const id = useId();
  const described = [help !== undefined ? `${id}-help` : null, error !== undefined ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={wide ? "field field--wide" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-invalid": error !== undefined,
        "aria-describedby": described === "" ? undefined : described,
      })}
      {help !== undefined && (
        <span className="field__help" id={`${id}-help`}>
          {help}
        </span>
      )}
      {error !== undefined && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
