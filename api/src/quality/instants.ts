/**
 * ISO dates and timestamps in configs. Values without a zone are read as UTC: the engine runs in UTC, and a
 * rule must mean the same instant whatever the server's local zone is.
 */

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Milliseconds since the epoch, or null when `text` is not an ISO date/timestamp (or not a real day). */
export function instantMillis(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [, day, time, zone] = match;
  // JS reads 2024-02-30 as March 1st: round-trip the day to refuse it.
  const dayMillis = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(dayMillis) || new Date(dayMillis).toISOString().slice(0, 10) !== day) return null;
  const millis = Date.parse(`${day}T${time ?? "00:00:00"}${normalZone(zone)}`);
  return Number.isNaN(millis) ? null : millis;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC, for SQL literals. */
export function utcText(millis: number): string {
  return new Date(millis).toISOString().replace("T", " ").replace("Z", "");
}

/** ISO 8601 in UTC, for results. */
export function isoText(millis: number): string {
  return new Date(millis).toISOString();
}

function normalZone(zone: string | undefined): string {
  if (!zone || zone === "Z") return "Z";
  const digits = zone.slice(1).replace(":", "");
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || "00"}`;
}
