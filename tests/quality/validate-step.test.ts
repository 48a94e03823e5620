import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeRun, type ExecutorPorts } from "../../api/src/engine/executor.js";
import { StepError, type StepInvocation, type StepOutput, type StepResult } from "../../api/src/engine/step-runtime.js";
import type { Dag } from "../../api/src/pipelines/dag.js";
import { datasetReferences } from "../../api/src/quality/reference-tables.js";
import type { NewRunEvent } from "../../api/src/runs/run-state.js";
import {
  QualityGateError,
  validateStep,
  type ValidateStepDeps,
  type ValidationDetails,
} from "../../api/src/quality/validate-step.js";
import { createStepExecutor } from "../../api/src/steps/step-executor.js";
import { NOW, REPO_DATA, invocationOf, openFixture, type QualityFixture } from "./support/fixture.js";

let f: QualityFixture;
let deps: ValidateStepDeps;
beforeAll(async () => {
  f = await openFixture();
  deps = {
    engine: f.engine,
    now: () => NOW,
    resolveReference: (name) => Promise.resolve(name === "customers" ? f.customers.location : null),
  };
});
afterAll(async () => {
  await f.close();
});

const NOT_NULL_EMAIL = { type: "not_null", column: "email", severity: "HIGH" };
const RANGE_AMOUNT = { type: "range", column: "amount", min: 0, max: 100 };
const ORPHANS = { type: "referential", column: "customer_id", reference: "customers", referenceColumn: "id" };
const PASSING = { type: "row_count", min: 1 };

async function gateError(promise: Promise<unknown>): Promise<QualityGateError> {
  const error = await promise.catch((e: unknown) => e);
  if (error instanceof QualityGateError) return error;
  throw new Error(`expected a QualityGateError, got ${String(error)}`);
}

