/**
 * The DuckDB adapter of the DataEngine port. One DuckDB instance per process (sandboxed, see sandbox.ts); every
 * call gets its own connection, so a call's query can be interrupted without touching the others, and its input
 * views (temporary, per connection) vanish with it. DuckDB runs queries on its own threads: the event loop only
 * waits, and rows are never looped over in JS except for the small results of previews and queries.
 */
import { mkdir, mkdtemp, realpath, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement } from "@duckdb/node-api";
import type { StepOutput } from "../../engine/step-runtime.js";
import { writeAtomically } from "../atomic-file.js";
import {
  DataError,
  type ColumnSpec,
  type DataEngine,
  type ExportRequest,
  type FileFormat,
  type JsonRow,
  type MaterializeRequest,
  type NamedInputs,
  type OutputTarget,
  type Preview,
  type QueryOptions,
  type ReadFileRequest,
  type RetentionOptions,
  type RetentionReport,
  type RunOptions,
  type ViewRequest,
} from "../data-engine.js";
import { isArchivedLocation, type OutputArchive } from "../output-archive.js";
import { collectRunOutputs, ENGINE_FOLDERS, isViewLocation, runFile, VIEW_EXTENSION } from "../run-outputs.js";
import { ident, stringLiteral } from "../sql.js";
import { DenseGroupConnections, type TempObject } from "./dense-groups.js";
import { toDataError, type ErrorContext } from "./errors.js";
import { diagnoseCsv, fileSource, type FileSourceLimits } from "./file-sources.js";
import { toJsonValue } from "./json-values.js";
import { applySandbox } from "./sandbox.js";
import { checkScalarExpression, prepareSingleSelect } from "./sql-guard.js";
import {
  isRepeatableExpression,
  serializeView,
  sourceSelect,
  unstableFunctions,
  type ViewDefinition,
} from "./views.js";

export interface DuckDbEngineOptions {
  dataDir: string;
  /** Read-only sample data shipped with Millrace (e.g. data/hmp). */
  samplesDir: string;
  /** DuckDB's spill folder and downloads; default: a fresh folder under the OS temp dir, removed on close. */
  tempDir?: string;
  threads?: number;
  /** e.g. "4GB"; default DuckDB's (80% of RAM). */
  memoryLimit?: string;
  /** Longest CSV line accepted (default 1 MiB): longer means a huge field or an unclosed quote. */
  csvMaxLineBytes?: number;
  /**
   * Where run outputs are also kept (see output-archive.ts): each one written under `runs/` is uploaded before
   * the call returns, and one missing locally is downloaded before it is read. Unset: DATA_DIR only.
   */
  archive?: OutputArchive;
}

export interface DuckDbEngine extends DataEngine {
  readonly samplesDir: string;
  /** Inside DuckDB's allowed directories: a place for downloads before they are read. */
  readonly tempDir: string;
}

const DEFAULT_CSV_MAX_LINE_BYTES = 1 << 20;

// Run outputs are written once, read by the next steps and dropped by retention: writing speed matters most.
// Measured on the ETL benchmark, LZ4 with Parquet v2 encodings writes 15% faster than DuckDB's default (Snappy,
// v1) and 35% smaller; every current Parquet reader (DuckDB, Arrow, pandas, Spark) reads v2.
const RUN_OUTPUT_PARQUET = "FORMAT parquet, COMPRESSION lz4_raw, PARQUET_VERSION V2";

const EXPORT_OPTIONS: Record<FileFormat, string> = {
  CSV: "FORMAT csv, HEADER true",
  PARQUET: "FORMAT parquet, COMPRESSION zstd",
  JSON: "FORMAT json",
};

let openInstances = 0;

