import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { ColumnInfo } from "../store/records.js";

export interface CsvSummary {
  columns: ColumnInfo[];
  rowCount: number;
  sizeBytes: number;
}

const SNIFF_ROWS = 1000;

/**
 * Reads a CSV (optionally gzip) once: header, column types from the first rows, and the exact data row count.
 * Types are BIGINT, DOUBLE or VARCHAR. Assumes no newlines inside quoted fields (true of the shipped samples).
 */
export async function summarizeCsv(file: string, options: { gzip: boolean }): Promise<CsvSummary> {
  const { size } = await stat(file);
  const input = createReadStream(file);
  const stream = options.gzip ? input.pipe(createGunzip()) : input;
  let newlines = 0;
  let endsWithNewline = true;
  let head = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (head.split("\n").length <= SNIFF_ROWS + 1) head += chunk.toString("utf8");
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 10;
  }
  const lines = head.split(/\r?\n/).filter((line) => line !== "");
  const header = splitLine(lines[0] ?? "");
  const sample = lines.slice(1, SNIFF_ROWS + 1).map(splitLine);
  const columns = header.map((name, i) => ({ name, type: inferType(sample.map((row) => row[i] ?? "")) }));
  const totalLines = newlines + (endsWithNewline ? 0 : 1);
  return { columns, rowCount: Math.max(0, totalLines - 1), sizeBytes: size };
}

function splitLine(line: string): string[] {
  return line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

function inferType(values: string[]): string {
  const present = values.filter((v) => v !== "");
  if (present.length === 0) return "VARCHAR";
  if (present.every((v) => /^-?\d{1,18}$/.test(v))) return "BIGINT";
  if (present.every((v) => v.trim() !== "" && Number.isFinite(Number(v)))) return "DOUBLE";
  return "VARCHAR";
}
