/**
 * Checks on SQL that users wrote, before it is run or spliced into a query the adapter builds.
 * The sandbox settings (sandbox.ts) bound what a query can reach; these checks bound what a query can be.
 */
import { StatementType, type DuckDBConnection, type DuckDBPreparedStatement } from "@duckdb/node-api";
import { DataError } from "../data-engine.js";
import { toDataError } from "./errors.js";

/**
 * Prepares `sql` as exactly one SELECT (binding it against the connection's views) and returns the prepared
 * statement; anything else — several statements, COPY, ATTACH, INSTALL, SET, PRAGMA… — is a BAD_SQL DataError.
 */
export async function prepareSingleSelect(
  connection: DuckDBConnection,
  sql: string,
  keepSqlContext: boolean,
): Promise<DuckDBPreparedStatement> {
  let count: number;
  try {
    count = (await connection.extractStatements(sql)).count;
  } catch (error) {
    throw toDataError(error, { keepSqlContext });
  }
  if (count !== 1) {
    throw new DataError(
      count === 0 ? "the query is empty" : `only one SQL statement is allowed, found ${count}`,
      "BAD_SQL",
    );
  }
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await connection.prepare(sql);
  } catch (error) {
    const refused = /^Permission Error/.test(error instanceof Error ? error.message : "");
    // COPY/ATTACH to a forbidden path fail while preparing; say what the real problem is.
    if (refused && !/^\s*(with|select|from|values|\()/i.test(stripComments(sql))) throw notASelect(firstKeyword(sql));
    throw toDataError(error, { keepSqlContext });
  }
  if (prepared.statementType !== StatementType.SELECT || firstKeyword(sql) === "PRAGMA") {
    prepared.destroySync();
    throw notASelect(firstKeyword(sql));
  }
  return prepared;
}

function notASelect(what: string): DataError {
  return new DataError(`only a SELECT query is allowed here, not ${what}`, "BAD_SQL");
}

function firstKeyword(sql: string): string {
  return /^\s*([A-Za-z]+)/.exec(stripComments(sql))?.[1]?.toUpperCase() ?? "this statement";
}

function stripComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/--[^\n]*/g, " ");
}

/** The alias the expression gets in the probe query; anything else in the parse tree means it broke out. */
const PROBE_ALIAS = "__millrace_expression";

/**
 * Refuses anything but one scalar expression. The expression is parsed (never run) as `SELECT (\n<expr>\n) AS
 * alias`: only a plain SELECT of exactly that one aliased item, with no FROM, WHERE, GROUP BY, set operation,
 * CTE or modifier, proves the text cannot close the parenthesis and add clauses when the adapter splices it.
 */
export async function checkScalarExpression(connection: DuckDBConnection, expression: string): Promise<void> {
  if (expression.trim() === "") throw new DataError("the expression is empty", "BAD_SQL");
  const probe = `SELECT (\n${expression}\n) AS ${PROBE_ALIAS}`;
  const reader = await connection.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR) AS tree", [probe]);
  const text = reader.getRowObjects()[0]?.["tree"];
  const tree = JSON.parse(typeof text === "string" ? text : "{}") as ParseTree;
  if (tree.error) throw new DataError(`invalid SQL expression: ${tree.error_message ?? "does not parse"}`, "BAD_SQL");
  const statements = tree.statements ?? [];
  const node = statements[0]?.node;
  const ok =
    statements.length === 1 &&
    node?.type === "SELECT_NODE" &&
    node.select_list?.length === 1 &&
    node.select_list[0]?.alias === PROBE_ALIAS &&
    node.from_table?.type === "EMPTY" &&
    !node.where_clause &&
    !node.having &&
    !node.qualify &&
    !node.sample &&
    (node.group_expressions?.length ?? 0) === 0 &&
    (node.group_sets?.length ?? 0) === 0 &&
    (node.modifiers?.length ?? 0) === 0 &&
    (node.cte_map?.map?.length ?? 0) === 0;
  if (!ok)
    throw new DataError(
      "only a single SQL expression is allowed here (no clauses, statements or set operations)",
      "BAD_SQL",
    );
}

interface ParseTree {
  error?: boolean;
  error_message?: string;
  statements?: Array<{
    node?: {
      type?: string;
      select_list?: Array<{ alias?: string }>;
      from_table?: { type?: string };
      where_clause?: unknown;
      having?: unknown;
      qualify?: unknown;
      sample?: unknown;
      group_expressions?: unknown[];
      group_sets?: unknown[];
      modifiers?: unknown[];
      cte_map?: { map?: unknown[] };
    };
  }>;
}