/** Opens the process's DuckDB engine (refused while another one is open: there is one per process). */
export async function openDuckDbEngine(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
  if (openInstances > 0) throw new Error("a DuckDB engine is already open in this process; share it or close it first");
  openInstances++;
  try {
    await mkdir(options.dataDir, { recursive: true });
    const dataDir = await realpath(options.dataDir);
    const engineDirs = ENGINE_FOLDERS.map((folder) => path.join(dataDir, folder));
    for (const dir of engineDirs) await mkdir(dir, { recursive: true });
    const samplesDir = await realpath(options.samplesDir);
    const ownTemp = options.tempDir === undefined;
    const tempDir = await realpath(options.tempDir ?? (await mkdtemp(path.join(os.tmpdir(), "millrace-duckdb-"))));
    const spill = path.join(tempDir, "spill");
    await mkdir(spill, { recursive: true });
    const instance = await DuckDBInstance.create(":memory:");
    const setup = await instance.connect();
    let dense: DenseGroupConnections | null = null;
    try {
      await applySandbox(
        setup,
        {
          allowedDirectories: [...engineDirs, samplesDir, tempDir],
          spillDirectory: spill,
          ...(options.threads !== undefined ? { threads: options.threads } : {}),
          ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
        },
        async () => {
          dense = await DenseGroupConnections.open(instance);
        },
      );
    } catch (error) {
      instance.closeSync();
      throw error;
    } finally {
      setup.closeSync();
    }
    return new DuckDbEngineImpl(
      instance,
      dataDir,
      samplesDir,
      tempDir,
      ownTemp,
      { csvMaxLineBytes: options.csvMaxLineBytes ?? DEFAULT_CSV_MAX_LINE_BYTES },
      options.archive ?? null,
      dense,
    );
  } catch (error) {
    openInstances--;
    throw error;
  }
}

