/**
 * Table functions that read files (read_csv, read_parquet, read_json) with Millrace's rules, and the second,
 * stricter CSV pass that finds the line of a problem when DuckDB's sniffer cannot say where it is.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DataError, type CsvReadOptions, type FileFormat } from "../data-engine.js";
import { ident, stringLiteral } from "../sql.js";
import { toDataError } from "./errors.js";

export interface FileSourceLimits {
  /** Longest CSV line accepted; longer means a huge field or an unclosed quote. */
  csvMaxLineBytes: number;
}

/** A FROM-clause item reading `file` (absolute path). */
export function fileSource(file: string, format: FileFormat, csv: CsvReadOptions, limits: FileSourceLimits): string {
  const path = stringLiteral(file);
  switch (format) {
    case "PARQUET":
      return `read_parquet(${path})`;
    case "JSON":
      return `read_json(${path}, format = 'auto')`;
    case "CSV":
      return `read_csv(${path}, ${csvOptions(csv, limits, null)})`;
  }
}

function csvOptions(csv: CsvReadOptions, limits: FileSourceLimits, allVarchar: string[] | null): string {
  const options = [
    `header = ${csv.header ?? true}`,
    `delim = ${stringLiteral(csv.delimiter ?? ",")}`,
    `quote = '"'`,
    `escape = '"'`,
    `strict_mode = true`,
    `encoding = 'utf-8'`,
    `max_line_size = ${limits.csvMaxLineBytes}`,
  ];
  const columns = allVarchar ? allVarchar.map((name) => ({ name, type: "VARCHAR" })) : csv.columns;
  if (columns && columns.length > 0) {
    // Known types: no sniffing at all (faster, and the same types on every run).
    options.push("auto_detect = false");
    options.push(`columns = {${columns.map((c) => `${stringLiteral(c.name)}: ${stringLiteral(c.type)}`).join(", ")}}`);
  }
  return options.join(", ");
}

/**
 * Re-reads a CSV that failed with every column as text and no sniffing, which makes DuckDB's scanner report the
 * first bad line exactly (field count, encoding, line size). Returns that error, or null when this pass is clean.
 */
export async function diagnoseCsv(
  connection: DuckDBConnection,
  file: string,
  csv: CsvReadOptions,
  limits: FileSourceLimits,
  displayName: string,
): Promise<DataError | null> {
  const names = await headerNames(file, csv, limits);
  if (names === null)
    return new DataError(
      `CSV "${displayName}" line 1 is longer than the line size limit or not valid UTF-8`,
      "BAD_DATA",
      { file: displayName, line: 1 },
    );
  if (names.length === 0) return new DataError(`CSV "${displayName}" is empty`, "BAD_DATA", { file: displayName });
  // Every column is aggregated so that every field is decoded (and its UTF-8 checked).
  const probe = names.map((_, i) => `count(${ident(`c${i}`)})`).join(", ");
  const source = `read_csv(${stringLiteral(file)}, ${csvOptions(
    { ...csv },
    limits,
    names.map((_, i) => `c${i}`),
  )})`;
  try {
    await connection.run(`SELECT ${probe} FROM ${source}`);
    return null;
  } catch (error) {
    return toDataError(error, { file: displayName });
  }
}

// The first line's fields (quoted or not), read with a bounded buffer; null when the line is too long or garbled.
async function headerNames(file: string, csv: CsvReadOptions, limits: FileSourceLimits): Promise<string[] | null> {
  const handle = await open(file, "r");
  let bytes: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(limits.csvMaxLineBytes, 1 << 20) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    bytes = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gzipHeaderNames(file, csv, limits);
  return splitFirstLine(bytes, csv.delimiter ?? ",");
}

async function gzipHeaderNames(file: string, csv: CsvReadOptions, limits: FileSourceLimits): Promise<string[] | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(file).pipe(createGunzip());
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (chunk.includes(10) || size > limits.csvMaxLineBytes) break;
  }
  stream.destroy();
  return splitFirstLine(Buffer.concat(chunks), csv.delimiter ?? ",");
}

function splitFirstLine(bytes: Buffer, delimiter: string): string[] | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, endOfFirstLine(bytes)));
  } catch {
    return null;
  }
  if (text.trim() === "") return [];
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(current);
      current = "";
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

function endOfFirstLine(bytes: Buffer): number {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x22) quoted = !quoted;
    else if (!quoted && (b === 0x0a || b === 0x0d)) return i;
  }
  return bytes.length;
}
