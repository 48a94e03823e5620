/** Every step kind implemented over the data engine, by kind id. */
import { extractHttp } from "./extract-http.js";
import { extractDataset, extractFile, extractSample, extractSynthetic } from "./extract-steps.js";
import { convertFormat, loadFile } from "./load-steps.js";
import { castColumns, deriveColumns, fillNulls, filterRows, selectColumns } from "./row-steps.js";
import { sqlQuery } from "./sql-step.js";
import type { StepFunction } from "./step-context.js";
import { aggregateRows, dedupeRows, joinTables, limitRows, sortRows, unionTables } from "./table-steps.js";
import { windowRows } from "./window-step.js";

export const DATA_STEPS: Readonly<Record<string, StepFunction>> = {
  extract_dataset: extractDataset,
  extract_file: extractFile,
  extract_http: extractHttp,
  extract_sample: extractSample,
  extract_synthetic: extractSynthetic,
  select: selectColumns,
  filter: filterRows,
  derive: deriveColumns,
  cast: castColumns,
  fill_nulls: fillNulls,
  dedupe: dedupeRows,
  sort: sortRows,
  limit: limitRows,
  aggregate: aggregateRows,
  join: joinTables,
  union: unionTables,
  window: windowRows,
  sql: sqlQuery,
  convert: convertFormat,
  load_file: loadFile,
};