class DuckDbEngineImpl implements DuckDbEngine {
  private closed = false;
  private readonly active = new Set<DuckDBConnection>();
  /** Archive downloads in progress, by location: concurrent readers of one missing output share one. */
  private readonly downloads = new Map<string, Promise<void>>();
  private unstable: Promise<Set<string>> | null = null;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly dataDir: string,
    readonly samplesDir: string,
    readonly tempDir: string,
    private readonly ownsTempDir: boolean,
    private readonly limits: FileSourceLimits,
    private readonly archive: OutputArchive | null,
    private readonly dense: DenseGroupConnections | null,
  ) {}

  outputLocation(target: OutputTarget): string {
    return runFile(target, "parquet");
  }

  async materialize(request: MaterializeRequest): Promise<StepOutput> {
    const context: ErrorContext = { keepSqlContext: request.userWritten === true };
    return this.withConnection(request, context, async (session) => {
      await session.createInputViews(request.inputs ?? {}, request.rowNumberColumn);
      const prepared = await prepareSingleSelect(session.connection, request.sql, context.keepSqlContext ?? false);
      const columns = columnsOf(prepared);
      prepared.destroySync();
      assertUniqueNames(columns);
      return this.writeOutput(session, request.output, request.sql, columns);
    });
  }

  async defineView(request: ViewRequest): Promise<StepOutput> {
    return this.withConnection(request, {}, async (session) => {
      await session.createInputViews(request.inputs);
      const prepared = await prepareSingleSelect(session.connection, request.sql, false);
      const columns = columnsOf(prepared);
      prepared.destroySync();
      assertUniqueNames(columns);
      let rows = request.rows;
      const evaluate = request.evaluate ?? [];
      if (rows === undefined || evaluate.length > 0) {
        // max(hash(column)) needs every value of the column, which count(column) may not (statistics).
        const probes = evaluate.map((name, i) => `, max(hash(${ident(name)})) AS ${ident(`v${i}`)}`).join("");
        const [counted] = await session.rows(`SELECT count(*) AS n${probes} FROM (\n${request.sql}\n)`);
        rows = Number(counted?.["n"] ?? 0);
      }
      const location = runFile(request.output, VIEW_EXTENSION);
      const file = this.resolveLocation(location);
      const definition: ViewDefinition = { version: 1, sql: request.sql, inputs: { ...request.inputs }, columns };
      await writeAtomically(file, (temp) => writeFile(temp, serializeView(definition)));
      await this.archiveOutput(location, file);
      return { location, rows, bytes: null, columns };
    });
  }

  async isRepeatable(expression: string): Promise<boolean> {
    return this.withConnection({}, {}, async (session) => {
      this.unstable ??= unstableFunctions(session.connection).catch((error: unknown) => {
        this.unstable = null;
        throw error;
      });
      return isRepeatableExpression(session.connection, expression, await this.unstable);
    });
  }

  async readFile(request: ReadFileRequest): Promise<StepOutput> {
    const displayName = request.displayName ?? request.file;
    const context: ErrorContext = { file: displayName };
    return this.withConnection(request, context, async (session) => {
      const sql = `SELECT * FROM ${fileSource(request.file, request.format, request.csv ?? {}, this.limits)}`;
      try {
        return await this.writeOutput(session, request.output, sql, null);
      } catch (error) {
        const readable = toDataError(error, context);
        if (request.format !== "CSV" || readable.code !== "BAD_DATA" || (readable.location.line ?? 0) > 1)
          throw readable;
        // The sniffer failed, or blamed line 1: the strict pass says which line is wrong.
        session.throwIfAborted();
        throw (
          (await diagnoseCsv(session.connection, request.file, request.csv ?? {}, this.limits, displayName)) ?? readable
        );
      }
    });
  }

  async exportTo(request: ExportRequest): Promise<{ rows: number; bytes: number }> {
    const source = await this.sourceSelect(request.location);
    return this.withConnection(request, {}, async (session) => {
      const rows = await writeAtomically(
        request.file,
        async (temp) => {
          const result = await session.run(
            `COPY (\n${source}\n) TO ${stringLiteral(temp)} (${EXPORT_OPTIONS[request.format]})`,
          );
          return result.rowsChanged;
        },
        { durable: true },
      );
      // A converted copy in a run folder (the convert step) is a run output too.
      const relative = path.relative(this.dataDir, request.file).split(path.sep).join("/");
      if (isInside(this.dataDir, request.file)) await this.archiveOutput(relative, request.file);
      return { rows, bytes: (await stat(request.file)).size };
    });
  }

  async describe(sql: string, inputs: NamedInputs = {}): Promise<ColumnSpec[]> {
    return this.withConnection({}, { keepSqlContext: true }, async (session) => {
      await session.createInputViews(inputs);
      const prepared = await prepareSingleSelect(session.connection, sql, true);
      try {
        return columnsOf(prepared);
      } finally {
        prepared.destroySync();
      }
    });
  }

  async checkExpression(expression: string): Promise<void> {
    await this.withConnection({}, {}, (session) => checkScalarExpression(session.connection, expression));
  }

  async preview(location: string, limit: number): Promise<Preview> {
    const source = await this.sourceSelect(location);
    const rows = Math.max(0, Math.min(Math.floor(limit), 100_000));
    return this.withConnection({}, {}, async (session) => {
      const reader = await session.connection.runAndReadAll(`SELECT * FROM (\n${source}\n) LIMIT ${rows}`);
      const columns = reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i).toString() }));
      return { columns, rows: reader.convertRowObjects(toJsonValue) };
    });
  }

  async query(sql: string, inputs: NamedInputs = {}, options: QueryOptions = {}): Promise<JsonRow[]> {
    const maxRows = Math.max(0, Math.floor(options.maxRows ?? 10_000));
    return this.withConnection(options, { keepSqlContext: true }, async (session) => {
      await session.createInputViews(inputs, options.rowNumberColumn);
      const prepared = await prepareSingleSelect(session.connection, sql, true);
      try {
        session.throwIfAborted();
        const reader = await prepared.streamAndReadUntil(maxRows);
        return (reader.convertRowObjects(toJsonValue) as JsonRow[]).slice(0, maxRows);
      } finally {
        prepared.destroySync();
      }
    });
  }

  async *scan(location: string, batchSize: number, options: RunOptions = {}): AsyncGenerator<JsonRow[]> {
    if (this.closed) throw new DataError("the data engine is closed", "ENGINE");
    const { signal } = options;
    const source = await this.sourceSelect(location);
    const connection = await this.instance.connect();
    this.active.add(connection);
    const onAbort = () => connection.interrupt();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      const result = await connection.stream(source);
      const names = result.columnNames();
      let batch: JsonRow[] = [];
      for (;;) {
        if (signal?.aborted) throw new DataError(`interrupted: ${reasonOf(signal)}`, "INTERRUPTED");
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (const values of chunk.convertRows(toJsonValue)) {
          const row: JsonRow = {};
          for (let i = 0; i < names.length; i++) row[names[i] as string] = values[i] ?? null;
          batch.push(row);
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      if (batch.length > 0) yield batch;
    } catch (error) {
      if (signal?.aborted) throw new DataError(`interrupted: ${reasonOf(signal)}`, "INTERRUPTED");
      throw toDataError(error, { file: location });
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.active.delete(connection);
      connection.closeSync();
    }
  }

  collectRunOutputs(options: RetentionOptions): Promise<RetentionReport> {
    return collectRunOutputs(this.dataDir, options);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.active) connection.interrupt();
    this.dense?.closeAll();
    this.instance.closeSync();
    openInstances--;
    if (this.ownsTempDir) await rm(this.tempDir, { recursive: true, force: true });
  }

  /** A SELECT reading a stored output: its Parquet file, or the view's query over its own inputs. */
  private sourceSelect(location: string): Promise<string> {
    return sourceSelect(location, (part) => this.localFile(part));
  }

  /** Absolute path of a stored output; refuses anything outside the data directory. */
  private resolveLocation(location: string): string {
    const file = path.resolve(this.dataDir, location);
    if (!isInside(this.dataDir, file))
      throw new DataError(`output location "${location}" is outside the data directory`, "FORBIDDEN");
    return file;
  }

  /** The local file of a stored output; one missing here is fetched from the archive first, when there is one. */
  private async localFile(location: string): Promise<string> {
    const file = this.resolveLocation(location);
    const relative = path.relative(this.dataDir, file).split(path.sep).join("/");
    if (!this.archive || !isArchivedLocation(relative)) return file;
    if (
      await stat(file).then(
        () => true,
        () => false,
      )
    )
      return file;
    let pending = this.downloads.get(relative);
    if (!pending) {
      pending = this.fetchFromArchive(this.archive, relative, file).finally(() => this.downloads.delete(relative));
      this.downloads.set(relative, pending);
    }
    await pending;
    return file;
  }

  // An output the archive does not have either is left missing: reading it then fails as NOT_FOUND.
  private async fetchFromArchive(archive: OutputArchive, location: string, file: string): Promise<void> {
    try {
      await archive.download(location, file);
    } catch (error) {
      throw new DataError(
        `could not fetch run output "${location}" from ${archive.description}: ${messageOf(error)}`,
        "ENGINE",
        { file: location },
      );
    }
  }

  /** Uploads a run output just written (no-op without an archive, or for files outside run folders). */
  private async archiveOutput(location: string, file: string): Promise<void> {
    if (!this.archive || !isArchivedLocation(location)) return;
    try {
      await this.archive.upload(location, file);
    } catch (error) {
      throw new DataError(
        `could not archive run output "${location}" to ${this.archive.description}: ${messageOf(error)}`,
        "ENGINE",
        { file: location },
      );
    }
  }

  private async writeOutput(
    session: Session,
    target: OutputTarget,
    sql: string,
    known: ColumnSpec[] | null,
  ): Promise<StepOutput> {
    const location = this.outputLocation(target);
    const file = this.resolveLocation(location);
    const rows = await writeAtomically(file, async (temp) => {
      const result = await session.run(`COPY (\n${sql}\n) TO ${stringLiteral(temp)} (${RUN_OUTPUT_PARQUET})`);
      return result.rowsChanged;
    });
    const columns = known ?? (await session.describeParquet(file));
    await this.archiveOutput(location, file);
    return { location, rows, bytes: (await stat(file)).size, columns };
  }

  private async withConnection<T>(
    options: RunOptions & { denseGroups?: boolean },
    context: ErrorContext,
    work: (session: Session) => Promise<T>,
  ): Promise<T> {
    if (this.closed) throw new DataError("the data engine is closed", "ENGINE");
    const { signal } = options;
    const abortedError = () => new DataError(`interrupted: ${reasonOf(signal)}`, "INTERRUPTED");
    if (signal?.aborted) throw abortedError();
    const lent = options.denseGroups === true ? this.dense?.take() : undefined;
    const connection = lent ?? (await this.instance.connect());
    this.active.add(connection);
    const onAbort = () => connection.interrupt();
    signal?.addEventListener("abort", onAbort, { once: true });
    const session = new Session(connection, signal, abortedError, (location) => this.localFile(location));
    try {
      return await work(session);
    } catch (error) {
      if (signal?.aborted) throw abortedError();
      throw toDataError(error, context);
    } finally {
      signal?.removeEventListener("abort", onAbort);
      this.active.delete(connection);
      // A connection that was interrupted is not lent again: an interrupt arriving late must not hit the next query.
      if (lent && this.dense && !this.closed && !signal?.aborted) await this.dense.give(lent, session.created);
      else connection.closeSync();
    }
  }
}

