// A real DuckDB engine over a temp data directory, and a way to run one step the way the engine would.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDuckDbEngine, type DuckDbEngine } from "../../../api/src/data/duckdb/duckdb-engine.js";
import type { StepInvocation, StepOutput, StepResult } from "../../../api/src/engine/step-runtime.js";
import { createStepExecutor, type StepDeps } from "../../../api/src/steps/step-executor.js";
import type { LogLevel } from "../../../api/src/store/records.js";

export const REPO_DATA = fileURLToPath(new URL("../../../data", import.meta.url));

export interface Harness {
  dataDir: string;
  /** DATA_DIR/files, where extract_file reads and load_file writes. */
  filesDir: string;
  engine: DuckDbEngine;
  deps: StepDeps;
  /** Runs one step; `inputs` are outputs of earlier steps. */
  step(kind: string, config: Record<string, unknown>, inputs?: StepOutput[], options?: StepOptions): Promise<StepRun>;
  /** Writes a file under the data directory and returns its relative path. */
  file(relative: string, content: string | Buffer): Promise<string>;
  /** Rows of an output, as JSON-safe objects. */
  rows(output: StepOutput | null, limit?: number): Promise<Array<Record<string, unknown>>>;
  /** Every file left in the run's folder (to prove nothing half-written remains). */
  runFiles(runId?: string): Promise<string[]>;
  close(): Promise<void>;
}

export interface StepOptions {
  nodeId?: string;
  runId?: string;
  signal?: AbortSignal;
  deps?: Partial<StepDeps>;
}

export interface StepRun extends StepResult {
  logs: Array<{ level: LogLevel; message: string }>;
  progress: Array<{ rowsIn?: number; rowsOut?: number; bytes?: number }>;
}

let sequence = 0;

export async function openHarness(options: { datasets?: StepDeps["resolveDataset"] } = {}): Promise<Harness> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "millrace-data-test-"));
  const engine = await openDuckDbEngine({ dataDir, samplesDir: REPO_DATA, threads: 2 });
  const deps: StepDeps = {
    engine,
    samplesDir: REPO_DATA,
    resolveDataset: options.datasets ?? (() => Promise.resolve(null)),
  };
  return {
    dataDir: engine.dataDir,
    filesDir: path.join(engine.dataDir, "files"),
    engine,
    deps,
    async step(kind, config, inputs = [], stepOptions = {}) {
      const logs: StepRun["logs"] = [];
      const progress: StepRun["progress"] = [];
      const nodeId = stepOptions.nodeId ?? `${kind.replace(/[^A-Za-z0-9_-]/g, "_")}_${++sequence}`;
      const invocation: StepInvocation = {
        runId: stepOptions.runId ?? "run1",
        node: { id: nodeId, kind, label: `My ${kind}`, config, position: { x: 0, y: 0 } },
        inputs,
        params: {},
        attempt: 1,
        signal: stepOptions.signal ?? new AbortController().signal,
        log: (level, message) => logs.push({ level, message }),
        progress: (figures) => progress.push(figures),
      };
      const executor = createStepExecutor({ ...deps, ...stepOptions.deps });
      const result = await executor.run(invocation);
      return { ...result, logs, progress };
    },
    async file(relative, content) {
      // User files live in DATA_DIR/files: the only user folder the data engine may read.
      const target = path.join(engine.dataDir, "files", relative);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
      return relative;
    },
    async rows(output, limit = 100_000) {
      if (!output) throw new Error("no output");
      return (await engine.preview(output.location, limit)).rows;
    },
    async runFiles(runId = "run1") {
      return (await readdir(path.join(engine.dataDir, "runs", runId)).catch(() => [] as string[])).sort();
    },
    async close() {
      await engine.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Expects `promise` to reject with a StepError and returns it. */
export async function stepError(
  promise: Promise<unknown>,
): Promise<Error & { options: { retryable?: boolean; location?: { file?: string; line?: number; column?: string } } }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error && error.name === "StepError") return error as never;
    throw error;
  }
  throw new Error("expected the step to fail");
}
