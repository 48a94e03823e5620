/**
 * What a training form (an experiment, an AutoML search) learns from: dataset, target, features and grouping
 * column; the checks both forms make of it, and which features go as categorical. Pure.
 */

export interface DataChoice {
  datasetId: string;
  target: string;
  features: readonly string[];
  groupBy: string;
}

const NUMERIC_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|BOOLEAN)\b/i;

/** Whether a column of this engine type feeds a model as a number (others must be one-hot encoded). */
export function isNumericType(type: string): boolean {
  return NUMERIC_TYPE.test(type.trim());
}

/** A dataset's numeric columns: the features a newly chosen dataset starts with. */
export function numericColumns(columns: ReadonlyArray<{ name: string; type: string }> | undefined): string[] {
  return (columns ?? []).filter((c) => isNumericType(c.type)).map((c) => c.name);
}

/**
 * The features to send (neither the target nor the grouping column); a missing dataset or target, or no feature
 * left, is added to `errors` under `datasetId`, `target` or `features`.
 */
export function checkDataChoice(choice: DataChoice, errors: Partial<Record<string, string>>): string[] {
  if (choice.datasetId === "") errors["datasetId"] = "Choose a dataset.";
  if (choice.target === "") errors["target"] = "Choose the column to predict.";
  const features = choice.features.filter((f) => f !== choice.target && f !== choice.groupBy);
  if (choice.datasetId !== "" && choice.target !== "" && features.length === 0)
    errors["features"] = "Pick at least one feature besides the target.";
  return features;
}

/** The features whose columns are not numeric: the API one-hot encodes them as categorical. */
export function categoricalFeatures(
  features: readonly string[],
  columns: ReadonlyArray<{ name: string; type: string }>,
): string[] {
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  return features.filter((f) => !isNumericType(typeOf.get(f) ?? "VARCHAR"));
}