describe("validate step", () => {
  it("WARN: passes its input through unchanged, records metrics and details, logs each failing rule", async () => {
    const invocation = invocationOf(f.orders, {
      mode: "WARN",
      rules: [NOT_NULL_EMAIL, RANGE_AMOUNT, ORPHANS, PASSING],
    });
    const result = await validateStep(deps)(invocation);
    expect(result.output).toBe(f.orders);
    expect([result.rowsIn, result.rowsOut, result.bytes]).toEqual([20, 20, f.orders.bytes]);
    // Weights 3, 2, 2, 2; rows passing 18, 18, 17 of 20, then the row count.
    const score = Math.round(((3 * 0.9 + 2 * 0.9 + 2 * 0.85 + 2 * 1) / 9) * 10_000) / 100;
    // Failing rows: email null {2, 6}, amount {3, 7}, orphans {3, 9, 10}.
    expect(result.metrics).toEqual({ score, rules: 4, rulesFailed: 3, failingRows: 6 });
    const details = result.details as unknown as ValidationDetails;
    expect(details).toMatchObject({ status: "WARNED", mode: "WARN", score, blockingRules: [] });
    expect(details.report.rules.map((r) => [r.rule, r.passed, r.failingRows])).toEqual([
      [0, false, 2],
      [1, false, 2],
      [2, false, 3],
      [3, true, null],
    ]);
    expect(JSON.parse(JSON.stringify(result.details))).toEqual(result.details);
    expect(invocation.logs).toEqual([
      {
        level: "WARN",
        message:
          "rule #0 not_null on email [HIGH, WARN] failed: 2 of 20 rows (10%) have no value in email; first failing rows: 2, 6",
      },
      {
        level: "WARN",
        message:
          "rule #1 range on amount [MEDIUM, WARN] failed: 2 of 20 rows (10%) have amount outside [0, 100]; first failing rows: 3, 7",
      },
      {
        level: "WARN",
        message:
          "rule #2 referential on customer_id [MEDIUM, WARN] failed: 3 of 20 rows (15%) have a value of customer_id missing from customers.id (2 distinct missing key(s)); first failing rows: 3, 9, 10",
      },
      { level: "INFO", message: `quality score ${score} on 20 rows: 3 of 4 rule(s) failed` },
    ]);
  });

  it("BLOCK: fails without retry, naming the blocking rules, and keeps the report on the error", async () => {
    const invocation = invocationOf(f.orders, { mode: "BLOCK", rules: [NOT_NULL_EMAIL, PASSING, RANGE_AMOUNT] });
    const error = await gateError(validateStep(deps)(invocation));
    expect(error).toBeInstanceOf(StepError);
    expect(error.options.retryable).toBe(false);
    expect(error.message).toBe(
      'step "Quality gate" (gate): quality gate blocked by rule #0 not_null on email (HIGH) failed: 2 of 20 rows (10%) have no value in email; ' +
        "rule #2 range on amount (MEDIUM) failed: 2 of 20 rows (10%) have amount outside [0, 100]",
    );
    expect(error.details).toMatchObject({ status: "FAILED", mode: "BLOCK", blockingRules: [0, 2] });
    expect(error.details.report.rules.map((r) => r.failingRows)).toEqual([2, null, 2]);
    expect(invocation.logs.map((l) => l.level)).toEqual(["ERROR", "ERROR", "INFO"]);
  });

  it("defaults to BLOCK, as the catalog does", async () => {
    const error = await gateError(validateStep(deps)(invocationOf(f.orders, { rules: [RANGE_AMOUNT] })));
    expect(error.details.mode).toBe("BLOCK");
  });

  it("lets each rule's own mode win over the step's", async () => {
    const warnOnly = await validateStep(deps)(
      invocationOf(f.orders, { mode: "BLOCK", rules: [{ ...NOT_NULL_EMAIL, mode: "WARN" }, PASSING] }),
    );
    expect((warnOnly.details as unknown as ValidationDetails).status).toBe("WARNED");

    const invocation = invocationOf(f.orders, {
      mode: "WARN",
      rules: [NOT_NULL_EMAIL, { ...RANGE_AMOUNT, mode: "BLOCK", name: "amounts in range" }],
    });
    const error = await gateError(validateStep(deps)(invocation));
    expect(error.message).toBe(
      'step "Quality gate" (gate): quality gate blocked by rule "amounts in range" (MEDIUM) failed: 2 of 20 rows (10%) have amount outside [0, 100]',
    );
    expect(error.details.blockingRules).toEqual([1]);
    expect(invocation.logs.map((l) => l.level)).toEqual(["WARN", "ERROR", "INFO"]);
  });

  it("PASSED when every rule passes", async () => {
    const invocation = invocationOf(f.orders, { mode: "BLOCK", rules: [PASSING, { type: "not_null", column: "id" }] });
    const result = await validateStep(deps)(invocation);
    expect(result.metrics).toEqual({ score: 100, rules: 2, rulesFailed: 0, failingRows: 0 });
    expect((result.details as unknown as ValidationDetails).status).toBe("PASSED");
    expect(invocation.logs).toEqual([
      { level: "INFO", message: "quality score 100 on 20 rows: 0 of 2 rule(s) failed" },
    ]);
  });

  it("refuses a bad config before running anything, naming the rule and the field", async () => {
    const run = validateStep(deps)(
      invocationOf(f.orders, {
        mode: "WARN",
        rules: [
          { type: "not_null", column: "nope" },
          { ...ORPHANS, reference: "suppliers" },
        ],
      }),
    );
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepError);
    expect(error).not.toBeInstanceOf(QualityGateError);
    expect((error as StepError).options.retryable).toBe(false);
    expect((error as StepError).message).toBe(
      'step "Quality gate" (gate): invalid quality rules:\n' +
        '  - rule #0 (not_null), field "column": unknown column "nope"; the table has id, email, amount, qty, status, customer_id, updated_at, discount\n' +
        '  - rule #1 (referential), field "reference": unknown reference table "suppliers"',
    );
    const badMode = await validateStep(deps)(invocationOf(f.orders, { mode: "STOP", rules: [] })).catch(
      (e: unknown) => e,
    );
    expect((badMode as StepError).message).toBe('step "Quality gate" (gate): config "mode" must be one of BLOCK, WARN');
  });

  it("needs an input", async () => {
    const invocation: StepInvocation = { ...invocationOf(f.orders, { rules: [] }), inputs: [] };
    await expect(validateStep(deps)(invocation)).rejects.toThrow('step "Quality gate" (gate) needs an input with data');
  });
});

