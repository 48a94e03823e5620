/** What the catalog says about one kind of step. Behaviour (the run function) is attached by the engine. */
export const STEP_CATEGORIES = ["EXTRACT", "TRANSFORM", "VALIDATE", "LOAD", "TRAIN", "PREDICT"] as const;
export type StepCategory = (typeof STEP_CATEGORIES)[number];

export type JsonSchema = Record<string, unknown>;

export interface StepKindInfo {
  /** Stable identifier saved in pipelines, e.g. "filter". */
  id: string;
  category: StepCategory;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12 subset) of the node's `config`; the editor builds its form from it. */
  configSchema: JsonSchema;
  minInputs: number;
  maxInputs: number;
  /** Whether the step produces a table that downstream steps can read. */
  hasOutput: boolean;
}
