/**
 * The engine's type names (ColumnSpec.type, e.g. BIGINT, DECIMAL(8,2), TIMESTAMP WITH TIME ZONE) sorted into the
 * few families the rules and the profiler care about.
 */

/** The family of an engine type, as far as rules and profiles are concerned. */
export type ColumnKind =
  "integer" | "decimal" | "float" | "boolean" | "string" | "date" | "timestamp" | "timestamptz" | "other";

const INTEGER =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|INT[1248]?|LONG|SHORT)$/;

/** The family of an engine type name (`ColumnSpec.type`). */
export function columnKind(type: string): ColumnKind {
  const t = type.trim().toUpperCase();
  if (INTEGER.test(t)) return "integer";
  if (/^(DECIMAL|NUMERIC)(\(.*\))?$/.test(t)) return "decimal";
  if (t === "DOUBLE" || t === "FLOAT" || t === "REAL" || t === "FLOAT4" || t === "FLOAT8") return "float";
  if (t === "BOOLEAN" || t === "BOOL") return "boolean";
  if (t === "VARCHAR" || t === "STRING" || t === "TEXT" || t.startsWith("VARCHAR(")) return "string";
  if (t === "DATE") return "date";
  if (t === "TIMESTAMP WITH TIME ZONE" || t === "TIMESTAMPTZ") return "timestamptz";
  if (/^TIMESTAMP(_S|_MS|_NS)?$/.test(t) || t === "DATETIME") return "timestamp";
  return "other";
}

/** Integers, decimals and floats. */
export function isNumeric(kind: ColumnKind): boolean {
  return kind === "integer" || kind === "decimal" || kind === "float";
}

/** Dates and timestamps (with or without zone). */
export function isTemporal(kind: ColumnKind): boolean {
  return kind === "date" || kind === "timestamp" || kind === "timestamptz";
}
