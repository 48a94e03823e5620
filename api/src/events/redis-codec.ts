/**
 * JSON for what crosses Redis (bus messages, step jobs and their results), keeping `Date`s: a subscriber in another
 * process gets the same shapes the in-memory bus hands out (run records, events and log lines carry Dates).
 *
 * A Date becomes `{"$date": "<ISO>"}`; an object that itself has a `$date` or `$esc` key is wrapped as
 * `{"$esc": {...}}`, so user data can never be mistaken for a tag. Everything else follows JSON.stringify's rules
 * (undefined and functions dropped in objects, null in arrays; `toJSON` honoured).
 */

const DATE = "$date";
const ESCAPE = "$esc";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON-safe copy of `value` with Dates tagged. */
export function toWire(value: unknown): Json {
  return encode(value, true) ?? null;
}

/** The inverse of `toWire`, applied to parsed JSON. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === DATE && typeof record[DATE] === "string") return new Date(record[DATE]);
  if (keys.length === 1 && keys[0] === ESCAPE && isPlainObject(record[ESCAPE])) return decodeEntries(record[ESCAPE]);
  return decodeEntries(record);
}

export function encodeMessage(value: unknown): string {
  return JSON.stringify(toWire(value));
}

export function decodeMessage(text: string): unknown {
  return fromWire(JSON.parse(text));
}

/** `undefined` where JSON.stringify would leave the value out of an object. */
function encode(value: unknown, top: boolean): Json | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "undefined":
    case "function":
    case "symbol":
      return top ? null : undefined;
    case "bigint":
      throw new TypeError("a BigInt cannot cross Redis as JSON");
    case "object":
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : { [DATE]: value.toISOString() };
  if (Array.isArray(value)) return value.map((item) => encode(item, false) ?? null);
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === "function") return encode((withJson.toJSON as () => unknown).call(value), top);
  const entries: Array<[string, Json]> = [];
  for (const [key, item] of Object.entries(value)) {
    const encoded = encode(item, false);
    if (encoded !== undefined) entries.push([key, encoded]);
  }
  const object: { [key: string]: Json } = Object.fromEntries(entries);
  return Object.hasOwn(object, DATE) || Object.hasOwn(object, ESCAPE) ? { [ESCAPE]: object } : object;
}

/** Object.fromEntries defines properties, so a `__proto__` key stays data and never becomes a prototype. */
function decodeEntries(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, fromWire(item)]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
