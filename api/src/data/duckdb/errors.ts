/**
 * DuckDB's error messages, made readable: the category prefix, the caret context of generated SQL, the CSV
 * reader's option dump and its "possible fixes" go; the file, line and column stay, as structured location.
 */
import { DataError, type DataErrorLocation } from "../data-engine.js";

export interface ErrorContext {
  /** The file being read, as users know it (relative path), for CSV/JSON/Parquet errors. */
  file?: string;
  /** Keep DuckDB's "LINE n: …" caret context: true when the SQL is the user's own text. */
  keepSqlContext?: boolean;
}

const PREFIX = /^([A-Za-z ]+?) Error: /;

/** Turns anything DuckDB threw into a DataError (a DataError passes through unchanged). */
export function toDataError(error: unknown, context: ErrorContext = {}): DataError {
  if (error instanceof DataError) return error;
  const raw = (error instanceof Error ? error.message : String(error)).replace(/^Failed to extract statements: /, "");
  const category = PREFIX.exec(raw)?.[1] ?? "";
  const body = raw.replace(PREFIX, "");
  const location: DataErrorLocation = context.file ? { file: context.file } : {};

  if (category === "INTERRUPT") return new DataError("the query was interrupted", "INTERRUPTED");
  if (category === "Permission") {
    const target = /"([^"]+)"/.exec(body)?.[1];
    return new DataError(
      target
        ? `access to "${target}" is not allowed: only files inside the data directory can be read or written`
        : `not allowed: ${firstLine(body)}`,
      "FORBIDDEN",
    );
  }
  if (/CSV Error on Line|Error when sniffing file|CSV File|CSV file/.test(body)) return csvError(body, location);
  if (/Malformed JSON/.test(body)) {
    // DuckDB's record and line numbers for JSON are off by one or counted oddly: only the reason is kept.
    const reason = /: ([^:\n]+?)\.?\s*(\n|$)/.exec(body.replace(/^Malformed JSON in file "[^"]*", at [^:]*/, ""))?.[1];
    return new DataError(
      `malformed JSON${fileClause(location)}${reason ? `: ${reason.trim()}` : ""}`,
      "BAD_DATA",
      location,
    );
  }
  if (
    /No magic bytes found at end of file|Invalid Parquet file|is not a parquet file|too small to be a Parquet file/i.test(
      body,
    )
  ) {
    return new DataError(`not a Parquet file${fileClause(location)}`, "BAD_DATA", location);
  }
  if (/No files found that match the pattern/.test(body)) {
    return new DataError(`file not found${fileClause(location)}`, "NOT_FOUND", location);
  }
  if (category === "Binder") {
    const missing = /Referenced column "([^"]+)" not found/.exec(body);
    if (missing?.[1]) {
      const candidates = /Candidate bindings: (.+)/.exec(body)?.[1];
      return new DataError(
        `unknown column "${missing[1]}"${candidates ? ` (did you mean ${candidates.trim()}?)` : ""}${sqlContext(body, context)}`,
        "BAD_SQL",
        { ...location, column: missing[1] },
      );
    }
    return new DataError(`${firstLine(body)}${sqlContext(body, context)}`, "BAD_SQL", location);
  }
  if (
    category === "Parser" ||
    category === "Catalog" ||
    category === "Not implemented" ||
    category === "Invalid type"
  ) {
    return new DataError(`${firstLine(body)}${sqlContext(body, context)}`, "BAD_SQL", location);
  }
  if (category === "Conversion" || category === "Out of Range" || category === "Invalid Input") {
    const column = /source column ([^\s]+)/.exec(body)?.[1] ?? /column "([^"]+)"/.exec(body)?.[1];
    return new DataError(firstLine(body), "BAD_DATA", column ? { ...location, column } : location);
  }
  return new DataError(`${category ? `${category.toLowerCase()} error: ` : ""}${firstLine(body)}`, "ENGINE", location);
}

function csvError(body: string, location: DataErrorLocation): DataError {
  const lineMatch = /CSV Error on Line: (\d+)/.exec(body);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const where = `${fileClause(location)}${line !== undefined ? ` line ${line}` : ""}`;
  const at: DataErrorLocation = line !== undefined ? { ...location, line } : location;
  const fields = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(body);
  if (fields)
    return new DataError(`ragged CSV${where}: expected ${fields[1]} fields, found ${fields[2]}`, "BAD_DATA", at);
  if (/Invalid unicode/.test(body))
    return new DataError(`CSV${where} is not valid UTF-8 (a byte sequence does not decode)`, "BAD_DATA", at);
  const size = /Maximum line size of (\d+) bytes exceeded/.exec(body);
  if (size) {
    return new DataError(
      `CSV${where} is longer than the ${formatBytes(Number(size[1]))} limit (a huge field, or an unclosed quote)`,
      "BAD_DATA",
      at,
    );
  }
  const conversion = /Error when converting column "([^"]+)"\. (.+)/.exec(body);
  if (conversion?.[1]) {
    return new DataError(
      `CSV${where}: column "${conversion[1]}": ${conversion[2]?.trim() ?? "bad value"}`,
      "BAD_DATA",
      { ...at, column: conversion[1] },
    );
  }
  if (/unterminated quote|quoted value/i.test(body))
    return new DataError(`CSV${where} has an unterminated quoted value`, "BAD_DATA", at);
  if (/Error when sniffing file/.test(body)) {
    return new DataError(
      `could not make sense of the CSV${fileClause(location)}: rows do not have a consistent number of fields`,
      "BAD_DATA",
      at,
    );
  }
  const detail = body
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && !/^(CSV Error on Line|Original Line|Possible)/.test(l));
  return new DataError(`bad CSV${where}${detail ? `: ${detail}` : ""}`, "BAD_DATA", at);
}

function fileClause(location: DataErrorLocation): string {
  return location.file ? ` "${location.file}"` : "";
}

function firstLine(text: string): string {
  return (text.split("\n")[0] ?? text).trim();
}

function sqlContext(body: string, context: ErrorContext): string {
  if (!context.keepSqlContext) return "";
  const at = body.indexOf("\nLINE ");
  return at === -1 ? "" : `\n${body.slice(at + 1).trimEnd()}`;
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
