/** Writes schema/schema.graphql from the code-first schema (`npm run schema`). */
import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildMillraceSchema, printMillraceSchema } from "./schema.js";

export const SCHEMA_FILE = fileURLToPath(new URL("../../../schema/schema.graphql", import.meta.url));

const schema = await buildMillraceSchema(() => {
  throw new Error("printing the schema executes no resolver");
});
await writeFile(SCHEMA_FILE, printMillraceSchema(schema));
process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
