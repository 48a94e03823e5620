/**
 * Reading MLflow request fields: POST/PATCH/DELETE bodies are JSON (protobuf JSON: int64 may come as strings,
 * doubles as "NaN"/"Infinity"), GET requests carry the same fields as query parameters.
 */
import { invalidParameter } from "./mlflow-errors.js";

export type Fields = Record<string, unknown>;

export const MAX_KEY_LENGTH = 250;
export const MAX_PARAM_VALUE_LENGTH = 6000;
export const MAX_TAG_VALUE_LENGTH = 8000;

export function fieldsOf(value: unknown): Fields {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

function first(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? (value[0] as unknown) : value;
}

export function optionalString(fields: Fields, name: string): string | undefined {
  const value = first(fields[name]);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalidParameter(`Parameter '${name}' must be a string`);
  return value;
}

export function requiredString(fields: Fields, name: string): string {
  const value = optionalString(fields, name);
  if (value === undefined || value === "") throw invalidParameter(`Missing value for required parameter '${name}'.`);
  return value;
}

/** An int64 as number or numeric string. */
export function optionalInt(fields: Fields, name: string): number | undefined {
  const value = first(fields[name]);
  if (value === undefined || value === null || value === "") return undefined;
  const number = typeof value === "string" && /^-?\d{1,19}$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number))
    throw invalidParameter(`Parameter '${name}' must be an integer, got ${JSON.stringify(value)}`);
  return number;
}

export function requiredInt(fields: Fields, name: string): number {
  const value = optionalInt(fields, name);
  if (value === undefined) throw invalidParameter(`Missing value for required parameter '${name}'.`);
  return value;
}

/** A double: a number, or "NaN", "Infinity", "-Infinity" (protobuf JSON). */
export function requiredDouble(fields: Fields, name: string): number {
  const value = first(fields[name]);
  if (typeof value === "number") return value;
  if (value === "NaN") return Number.NaN;
  if (value === "Infinity" || value === "inf") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity" || value === "-inf") return Number.NEGATIVE_INFINITY;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (value === undefined || value === null) throw invalidParameter(`Missing value for required parameter '${name}'.`);
  throw invalidParameter(`Parameter '${name}' must be a number, got ${JSON.stringify(value)}`);
}

/** A repeated string field (GET: the parameter repeated; JSON: an array). */
export function stringList(fields: Fields, name: string): string[] {
  const value = fields[name];
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.map((item) => {
    if (typeof item !== "string") throw invalidParameter(`Parameter '${name}' must be a list of strings`);
    return item;
  });
}

export function objectList(fields: Fields, name: string): Fields[] {
  const value = fields[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(`Parameter '${name}' must be a list`);
  return value.map((item) => {
    if (item === null || typeof item !== "object" || Array.isArray(item))
      throw invalidParameter(`Parameter '${name}' must be a list of objects`);
    return item as Fields;
  });
}

export interface KeyValue {
  key: string;
  value: string;
}

/** `[{key, value}]` with MLflow's limits on key and value lengths. */
export function keyValues(fields: Fields, name: string, maxValue: number): KeyValue[] {
  return objectList(fields, name).map((item) => keyValue(item, maxValue, name));
}

export function keyValue(item: Fields, maxValue: number, what: string): KeyValue {
  const key = requiredString(item, "key");
  checkKey(key, what);
  const raw = first(item["value"]);
  const value =
    raw === undefined || raw === null
      ? ""
      : typeof raw === "string"
        ? raw
        : typeof raw === "number" || typeof raw === "boolean"
          ? String(raw)
          : JSON.stringify(raw);
  if (value.length > maxValue)
    throw invalidParameter(
      `'${what}' value of '${key}' had length ${value.length}, which exceeded length limit of ${maxValue}`,
    );
  return { key, value };
}

/** MLflow's rule for metric, param and tag names. */
export function checkKey(key: string, what: string): void {
  if (key.length > MAX_KEY_LENGTH)
    throw invalidParameter(`'${what}' name '${key.slice(0, 40)}…' exceeded length limit of ${MAX_KEY_LENGTH}`);
  if (
    !/^[\w\-./ :]+$/u.test(key) ||
    key.split("/").some((part) => part === ".." || part === ".") ||
    key.startsWith("/")
  )
    throw invalidParameter(
      `Invalid ${what} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).`,
    );
}

export function toMap(pairs: readonly KeyValue[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const { key, value } of pairs) map[key] = value;
  return map;
}

export function fromMap(map: Record<string, unknown> | undefined): KeyValue[] {
  return Object.entries(map ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value: typeof value === "string" ? value : JSON.stringify(value) }));
}

/** Offsets as page tokens (opaque to clients). */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64");
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8")) as { offset?: unknown };
    if (typeof parsed.offset === "number" && Number.isSafeInteger(parsed.offset) && parsed.offset >= 0)
      return parsed.offset;
  } catch {
    // fall through
  }
  throw invalidParameter("Invalid page token");
}

export function maxResults(fields: Fields, fallback: number, limit: number): number {
  const value = optionalInt(fields, "max_results") ?? fallback;
  if (value < 1 || value > limit)
    throw invalidParameter(`Invalid value ${value} for parameter 'max_results' supplied. It must be at most ${limit}.`);
  return value;
}

/** One page of an in-memory result, MLflow style: `max_results` items from the offset in `page_token`. */
export function pageOf<T>(
  items: T[],
  maxResults: number,
  pageToken: string | undefined,
): { items: T[]; nextPageToken: string | null } {
  const offset = decodePageToken(pageToken);
  const slice = items.slice(offset, offset + maxResults);
  return {
    items: slice,
    nextPageToken: offset + maxResults < items.length ? encodePageToken(offset + maxResults) : null,
  };
}
