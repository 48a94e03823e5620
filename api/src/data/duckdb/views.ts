/**
 * Stored views: an output that is a SELECT over other outputs instead of a Parquet file. Its definition is a
 * small JSON file in the run folder (`runs/<runId>/<nodeId>.view`), so it survives restarts, is archived like
 * any run output, and every reader (next steps, previews, exports, scans) runs it again over its inputs.
 */
import { readFile } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DataError, type ColumnSpec } from "../data-engine.js";
import { isViewLocation } from "../run-outputs.js";
import { ident, stringLiteral } from "../sql.js";

export interface ViewDefinition {
  version: 1;
  /** One SELECT over `inputs`, already checked when the view was defined. */
  sql: string;
  /** Name in `sql` → stored location (a Parquet output or another view). */
  inputs: Record<string, string>;
  columns: ColumnSpec[];
}

// A chain this deep is a mistake (or a loop between tampered files), not a pipeline.
const MAX_DEPTH = 200;

export function serializeView(definition: ViewDefinition): string {
  return `${JSON.stringify(definition)}\n`;
}

/**
 * A SELECT that reads the stored output at `location`: `read_parquet` of its file, or the view's SQL with its
 * inputs bound as CTEs (each expanded the same way). `fileOf` gives a location's local file (fetching it first
 * when it lives in an archive only).
 */
export async function sourceSelect(
  location: string,
  fileOf: (location: string) => Promise<string>,
  depth = 0,
): Promise<string> {
  const file = await fileOf(location);
  if (!isViewLocation(location)) return `SELECT * FROM read_parquet(${stringLiteral(file)})`;
  if (depth >= MAX_DEPTH)
    throw new DataError(`the view "${location}" nests more than ${MAX_DEPTH} views`, "ENGINE", { file: location });
  const definition = await readView(location, file);
  const ctes: string[] = [];
  for (const [name, input] of Object.entries(definition.inputs))
    ctes.push(`${ident(name)} AS (\n${await sourceSelect(input, fileOf, depth + 1)}\n)`);
  // The view's own SELECT sits in a subquery, so it may start with WITH too; it still sees the CTEs.
  const body = `SELECT * FROM (\n${definition.sql}\n)`;
  return ctes.length > 0 ? `WITH ${ctes.join(",\n")}\n${body}` : body;
}

async function readView(location: string, file: string): Promise<ViewDefinition> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new DataError(`run output "${location}" does not exist (removed by retention?)`, "NOT_FOUND", {
        file: location,
      });
    throw error;
  }
  let parsed: Partial<ViewDefinition> = {};
  try {
    parsed = JSON.parse(text) as Partial<ViewDefinition>;
  } catch {
    // Reported below as an invalid definition.
  }
  const inputs = parsed.inputs;
  if (
    parsed.version !== 1 ||
    typeof parsed.sql !== "string" ||
    typeof inputs !== "object" ||
    inputs === null ||
    !Object.values(inputs).every((value) => typeof value === "string") ||
    !Array.isArray(parsed.columns)
  )
    throw new DataError(`run output "${location}" is not a valid view definition`, "ENGINE", { file: location });
  return parsed as ViewDefinition;
}

// Parsed as column references, bound as functions whose value changes from one query to the next.
const CLOCK_KEYWORDS = new Set(["current_date", "current_time", "current_timestamp", "localtime", "localtimestamp"]);

/**
 * The names of functions whose result may change between two evaluations over the same rows: random and
 * sequence functions, the clock (same within a query only), and macros, whose stability DuckDB does not state.
 */
export async function unstableFunctions(connection: DuckDBConnection): Promise<Set<string>> {
  const reader = await connection.runAndReadAll(
    `SELECT DISTINCT lower(function_name) AS name FROM duckdb_functions()
     WHERE function_type IN ('scalar', 'macro') AND coalesce(stability, '') <> 'CONSISTENT'`,
  );
  return new Set(reader.getRowObjects().map((row) => String(row["name"])));
}

/**
 * True when the expression gives the same values each time it is evaluated over the same rows: no unstable
 * function (see above), no clock keyword, no subquery or table function (which could read a file that changes),
 * no window function (whose result may depend on the order rows arrive in).
 */
export async function isRepeatableExpression(
  connection: DuckDBConnection,
  expression: string,
  unstable: ReadonlySet<string>,
): Promise<boolean> {
  const reader = await connection.runAndReadAll("SELECT json_serialize_sql($1::VARCHAR) AS tree", [
    `SELECT (\n${expression}\n) AS probe`,
  ]);
  const text = reader.getRowObjects()[0]?.["tree"];
  const tree: unknown = JSON.parse(typeof text === "string" ? text : "{}");
  if (typeof tree !== "object" || tree === null || (tree as { error?: unknown }).error === true) return false;
  return isRepeatableNode(tree, unstable);
}

function isRepeatableNode(node: unknown, unstable: ReadonlySet<string>): boolean {
  if (Array.isArray(node)) return node.every((item) => isRepeatableNode(item, unstable));
  if (typeof node !== "object" || node === null) return true;
  const record = node as Record<string, unknown>;
  if (record["class"] === "SUBQUERY" || record["class"] === "WINDOW" || record["type"] === "TABLE_FUNCTION")
    return false;
  if (record["class"] === "FUNCTION" && unstable.has(String(record["function_name"]).toLowerCase())) return false;
  if (record["class"] === "COLUMN_REF") {
    const names = record["column_names"];
    if (Array.isArray(names) && names.length === 1 && CLOCK_KEYWORDS.has(String(names[0]).toLowerCase())) return false;
  }
  return Object.values(record).every((value) => isRepeatableNode(value, unstable));
}