/** One call's connection: runs statements unless the call was aborted, and holds its input views. */
class Session {
  /** Temporary views and tables this call created, in order (dropped before a lent connection is reused). */
  readonly created: TempObject[] = [];

  constructor(
    readonly connection: DuckDBConnection,
    private readonly signal: AbortSignal | undefined,
    private readonly aborted: () => DataError,
    private readonly resolve: (location: string) => Promise<string>,
  ) {}

  // An interrupt only stops a running query, so a signal that fired between statements is checked here.
  throwIfAborted(): void {
    if (this.signal?.aborted) throw this.aborted();
  }

  async run(sql: string) {
    this.throwIfAborted();
    return this.connection.run(sql);
  }

  async rows(sql: string): Promise<JsonRow[]> {
    this.throwIfAborted();
    const reader = await this.connection.runAndReadAll(sql);
    return reader.convertRowObjects(toJsonValue);
  }

  async createInputViews(inputs: NamedInputs, rowNumberColumn?: string): Promise<void> {
    for (const [name, location] of Object.entries(inputs)) {
      if (isViewLocation(location)) {
        await this.createViewInput(name, location, rowNumberColumn);
        continue;
      }
      const file = stringLiteral(await this.resolve(location));
      const select = rowNumberColumn
        ? `SELECT * EXCLUDE (file_row_number), file_row_number AS ${ident(rowNumberColumn)} FROM read_parquet(${file}, file_row_number = true)`
        : `SELECT * FROM read_parquet(${file})`;
      await this.run(`CREATE TEMP VIEW ${ident(name)} AS ${select}`);
      this.created.push({ kind: "VIEW", name });
    }
  }

