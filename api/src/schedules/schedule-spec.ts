/**
 * A pipeline's schedule as a value: cron in a time zone, what to do when a tick finds the previous run still
 * going (overlap) and what to do with the ticks missed while no server was running (catch-up). Pure.
 */
import { Cron } from "croner";
import { BadInputError } from "../common/errors.js";

export const OVERLAP_POLICIES = ["SKIP", "QUEUE", "ALLOW"] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];
export const CATCH_UP_POLICIES = ["NONE", "LATEST", "ALL"] as const;
export type CatchUpPolicy = (typeof CATCH_UP_POLICIES)[number];

export interface ScheduleSpec {
  /** 5 fields (minute precision) or 6 (with seconds first). */
  cron: string;
  /** IANA time zone the cron is read in, e.g. "Europe/Oslo". */
  timezone: string;
  enabled: boolean;
  overlap: OverlapPolicy;
  catchUp: CatchUpPolicy;
  /** With catchUp ALL: at most this many missed ticks are run. */
  catchUpLimit: number;
}

export interface ScheduleInput {
  cron: string;
  timezone?: string | null | undefined;
  enabled?: boolean | null | undefined;
  overlap?: OverlapPolicy | null | undefined;
  catchUp?: CatchUpPolicy | null | undefined;
  catchUpLimit?: number | null | undefined;
}

/** Checks and completes a schedule; errors name the field (schedule.cron, schedule.timezone…). */
export function toScheduleSpec(input: ScheduleInput): ScheduleSpec {
  const cron = input.cron.trim().split(/\s+/).join(" ");
  const timezone = input.timezone?.trim() || "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new BadInputError("schedule.timezone", `"${timezone}" is not an IANA time zone (e.g. "UTC", "Europe/Oslo")`);
  }
  const fields = cron.split(" ").length;
  if (cron === "" || fields < 5 || fields > 6) {
    throw new BadInputError("schedule.cron", 'must have 5 fields (e.g. "0 3 * * *") or 6 with seconds first');
  }
  try {
    new Cron(cron, { timezone, paused: true });
  } catch (error) {
    throw new BadInputError(
      "schedule.cron",
      error instanceof Error ? error.message.replace(/^CronPattern: /, "") : "is not a valid cron expression",
    );
  }
  const catchUpLimit = input.catchUpLimit ?? 10;
  if (!Number.isInteger(catchUpLimit) || catchUpLimit < 1 || catchUpLimit > 1000) {
    throw new BadInputError("schedule.catchUpLimit", "must be an integer from 1 to 1000");
  }
  return {
    cron,
    timezone,
    enabled: input.enabled ?? true,
    overlap: input.overlap ?? "SKIP",
    catchUp: input.catchUp ?? "LATEST",
    catchUpLimit,
  };
}

/** The next `count` fire times after `from`. */
export function nextFireTimes(spec: ScheduleSpec, from: Date, count: number): Date[] {
  return new Cron(spec.cron, { timezone: spec.timezone, paused: true }).nextRuns(count, from);
}

/** Fire times in (after, until], oldest first, at most `max` (the newest ones when there are more). */
export function fireTimesBetween(spec: ScheduleSpec, after: Date, until: Date, max: number): Date[] {
  const cron = new Cron(spec.cron, { timezone: spec.timezone, paused: true });
  const times: Date[] = [];
  for (let next = cron.nextRun(after); next && next.getTime() <= until.getTime(); next = cron.nextRun(next)) {
    times.push(next);
    if (times.length > max) times.shift();
  }
  return times;
}
