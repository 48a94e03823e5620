import type { RunService } from "../runs/run.service.js";
import type { RunRecord } from "../store/records.js";
import type { StepOutput, StepResult } from "./step-runtime.js";

/** Outputs of the steps that succeeded in a run (from its STEP_SUCCEEDED events), for a retry to reuse. */
export async function priorOutputs(
  runs: RunService,
  run: RunRecord,
): Promise<Map<string, StepResult & { output: StepOutput | null }>> {
  const succeeded = new Set(run.steps.filter((s) => s.status === "SUCCEEDED").map((s) => s.nodeId));
  const reused = new Map<string, StepResult & { output: StepOutput | null }>();
  for (let after = 0; ;) {
    const page = await runs.events(run.id, after, 1000);
    for (const event of page) {
      if (event.type !== "STEP_SUCCEEDED" || event.nodeId === null || !succeeded.has(event.nodeId)) continue;
      const p = event.payload;
      const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
      reused.set(event.nodeId, {
        output: (p["output"] as StepOutput | null | undefined) ?? null,
        rowsIn: num(p["rowsIn"]),
        rowsOut: num(p["rowsOut"]),
        bytes: num(p["bytes"]),
      });
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]?.seq ?? after;
  }
  return reused;
}
