import { CombinedGraphQLErrors } from "@apollo/client/errors";
import { describe, expect, it } from "vitest";
import { formatFireTime, localScheduleErrors, scheduleErrorsOf, scheduleForm, scheduleInput } from "./schedule-form";

describe("schedule form", () => {
  it("starts a new schedule from the API's defaults in the given time zone, and round-trips a saved one", () => {
    expect(scheduleForm(null, "Europe/Oslo")).toEqual({
      cron: "0 3 * * *",
      timezone: "Europe/Oslo",
      enabled: true,
      overlap: "SKIP",
      catchUp: "LATEST",
      catchUpLimit: "10",
    });
    const saved = {
      cron: "*/5 * * * *",
      timezone: "UTC",
      enabled: false,
      overlap: "QUEUE",
      catchUp: "ALL",
      catchUpLimit: 3,
    } as const;
    expect(scheduleInput(scheduleForm(saved, "UTC"))).toEqual(saved);
  });

  it("flags what the browser can see is wrong", () => {
    const form = { ...scheduleForm(null, "UTC"), cron: "0 3 *", timezone: " ", catchUpLimit: "1.5" };
    expect(Object.keys(localScheduleErrors(form)).sort()).toEqual(["catchUpLimit", "cron", "timezone"]);
    expect(localScheduleErrors(scheduleForm(null, "UTC"))).toEqual({});
  });

  it("puts the API's field errors on their fields and the rest on the form", () => {
    const error = new CombinedGraphQLErrors({
      errors: [
        {
          message: 'schedule.timezone: "Mars/Base" is not an IANA time zone',
          extensions: { code: "BAD_USER_INPUT", field: "schedule.timezone" },
        },
        { message: "this needs the EDITOR role", extensions: { code: "FORBIDDEN" } },
      ],
    });
    expect(scheduleErrorsOf(error)).toEqual({
      timezone: '"Mars/Base" is not an IANA time zone',
      form: "this needs the EDITOR role",
    });
    expect(scheduleErrorsOf(new Error("Failed to fetch"))).toEqual({ form: "Failed to fetch" });
  });

  it("shows fire times in the schedule's own time zone", () => {
    expect(formatFireTime("2026-11-27T01:30:00.000Z", "Europe/Oslo")).toBe("Fri, Nov 27, 2026, 02:30 GMT+1");
    expect(formatFireTime("2026-07-01T01:30:00.000Z", "Europe/Oslo")).toBe("Wed, Jul 1, 2026, 03:30 GMT+2");
    expect(formatFireTime("2026-11-27T01:30:00.000Z", "UTC")).toBe("Fri, Nov 27, 2026, 01:30 UTC");
  });
});