  private async createViewInput(name: string, location: string, rowNumberColumn: string | undefined): Promise<void> {
    const select = await sourceSelect(location, this.resolve);
    if (!rowNumberColumn) {
      await this.run(`CREATE TEMP VIEW ${ident(name)} AS ${select}`);
      this.created.push({ kind: "VIEW", name });
      return;
    }
    // Row positions must be those a reader of the view sees, in order, as for a file: the view's rows are
    // loaded once into a temp table (insertion order kept, spilled to disk when large), whose rowids count them.
    const tableName = `__millrace_rows_${name}`;
    const table = ident(tableName);
    await this.run(`CREATE TEMP TABLE ${table} AS ${select}`);
    this.created.push({ kind: "TABLE", name: tableName });
    await this.run(`CREATE TEMP VIEW ${ident(name)} AS SELECT *, rowid AS ${ident(rowNumberColumn)} FROM ${table}`);
    this.created.push({ kind: "VIEW", name });
  }

  async describeParquet(file: string): Promise<ColumnSpec[]> {
    const reader = await this.connection.runAndReadAll(`SELECT * FROM read_parquet(${stringLiteral(file)}) LIMIT 0`);
    return reader.columnNames().map((name, i) => ({ name, type: reader.columnType(i).toString() }));
  }
}

function columnsOf(prepared: DuckDBPreparedStatement): ColumnSpec[] {
  const columns: ColumnSpec[] = [];
  for (let i = 0; i < prepared.columnCount; i++)
    columns.push({ name: prepared.columnName(i), type: prepared.columnType(i).toString() });
  return columns;
}

function assertUniqueNames(columns: ColumnSpec[]): void {
  const seen = new Set<string>();
  for (const { name } of columns) {
    if (seen.has(name))
      throw new DataError(`the result has two columns named "${name}"; rename one`, "BAD_SQL", { column: name });
    seen.add(name);
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reasonOf(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason.message : typeof reason === "string" ? reason : "cancelled";
}
