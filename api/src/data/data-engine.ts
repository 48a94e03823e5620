/**
 * The data engine port: what step implementations (and data quality, profiling, previews) need from a tabular
 * engine. Tables live as Parquet files of a run; SQL is the engine's dialect (DuckDB today), built by the steps.
 * Adapters implement it (see ./duckdb); nothing here knows which engine runs the SQL.
 */
import type { StepOutput } from "../engine/step-runtime.js";

export type FileFormat = "CSV" | "PARQUET" | "JSON";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonRow = Record<string, JsonValue>;

export interface ColumnSpec {
  name: string;
  /** The engine's type name, e.g. BIGINT, DOUBLE, VARCHAR, TIMESTAMP. */
  type: string;
}

/** Where a step's output goes: `<dataDir>/runs/<runId>/<nodeId>.parquet`. */
export interface OutputTarget {
  runId: string;
  nodeId: string;
}

/**
 * Named tables a query can read: each name becomes a view over a stored output (`location`, as in `StepOutput`:
 * a Parquet file, or a stored view, see `defineView`).
 * Names are SQL identifiers chosen by the caller (`input`, `input1`, `left`…).
 */
export type NamedInputs = Readonly<Record<string, string>>;

export interface CsvReadOptions {
  /** First line holds the column names (default true). */
  header?: boolean;
  /** One character (default ","). */
  delimiter?: string;
  /** Column types to use instead of sniffing them (all columns, in file order). */
  columns?: readonly ColumnSpec[];
}

export interface RunOptions {
  /** Aborting it interrupts the running query; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called now and then while a long query runs, with the engine's estimate (0..1) when it has one. */
  onProgress?: (fraction: number) => void;
}

export interface MaterializeRequest extends RunOptions {
  /** A single SELECT over `inputs` (anything else is refused). */
  sql: string;
  inputs?: NamedInputs;
  /**
   * When set, every input view also exposes each row's 0-based position in its file under this column name,
   * for steps that need the input order (sort ties, dedupe "first", windows, seeded samples).
   */
  rowNumberColumn?: string;
  output: OutputTarget;
  /** The SQL is the user's own text (the sql step): errors keep DuckDB's "LINE n" pointer into it. */
  userWritten?: boolean;
}

export interface ViewRequest extends RunOptions {
  /**
   * A single SELECT over `inputs`, which every reader of the view runs again: it must give the same rows each
   * time (no random(), now(), subquery reading files…; see `isRepeatable`).
   */
  sql: string;
  inputs: NamedInputs;
  output: OutputTarget;
  /** The row count when the caller knows it (the view keeps its input's rows); otherwise the rows are counted. */
  rows?: number;
  /**
   * Output columns whose values are computed once now, so that a value that fails (a cast, an overflow) fails
   * here, in the step that defines it, rather than in a later reader.
   */
  evaluate?: readonly string[];
}

export interface ReadFileRequest extends RunOptions {
  /** Absolute path, already checked by the caller to be a file it may read. */
  file: string;
  format: FileFormat;
  csv?: CsvReadOptions;
  output: OutputTarget;
  /** Name used in messages instead of the absolute path (e.g. the path relative to the data directory). */
  displayName?: string;
}

export interface ExportRequest extends RunOptions {
  /** A stored output (`StepOutput.location`). */
  location: string;
  /** Absolute target path, already checked by the caller; written to a temp name then renamed over it. */
  file: string;
  format: FileFormat;
}

export interface Preview {
  columns: ColumnSpec[];
  /** JSON-safe: BIGINT as number when exact, else string; dates and timestamps as ISO strings. */
  rows: JsonRow[];
}

export interface QueryOptions extends RunOptions {
  /** Rows beyond this are not returned (default 10,000): query() is for aggregates, not for moving data. */
  maxRows?: number;
  /** As in MaterializeRequest: expose each input row's 0-based position under this column name. */
  rowNumberColumn?: string;
  /**
   * A hint, same answer either way: the query groups (GROUP BY, DISTINCT) a large input by integer keys spanning
   * up to about a million values, which the engine may then group in an array indexed by the key rather than in
   * a hash table: several times cheaper on large inputs, but the array is allocated and scanned whole, so on a
   * few thousand rows it costs more. Give it only for large inputs.
   */
  denseGroups?: boolean;
}

