// Writes the benchmark's input once: 1M rows, 10 columns, deterministic (same bytes on every machine).
import { existsSync } from "node:fs";
import { link, mkdir, rename } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { hash32Sql } from "../../api/src/steps/impl/seeded-hash.js";
import { DATA_DIR, INPUT_CSV, ROWS } from "./spec.js";

export async function ensureInput(): Promise<string> {
  const file = await ensureCsv();
  // extract_file reads DATA_DIR/files only: the same bytes are linked there for Millrace.
  const userFile = path.join(DATA_DIR, "files", INPUT_CSV);
  if (!existsSync(userFile)) {
    await mkdir(path.dirname(userFile), { recursive: true });
    await link(file, userFile);
  }
  return file;
}

async function ensureCsv(): Promise<string> {
  const file = path.join(DATA_DIR, INPUT_CSV);
  if (existsSync(file)) return file;
  await mkdir(DATA_DIR, { recursive: true });
  const u = (k: number) => `(${hash32Sql(`xor(range::UBIGINT, ${k}::UBIGINT)`)})::DOUBLE / 4294967296`;
  const sql = `SELECT range AS id,
      TIMESTAMP '2024-01-01' + to_seconds(range * 7) AS ts,
      'cat_' || lpad(floor(${u(1)} * 20)::INT::VARCHAR, 2, '0') AS category,
      ['north', 'south', 'east', 'west', 'central'][1 + floor(${u(2)} * 5)::INT] AS region,
      1 + floor(${u(3)} * 20)::INT AS qty,
      round(1 + ${u(4)} * 99, 2) AS price,
      round(${u(5)} * 0.5, 3) AS discount,
      round(${u(6)} * 100, 4) AS score,
      ${u(7)} < 0.7 AS flag,
      'note ' || floor(${u(8)} * 100000)::INT AS note
    FROM range(${ROWS})`;
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const temp = `${file}.tmp`;
  await connection.run(`COPY (${sql}) TO '${temp}' (FORMAT csv, HEADER true)`);
  connection.closeSync();
  instance.closeSync();
  await rename(temp, file);
  return file;
}
