/**
 * DuckDB values to JSON-safe values for previews and query results: integers as numbers while exact (else
 * strings), dates as YYYY-MM-DD, timestamps as ISO strings, non-finite doubles as strings, nested types recursively.
 */
import {
  arrayFromArrayValue,
  arrayFromListValue,
  DuckDBTypeId,
  objectArrayFromMapValue,
  objectFromStructValue,
  objectFromUnionValue,
  type DuckDBValueConverter,
} from "@duckdb/node-api";
import type { JsonValue } from "../data-engine.js";

export const toJsonValue: DuckDBValueConverter<JsonValue> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return Boolean(value);
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      return finiteOrString(Number(value));
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return exactInteger(value as bigint);
    case DuckDBTypeId.DECIMAL: {
      // Up to 15 significant digits a double holds exactly; wider decimals stay text.
      const text = String(value);
      return text.replace(/[-.]/g, "").replace(/^0+/, "").length <= 15 ? Number(text) : text;
    }
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return String(value);
    case DuckDBTypeId.DATE:
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return isoTimestamp(String(value), type.typeId === DuckDBTypeId.TIMESTAMP_TZ);
    case DuckDBTypeId.LIST:
      return arrayFromListValue(value, type, converter);
    case DuckDBTypeId.ARRAY:
      return arrayFromArrayValue(value, type, converter);
    case DuckDBTypeId.STRUCT:
      return objectFromStructValue(value, type, converter);
    case DuckDBTypeId.MAP:
      return objectArrayFromMapValue(value, type, converter);
    case DuckDBTypeId.UNION:
      return objectFromUnionValue(value, type, converter);
    default:
      // TIME, INTERVAL, BLOB, BIT…: DuckDB's own text form is the readable one.
      return String(value);
  }
};

function finiteOrString(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

function exactInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

// DuckDB prints "2024-01-02 03:04:05.123456" (and "+00" for TIMESTAMPTZ, in the session's zone, UTC here);
// ISO 8601 wants a "T", and keeping DuckDB's digits keeps the microseconds a Date would drop.
function isoTimestamp(text: string, withZone: boolean): string {
  const match = /^(-?\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2}(?::?\d{2})?)?$/.exec(text);
  if (!match) return text;
  const zone = match[3] ? (match[3].length === 3 ? `${match[3]}:00` : match[3]) : withZone ? "Z" : "";
  return `${match[1]}T${match[2]}${zone === "+00:00" ? "Z" : zone}`;
}
