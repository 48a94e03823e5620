import { DomainError, BadInputError } from "../common/errors.js";
import type { DataEngine, Preview } from "../data/data-engine.js";
import type { StepOutput } from "../engine/step-runtime.js";
import type { RunService } from "./run.service.js";

export interface StepOutputPreview extends Preview {
  runId: string;
  nodeId: string;
  rowCount: number;
}

const MAX_PREVIEW_ROWS = 1000;

/** Reads back what finished steps produced: schema and first rows of a step's stored output. */
export class StepOutputService {
  constructor(
    private readonly runs: RunService,
    private readonly engine: DataEngine,
  ) {}

  async preview(runId: string, nodeId: string, limit: number): Promise<StepOutputPreview> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PREVIEW_ROWS) {
      throw new BadInputError("limit", `must be an integer from 0 to ${MAX_PREVIEW_ROWS}`);
    }
    const output = await this.outputOf(runId, nodeId);
    const preview = await this.engine.preview(output.location, limit);
    return { runId, nodeId, rowCount: output.rows, ...preview };
  }

  /** The output of the step's successful attempt (from its STEP_SUCCEEDED event). */
  async outputOf(runId: string, nodeId: string): Promise<StepOutput> {
    const run = await this.runs.get(runId);
    const step = run.steps.find((s) => s.nodeId === nodeId);
    if (!step) throw new BadInputError("nodeId", `run "${runId}" has no node "${nodeId}"`);
    if (step.status !== "SUCCEEDED") {
      throw new DomainError(
        "NOT_FOUND",
        `node "${nodeId}" of run "${runId}" is ${step.status}: only a succeeded step has an output`,
        {
          status: step.status,
        },
      );
    }
    let output: StepOutput | null = null;
    for (let after = 0; ;) {
      const page = await this.runs.events(runId, after, 1000);
      for (const event of page) {
        if (event.type === "STEP_SUCCEEDED" && event.nodeId === nodeId)
          output = (event.payload["output"] as StepOutput | null | undefined) ?? null;
      }
      if (page.length < 1000) break;
      after = page[page.length - 1]?.seq ?? after;
    }
    if (!output) throw new DomainError("NOT_FOUND", `node "${nodeId}" of run "${runId}" produces no table`);
    return output;
  }
}
