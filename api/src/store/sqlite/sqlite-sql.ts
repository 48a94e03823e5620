/**
 * SQL text for the SQLite adapter: identifiers, field expressions and filter conditions. Field names come from
 * the collection specs, never from users, but they are interpolated into SQL, so they are checked anyway.
 * Values are always bound parameters.
 */
import type Database from "better-sqlite3";
import type { Condition } from "../collections.js";
import { sqlValue } from "./sqlite-codec.js";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NON_ASCII = /[^\p{ASCII}]/u;
const CASEFOLD = "millrace_casefold";

/** Registers the SQL functions the generated SQL uses; once per connection. */
export function registerSqlFunctions(db: Database.Database): void {
  db.function(CASEFOLD, { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? value.toLowerCase() : value,
  );
}

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a safe SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * The SQL expression of a record field. Written exactly like the expression indexes (`json_extract(doc, '$.f')`)
 * because SQLite only uses an expression index when the query spells the same expression.
 */
export function fieldExpr(field: string): string {
  if (field === "id") return "id";
  if (field === "createdAt") return "created_at";
  identifier(field);
  return `json_extract(doc, '$.${field}')`;
}

export interface SqlWhere {
  /** " WHERE ..." or "" when there is no condition. */
  sql: string;
  params: (string | number)[];
}

export function whereClause(conditions: readonly Condition[], extra: readonly SqlWhere[] = []): SqlWhere {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const c of conditions) {
    const expr = fieldExpr(c.field);
    switch (c.op) {
      case "eq":
        parts.push(`${expr} = ?`);
        params.push(sqlValue(c.value));
        break;
      case "gte":
        parts.push(`${expr} >= ?`);
        params.push(sqlValue(c.value));
        break;
      case "lt":
        parts.push(`${expr} < ?`);
        params.push(sqlValue(c.value));
        break;
      case "in":
        // One bound JSON array instead of one placeholder per value keeps the SQL text (and its cached statement)
        // the same whatever the list length.
        parts.push(`${expr} IN (SELECT value FROM json_each(?))`);
        params.push(JSON.stringify(c.value.map(sqlValue)));
        break;
      case "contains":
        // instr, not LIKE: '%' and '_' in the needle must stay literal. SQLite's lower() folds ASCII only, which
        // decides the match exactly when the needle is ASCII; otherwise fold both sides like MongoDB's /i does.
        if (!NON_ASCII.test(c.value)) {
          parts.push(`instr(lower(${expr}), lower(?)) > 0`);
          params.push(c.value);
        } else {
          parts.push(`instr(${CASEFOLD}(${expr}), ?) > 0`);
          params.push(c.value.toLowerCase());
        }
        break;
      case "has":
        identifier(c.field);
        parts.push(`EXISTS (SELECT 1 FROM json_each(doc, '$.${c.field}') WHERE value = ?)`);
        params.push(sqlValue(c.value));
        break;
    }
  }
  for (const e of extra) {
    parts.push(e.sql);
    params.push(...e.params);
  }
  return { sql: parts.length === 0 ? "" : ` WHERE ${parts.join(" AND ")}`, params };
}
