/** Data quality: rule checks, evaluation, metrics and score, profiling, and the validate step. */
export { columnKind, type ColumnKind } from "./column-kinds.js";
export {
  APPROXIMATE_FROM_ROWS,
  ESTIMATE_CONFIDENCE,
  EXACT_DISTINCT_LIMIT,
  profileTable,
  PROFILE_QUANTILES,
  type ColumnEstimates,
  type ColumnProfile,
  type Histogram,
  type HistogramBin,
  type ProfileOptions,
  type Quantiles,
  type TableProfile,
  type ValueCount,
} from "./profiler.js";
export { RuleConfigError, runQualityCheck, type QualityCheckOptions } from "./quality-check.js";
export { buildReport, type ColumnQuality, type QualityIssue, type QualityReport } from "./quality-report.js";
export { datasetReferences } from "./reference-tables.js";
export { checkRules, readRules, type RuleCheckEngine, type RuleCheckOptions } from "./rule-check.js";
export {
  evaluateRules,
  DEFAULT_SAMPLE_SIZE,
  type ColumnFailures,
  type EvaluateOptions,
  type RuleEvaluation,
  type RuleResult,
  type SampleRow,
} from "./rule-evaluator.js";
export { parseRules, type RuleProblem } from "./rule-parser.js";
export * from "./rule-types.js";
export {
  QualityGateError,
  referencedTables,
  validateStep,
  type ReferenceContext,
  type ValidateStepDeps,
  type ValidationDetails,
  type ValidationStatus,
} from "./validate-step.js";
