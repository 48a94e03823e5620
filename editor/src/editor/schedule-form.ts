/** The schedule dialog's form as plain values: from the saved schedule, to the API's input, and the API's errors. */
import { CombinedGraphQLErrors } from "@apollo/client/errors";
import type { CatchUpPolicy, OverlapPolicy, ScheduleInput } from "../graphql/generated/graphql";

export interface ScheduleForm {
  cron: string;
  timezone: string;
  enabled: boolean;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
  /** Kept as typed, so a half-typed number is not reformatted under the cursor. */
  catchUpLimit: string;
}

export type ScheduleField = keyof ScheduleForm;

export interface SavedSchedule {
  cron: string;
  timezone: string;
  enabled: boolean;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
  catchUpLimit: number;
}

/** The browser's own time zone, the natural default for a new schedule. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The form for a saved schedule, or a new one (daily at 03:00 in `timezone`, as the API's defaults). */
export function scheduleForm(saved: SavedSchedule | null | undefined, timezone: string): ScheduleForm {
  if (saved === null || saved === undefined) {
    return { cron: "0 3 * * *", timezone, enabled: true, overlap: "SKIP", catchUp: "LATEST", catchUpLimit: "10" };
  }
  return { ...saved, catchUpLimit: String(saved.catchUpLimit) };
}

/** What `updatePipeline(input: { schedule })` takes; the limit is sent as typed (the API says what is wrong with it). */
export function scheduleInput(form: ScheduleForm): ScheduleInput {
  const limit = Number(form.catchUpLimit.trim());
  return {
    cron: form.cron.trim(),
    timezone: form.timezone.trim(),
    enabled: form.enabled,
    overlap: form.overlap,
    catchUp: form.catchUp,
    catchUpLimit: form.catchUpLimit.trim() === "" || !Number.isFinite(limit) ? Number.NaN : limit,
  };
}

/** Checks the browser can make before asking the API (which checks everything again). */
export function localScheduleErrors(form: ScheduleForm): Partial<Record<ScheduleField, string>> {
  const errors: Partial<Record<ScheduleField, string>> = {};
  const fields = form.cron.trim().split(/\s+/).filter(Boolean).length;
  if (fields < 5 || fields > 6) errors.cron = 'Use 5 fields ("0 3 * * *") or 6 with seconds first.';
  if (form.timezone.trim() === "") errors.timezone = "Choose a time zone (e.g. UTC, Europe/Oslo).";
  const limit = Number(form.catchUpLimit.trim());
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) errors.catchUpLimit = "A whole number from 1 to 1000.";
  return errors;
}

/**
 * The API's BAD_USER_INPUT errors on a schedule (`extensions.field` "schedule.cron"…) by form field; anything else
 * (or a field the form does not have) under `form`.
 */
export function scheduleErrorsOf(error: unknown): Partial<Record<ScheduleField | "form", string>> {
  const result: Partial<Record<ScheduleField | "form", string>> = {};
  const fields: readonly string[] = ["cron", "timezone", "enabled", "overlap", "catchUp", "catchUpLimit"];
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const field = e.extensions?.["field"];
      const name = typeof field === "string" ? field.replace(/^(input\.)?schedule\./, "") : "";
      // The message repeats the field ("schedule.cron: must have…"): shown next to the field, it needs not.
      const message = e.message.replace(/^[\w.]+: /, "");
      if (fields.includes(name)) result[name as ScheduleField] = message;
      else result.form = e.message;
    }
    return result;
  }
  result.form = error instanceof Error ? error.message : String(error);
  return result;
}

/** A fire time as the schedule reads it: in its own time zone, e.g. "Fri, Nov 27, 2026, 02:30 GMT+1". */
export function formatFireTime(iso: string, timeZone: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  };
  try {
    return new Intl.DateTimeFormat("en", { ...options, timeZone }).format(time);
  } catch {
    // An unknown zone (the server refuses those, but a stale value may linger): the browser's own.
    return new Intl.DateTimeFormat("en", options).format(time);
  }
}