describe("reference tables from datasets", () => {
  it("reads the dataset a referential rule names, once, into the run's folder", async () => {
    // Uploaded datasets live under uploads/ in the data directory.
    await mkdir(path.join(f.engine.dataDir, "uploads"), { recursive: true });
    await writeFile(path.join(f.engine.dataDir, "uploads", "customers.csv"), "id,name\n1,Ada\n2,Brian\n3,Chen\n");
    const resolveReference = datasetReferences({
      engine: f.engine,
      samplesDir: REPO_DATA,
      resolveDataset: (id) =>
        Promise.resolve(id === "ds1" ? { path: "uploads/customers.csv", format: "CSV" as const } : null),
    });
    const step = validateStep({ engine: f.engine, now: () => NOW, resolveReference });
    const rule = { type: "referential", column: "customer_id", reference: "ds1", referenceColumn: "id" };
    const result = await step(invocationOf(f.orders, { mode: "WARN", rules: [rule] }));
    // Customers 1..3 exist; 9, 4, 5, 9, 7 do not (rows 3, 7, 8, 9, 10); row 5 has no customer.
    const report = (result.details as unknown as ValidationDetails).report;
    expect(report.rules[0]?.samples.map((s) => s.rowNumber)).toEqual([3, 7, 8, 9, 10]);
    expect(report.rules[0]?.observed).toEqual({ missingKeys: 4 });

    const unknown = await step(invocationOf(f.orders, { rules: [{ ...rule, reference: "nope" }] })).catch(
      (e: unknown) => e,
    );
    expect((unknown as StepError).message).toContain(
      'rule #0 (referential), field "reference": unknown reference table "nope"',
    );
  });
});

describe("validate step in a run", () => {
  // source → gate → sink, with the real step executor and the run executor.
  async function runPipeline(gateConfig: Record<string, unknown>) {
    const ran: string[] = [];
    const events: NewRunEvent[] = [];
    const source = (): Promise<StepResult> => {
      ran.push("source");
      return Promise.resolve({ output: f.orders, rowsIn: null, rowsOut: 20, bytes: f.orders.bytes });
    };
    const sink = (invocation: StepInvocation): Promise<StepResult> => {
      ran.push("sink");
      const input = invocation.inputs[0] as StepOutput;
      return Promise.resolve({ output: null, rowsIn: input.rows, rowsOut: null, bytes: null });
    };
    const steps = createStepExecutor(
      { engine: f.engine, samplesDir: REPO_DATA, resolveDataset: () => Promise.resolve(null) },
      { source, validate: validateStep(deps), sink },
    );
    const ports: ExecutorPorts = {
      append: (_runId, batch) => Promise.resolve(events.push(...batch)),
      steps,
      clock: { now: () => NOW },
      sleep: () => Promise.resolve(),
      claimStep: () => Promise.resolve(true),
    };
    const at = { x: 0, y: 0 };
    const dag: Dag = {
      nodes: [
        { id: "source", kind: "source", label: "Orders", config: {}, position: at },
        {
          id: "gate",
          kind: "validate",
          label: "Quality gate",
          config: gateConfig,
          position: at,
          execution: { maxAttempts: 3 },
        },
        { id: "sink", kind: "sink", label: "Load", config: {}, position: at },
      ],
      edges: [
        { id: "e1", source: "source", target: "gate" },
        { id: "e2", source: "gate", target: "sink" },
      ],
    };
    const outcome = await executeRun(
      { runId: "run1", dag, params: {}, reused: new Map() },
      ports,
      { concurrency: 2 },
      new AbortController().signal,
    );
    return { outcome, ran, events };
  }

  it("BLOCK: downstream steps do not run, and the gate is not retried", async () => {
    const { outcome, ran, events } = await runPipeline({ mode: "BLOCK", rules: [NOT_NULL_EMAIL] });
    expect(outcome).toEqual({
      status: "FAILED",
      reason:
        'step "Quality gate" (gate) failed: step "Quality gate" (gate): quality gate blocked by rule #0 not_null on email (HIGH) failed: 2 of 20 rows (10%) have no value in email',
    });
    expect(ran).toEqual(["source"]);
    expect(
      events.filter((e) => e.nodeId === "gate" || e.nodeId === "sink").map((e) => `${e.type} ${e.nodeId}`),
    ).toEqual([
      "STEP_STARTED gate",
      "STEP_PROGRESS gate",
      "LOG gate",
      "LOG gate",
      "STEP_FAILED gate",
      "STEP_SKIPPED sink",
    ]);
  });

  it("WARN: downstream steps run on the same data, and the metrics are recorded", async () => {
    const { outcome, ran, events } = await runPipeline({ mode: "WARN", rules: [NOT_NULL_EMAIL] });
    expect(outcome).toEqual({ status: "SUCCEEDED" });
    expect(ran).toEqual(["source", "sink"]);
    const metrics = events.filter((e) => e.type === "METRIC" && e.nodeId === "gate").map((e) => e.payload);
    expect(metrics).toEqual([
      { name: "score", value: 90 },
      { name: "rules", value: 1 },
      { name: "rulesFailed", value: 1 },
      { name: "failingRows", value: 2 },
    ]);
    const succeeded = events.find((e) => e.type === "STEP_SUCCEEDED" && e.nodeId === "gate");
    expect(succeeded?.payload).toMatchObject({ output: f.orders, status: "WARNED", score: 90 });
  });
});