export interface RetentionOptions {
  /** Run folders to keep whatever their age (e.g. runs still active or still referenced). */
  keepRunIds?: Iterable<string>;
  /** Only folders last modified before this instant are deleted (unset: every folder not kept). */
  olderThan?: Date;
}

export interface RetentionReport {
  removedRunIds: string[];
  bytesFreed: number;
}

/** The tabular engine behind ETL steps. One per process; every method is safe to call concurrently. */
export interface DataEngine {
  /** Absolute, resolved data directory (outputs and user files live under it). */
  readonly dataDir: string;

  /** The location a step's output will have (`StepOutput.location`), relative to the data directory. */
  outputLocation(target: OutputTarget): string;

  /** Runs a SELECT over named inputs into the target's Parquet file (temp file + rename). */
  materialize(request: MaterializeRequest): Promise<StepOutput>;

  /**
   * Stores a SELECT over named inputs as a view instead of a file: it is checked (bound, its rows counted, the
   * `evaluate` columns computed) but not written; every later reader of its location runs it over its inputs.
   * The inputs must outlive the view: callers use it for inputs of the same run folder only. `bytes` is null.
   */
  defineView(request: ViewRequest): Promise<StepOutput>;

  /**
   * True when a (checked) scalar expression gives the same values each time it runs over the same rows, so it
   * may sit in a view: false for random and sequence functions, the clock, subqueries, table and window functions.
   */
  isRepeatable(expression: string): Promise<boolean>;

  /** Reads a CSV (optionally gzip), Parquet or JSON file into the target's Parquet file. */
  readFile(request: ReadFileRequest): Promise<StepOutput>;

  /** Writes a stored output as a CSV, Parquet or JSON file, atomically (temp file + rename). */
  exportTo(request: ExportRequest): Promise<{ rows: number; bytes: number }>;

  /** Column names and types of a SELECT over named inputs, without running it. */
  describe(sql: string, inputs?: NamedInputs): Promise<ColumnSpec[]>;

  /** Refuses (DataError BAD_SQL) anything but one scalar SQL expression, so it can be spliced into a query. */
  checkExpression(expression: string): Promise<void>;

  /** Columns and the first `limit` rows of a stored output (a view is run with that limit). */
  preview(location: string, limit: number): Promise<Preview>;

  /** Runs a single SELECT over named inputs and returns its rows (aggregates for data quality, profiling…). */
  query(sql: string, inputs?: NamedInputs, options?: QueryOptions): Promise<JsonRow[]>;

  /**
   * Every row of a stored output, in file order, in batches of up to `batchSize` — streamed, so moving a big
   * table (into a collection, say) holds one batch in memory at a time. Stop early by leaving the loop.
   */
  scan(location: string, batchSize: number, options?: RunOptions): AsyncIterable<JsonRow[]>;

  /** Deletes run output folders (`<dataDir>/runs/<runId>`) that are not kept. */
  collectRunOutputs(options: RetentionOptions): Promise<RetentionReport>;

  close(): Promise<void>;
}

export type DataErrorCode =
  /** The data is unusable as is: ragged or badly encoded CSV, a value that does not convert… */
  | "BAD_DATA"
  /** A query or expression is not allowed or does not bind (unknown column, not a SELECT…). */
  | "BAD_SQL"
  | "NOT_FOUND"
  /** Refused by the engine's sandbox (file outside the allowed directories…). */
  | "FORBIDDEN"
  /** The signal aborted the query. */
  | "INTERRUPTED"
  /** Anything else (I/O, out of memory…): worth a retry. */
  | "ENGINE";

export interface DataErrorLocation {
  file?: string;
  line?: number;
  column?: string;
}

/** A failure of the engine, already made readable: message for users, code for callers, where it happened. */
export class DataError extends Error {
  constructor(
    message: string,
    readonly code: DataErrorCode,
    readonly location: DataErrorLocation = {},
  ) {
    super(message);
    this.name = "DataError";
  }

  /** Bad data and bad SQL fail the same way every time; I/O and engine trouble may pass on a retry. */
  get retryable(): boolean {
    return this.code === "ENGINE";
  }
}
