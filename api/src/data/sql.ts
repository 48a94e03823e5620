/**
 * Quoting for the SQL the steps build. Identifiers and literals from configs always go through these;
 * user-written SQL (expressions, queries) goes through the engine's checks instead.
 */

/** A double-quoted identifier ("a""b" for a"b). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted string literal ('it''s'). */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL literal for a config value (string, finite number or boolean). */
export function literal(value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
    return Number.isInteger(value) ? String(value) : value.toExponential();
  }
  return stringLiteral(value);
}

/** `a, b, c` with each name quoted. */
export function identList(names: readonly string[]): string {
  return names.map(ident).join(", ");
}
