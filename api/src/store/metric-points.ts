/**
 * What both adapters share about metric histories: how a double that JSON and BSON stores cannot all hold (NaN,
 * ±Infinity) is kept, the history page cursor (an offset), and MLflow's rule for a metric's latest value.
 */
import { BadInputError } from "../common/errors.js";
import type { MetricPoint } from "./records.js";

export const MAX_HISTORY_PAGE = 25_000;

export type SpecialValue = "NaN" | "Infinity" | "-Infinity" | null;

/** A value as (finite number or null, special marker). */
export function encodeMetricValue(value: number): { value: number | null; special: SpecialValue } {
  if (Number.isFinite(value)) return { value, special: null };
  if (Number.isNaN(value)) return { value: null, special: "NaN" };
  return { value: null, special: value > 0 ? "Infinity" : "-Infinity" };
}

export function decodeMetricValue(value: unknown, special: unknown): number {
  if (special === "NaN") return Number.NaN;
  if (special === "Infinity") return Number.POSITIVE_INFINITY;
  if (special === "-Infinity") return Number.NEGATIVE_INFINITY;
  return typeof value === "number" ? value : Number.NaN;
}

export function checkHistoryPage(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_HISTORY_PAGE) {
    throw new BadInputError("first", `must be an integer from 1 to ${MAX_HISTORY_PAGE}`);
  }
  return first;
}

export function encodeOffset(offset: number): string {
  return Buffer.from(`o${offset}`).toString("base64url");
}

export function decodeOffset(cursor: string | null | undefined): number {
  if (cursor == null || cursor === "") return 0;
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^o(\d{1,12})$/.exec(text);
  if (!match) throw new BadInputError("after", "not a cursor returned by this API");
  return Number(match[1]);
}

/** True when `a` is later than `b` by MLflow's rule: higher step, then later timestamp, then higher value. */
export function isLater(a: MetricPoint, b: MetricPoint): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  const [va, vb] = [Number.isNaN(a.value) ? -Infinity : a.value, Number.isNaN(b.value) ? -Infinity : b.value];
  return va > vb;
}

/** The latest point of each key among `points` (logging order breaks full ties: the later one wins). */
export function latestOf(points: Iterable<MetricPoint>): Map<string, MetricPoint> {
  const latest = new Map<string, MetricPoint>();
  for (const point of points) {
    const current = latest.get(point.key);
    if (!current || !isLater(current, point)) latest.set(point.key, point);
  }
  return latest;
}
