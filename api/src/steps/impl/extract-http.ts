/**
 * extract_http: downloads a public URL (see http-fetch.ts for the SSRF rules) into the run's folder, reads it
 * like a local file, and removes the download.
 */
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { tempNameFor } from "../../data/atomic-file.js";
import { runFolder } from "../../data/run-outputs.js";
import type { StepInvocation, StepResult } from "../../engine/step-runtime.js";
import { ConfigReader } from "./config.js";
import { DEFAULT_HTTP_POLICY, download } from "./http-fetch.js";
import { count, explain, outputOf, resultOf, type StepDeps } from "./step-context.js";

export async function extractHttp(invocation: StepInvocation, deps: StepDeps): Promise<StepResult> {
  const config = new ConfigReader(invocation.node);
  const url = config.string("url");
  const format = config.oneOf("format", ["CSV", "PARQUET", "JSON"] as const, "CSV");
  const maxBytes = config.integer("maxBytes", 104_857_600);
  const timeoutMs = config.integer("timeoutMs", 30_000);
  const policy = { ...DEFAULT_HTTP_POLICY, ...deps.http };

  const folder = path.join(deps.engine.dataDir, runFolder(invocation.runId));
  const partial = tempNameFor(path.join(folder, `${invocation.node.id}.download`));
  let readable: string | null = null;
  try {
    await mkdir(folder, { recursive: true });
    const fetched = await download({
      url,
      file: partial,
      maxBytes,
      timeoutMs,
      signal: invocation.signal,
      policy,
      onBytes: (bytes) => invocation.progress({ bytes }),
    });
    invocation.log(
      "INFO",
      `downloaded ${count(fetched.bytes)} bytes from ${fetched.finalUrl}${fetched.redirects ? ` after ${fetched.redirects} redirect(s)` : ""}`,
    );
    // DuckDB picks gzip decompression from the file name, so the name says what the bytes are.
    readable = `${partial}.${format.toLowerCase()}${(await isGzip(partial)) ? ".gz" : ""}`;
    await rename(partial, readable);
    const output = await deps.engine
      .readFile({
        file: readable,
        format,
        output: outputOf(invocation),
        displayName: fetched.finalUrl,
        signal: invocation.signal,
      })
      .catch((error: unknown) => explain(error, invocation.node));
    invocation.log("INFO", `read ${count(output.rows)} rows, ${output.columns.length} columns (${format})`);
    return resultOf(output, output.rows, { details: { url: fetched.finalUrl, downloadedBytes: fetched.bytes } });
  } finally {
    await rm(partial, { force: true });
    if (readable) await rm(readable, { force: true });
  }
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
