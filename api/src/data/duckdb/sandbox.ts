/**
 * The DuckDB sandbox: settings applied once, on the instance, before any user SQL can run. Files are reachable
 * only under the allowed directories, no extension can be installed or loaded, nothing external (HTTP, other
 * databases' files) is reachable, and the configuration is then locked so no query can undo any of it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { stringLiteral } from "../sql.js";

export interface SandboxSettings {
  /** Absolute, resolved directories DuckDB may read and write (each gets a trailing "/"). */
  allowedDirectories: string[];
  /** Where DuckDB spills to disk when a query exceeds memory; must be inside an allowed directory. */
  spillDirectory: string;
  threads?: number;
  memoryLimit?: string;
}

export function sandboxStatements(settings: SandboxSettings): string[] {
  const dirs = settings.allowedDirectories.map((dir) => stringLiteral(dir.endsWith("/") ? dir : `${dir}/`));
  return [
    ...(settings.threads ? [`SET GLOBAL threads = ${Math.max(1, Math.floor(settings.threads))}`] : []),
    ...(settings.memoryLimit ? [`SET GLOBAL memory_limit = ${stringLiteral(settings.memoryLimit)}`] : []),
    `SET GLOBAL temp_directory = ${stringLiteral(settings.spillDirectory)}`,
    // Steps promise to keep the input order (windows, "first row" dedupe, FIRST limits).
    "SET GLOBAL preserve_insertion_order = true",
    "SET GLOBAL TimeZone = 'UTC'",
    // DuckDB caches the blocks of every external file it reads, bounded only by the memory limit (80% of RAM), and
    // keeps them after the file is deleted: with run outputs read once or twice, that is native memory growing with
    // every run (measured: ~24 KB per 2,000-row output). Outputs are read from the OS page cache instead.
    "SET GLOBAL enable_external_file_cache = false",
    "SET GLOBAL autoinstall_known_extensions = false",
    "SET GLOBAL autoload_known_extensions = false",
    `SET GLOBAL allowed_directories = [${dirs.join(", ")}]`,
    "SET GLOBAL enable_external_access = false",
    "SET GLOBAL lock_configuration = true",
  ];
}

/**
 * Applies the sandbox and checks it took: a sandbox that silently failed must not serve queries. `beforeLock`
 * runs once every setting but the lock is in place (e.g. to open connections with their own session settings,
 * which the lock then freezes like everything else).
 */
export async function applySandbox(
  connection: DuckDBConnection,
  settings: SandboxSettings,
  beforeLock?: () => Promise<void>,
): Promise<void> {
  const statements = sandboxStatements(settings);
  const lock = statements.pop();
  for (const statement of statements) await connection.run(statement);
  await beforeLock?.();
  if (lock) await connection.run(lock);
  const reader = await connection.runAndReadAll(
    "SELECT current_setting('enable_external_access') AS external, current_setting('lock_configuration') AS locked",
  );
  const row = reader.getRowObjects()[0];
  if (row?.["external"] !== false || row?.["locked"] !== true)
    throw new Error("the DuckDB sandbox settings did not take effect");
}
