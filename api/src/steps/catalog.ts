/**
 * The step catalog: every kind of step a pipeline can use, with the JSON Schema of its config.
 * SQL expressions in configs are validated and run by the tabular engine, never evaluated as JavaScript.
 */
import { RULE_JSON_SCHEMA } from "../quality/rule-schema.js";
import type { JsonSchema, StepKindInfo } from "./step-kind.js";

const str = (title: string, extra: JsonSchema = {}): JsonSchema => ({ type: "string", title, ...extra });
const int = (title: string, extra: JsonSchema = {}): JsonSchema => ({ type: "integer", title, ...extra });
const bool = (title: string, dflt: boolean): JsonSchema => ({ type: "boolean", title, default: dflt });
const columnName = (title = "Column"): JsonSchema => str(title, { minLength: 1, maxLength: 128 });
const columnList = (title: string, minItems = 1): JsonSchema => ({
  type: "array",
  title,
  items: columnName(),
  minItems,
  uniqueItems: true,
});
const object = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: "object",
  properties,
  required,
  additionalProperties: false,
});
const arrayOf = (title: string, item: JsonSchema, minItems = 1): JsonSchema => ({
  type: "array",
  title,
  items: item,
  minItems,
});
const sqlExpression = (title: string): JsonSchema =>
  str(title, { minLength: 1, maxLength: 10_000, format: "sql-expression" });
const FILE_FORMATS = ["CSV", "PARQUET", "JSON"];
const DATA_TYPES = ["BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP"];

const source = (kind: Omit<StepKindInfo, "category" | "minInputs" | "maxInputs" | "hasOutput">): StepKindInfo => ({
  ...kind,
  category: "EXTRACT",
  minInputs: 0,
  maxInputs: 0,
  hasOutput: true,
});
const transform = (
  kind: Omit<StepKindInfo, "category" | "minInputs" | "maxInputs" | "hasOutput">,
  inputs: [number, number] = [1, 1],
): StepKindInfo => ({ ...kind, category: "TRANSFORM", minInputs: inputs[0], maxInputs: inputs[1], hasOutput: true });

export const STEP_KINDS: readonly StepKindInfo[] = [
  source({
    id: "extract_dataset",
    title: "Dataset",
    description: "Reads an uploaded or registered dataset.",
    configSchema: object({ datasetId: str("Dataset", { minLength: 1, format: "dataset-id" }) }, ["datasetId"]),
  }),
  source({
    id: "extract_file",
    title: "File",
    description: "Reads a CSV, Parquet or JSON file inside the data directory.",
    configSchema: object(
      {
        path: str("Path (relative to the data directory)", { minLength: 1, maxLength: 1024 }),
        format: str("Format", { enum: FILE_FORMATS, default: "CSV" }),
        header: bool("CSV has a header row", true),
        delimiter: str("CSV delimiter", { minLength: 1, maxLength: 1, default: "," }),
      },
      ["path"],
    ),
  }),
  source({
    id: "extract_http",
    title: "HTTP(S) URL",
    description: "Downloads a CSV, Parquet or JSON file from a public URL (private and loopback addresses refused).",
    configSchema: object(
      {
        url: str("URL", { minLength: 1, maxLength: 2048, pattern: "^https?://" }),
        format: str("Format", { enum: FILE_FORMATS, default: "CSV" }),
        maxBytes: int("Size cap in bytes", { minimum: 1, maximum: 1_073_741_824, default: 104_857_600 }),
        timeoutMs: int("Timeout (ms)", { minimum: 100, maximum: 600_000, default: 30_000 }),
      },
      ["url"],
    ),
  }),
  source({
    id: "extract_collection",
    title: "Collection",
    description: "Reads rows loaded earlier into a collection of the store, optionally filtered by field equality.",
    configSchema: object(
      {
        collection: str("Collection", { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" }),
        filter: {
          type: "object",
          title: "Equality filter (field → value)",
          additionalProperties: { type: ["string", "number", "boolean", "null"] },
        },
      },
      ["collection"],
    ),
  }),
  source({
    id: "extract_sample",
    title: "Sample data",
    description: "Reads a data set shipped with Millrace: the HMP wrist-accelerometer recordings (392,080 rows).",
    configSchema: object({ sample: str("Sample", { enum: ["hmp"], default: "hmp" }) }, ["sample"]),
  }),
  source({
    id: "extract_synthetic",
    title: "Synthetic data",
    description: "Generates rows from a seeded random generator: ids, numeric columns, a category and a timestamp.",
    configSchema: object(
      {
        rows: int("Rows", { minimum: 1, maximum: 100_000_000, default: 10_000 }),
        numericColumns: int("Numeric columns", { minimum: 0, maximum: 100, default: 5 }),
        categories: int("Distinct categories", { minimum: 1, maximum: 1000, default: 5 }),
        seed: int("Seed", { minimum: 0, default: 42 }),
      },
      ["rows"],
    ),
  }),
  transform({
    id: "select",
    title: "Select / rename",
    description: "Keeps the listed columns, in order, optionally renamed.",
    configSchema: object(
      { columns: arrayOf("Columns", object({ name: columnName(), as: columnName("Rename to") }, ["name"])) },
      ["columns"],
    ),
  }),
  transform({
    id: "filter",
    title: "Filter rows",
    description: "Keeps rows for which a SQL boolean expression is true, e.g. x > 10 AND class <> 'Walk'.",
    configSchema: object({ where: sqlExpression("Condition (SQL)") }, ["where"]),
  }),
  transform({
    id: "derive",
    title: "Derive columns",
    description: "Adds (or replaces) columns computed by SQL expressions, e.g. sqrt(x*x + y*y + z*z).",
    configSchema: object(
      {
        columns: arrayOf(
          "Columns",
          object({ name: columnName("New column"), expression: sqlExpression("Expression (SQL)") }, [
            "name",
            "expression",
          ]),
        ),
      },
      ["columns"],
    ),
  }),
  transform({
    id: "cast",
    title: "Cast types",
    description: "Converts columns to other types; a value that does not convert fails the step with its row.",
    configSchema: object(
      {
        columns: arrayOf(
          "Columns",
          object({ name: columnName(), type: str("Type", { enum: DATA_TYPES }) }, ["name", "type"]),
        ),
      },
      ["columns"],
    ),
  }),
  transform({
    id: "fill_nulls",
    title: "Fill nulls",
    description: "Replaces nulls in columns by a constant, or by the column's mean, median or most frequent value.",
    configSchema: object(
      {
        columns: arrayOf(
          "Columns",
          object(
            {
              name: columnName(),
              strategy: str("Strategy", { enum: ["CONSTANT", "MEAN", "MEDIAN", "MODE"], default: "CONSTANT" }),
              value: { type: ["string", "number", "boolean"], title: "Constant" },
            },
            ["name"],
          ),
        ),
      },
      ["columns"],
    ),
  }),
  transform({
    id: "dedupe",
    title: "Remove duplicates",
    description: "Keeps the first row of each distinct key (all columns when no key is given).",
    configSchema: object({ columns: columnList("Key columns (empty = all)", 0) }),
  }),
  transform({
    id: "sort",
    title: "Sort",
    description: "Orders rows by one or more columns.",
    configSchema: object(
      { by: arrayOf("Order by", object({ column: columnName(), descending: bool("Descending", false) }, ["column"])) },
      ["by"],
    ),
  }),
  transform({
    id: "limit",
    title: "Limit / sample",
    description: "Keeps the first N rows, or a seeded random sample by row count or fraction.",
    configSchema: object({
      mode: str("Mode", { enum: ["FIRST", "SAMPLE_ROWS", "SAMPLE_FRACTION"], default: "FIRST" }),
      rows: int("Rows", { minimum: 0, default: 1000 }),
      fraction: { type: "number", title: "Fraction", exclusiveMinimum: 0, maximum: 1 },
      seed: int("Seed", { minimum: 0, default: 42 }),
    }),
  }),
  transform({
    id: "aggregate",
    title: "Aggregate (group by)",
    description: "Groups rows by key columns and computes aggregates per group.",
    configSchema: object(
      {
        groupBy: columnList("Group by", 0),
        aggregations: arrayOf(
          "Aggregations",
          object(
            {
              fn: str("Function", {
                enum: ["COUNT", "SUM", "AVG", "MIN", "MAX", "STDDEV", "MEDIAN", "COUNT_DISTINCT"],
              }),
              column: columnName("Column (empty for COUNT)"),
              as: columnName("Result column"),
            },
            ["fn", "as"],
          ),
        ),
      },
      ["aggregations"],
    ),
  }),
  transform(
    {
      id: "join",
      title: "Join",
      description: "Joins two inputs (left = first connected, right = second) on key columns.",
      configSchema: object(
        {
          type: str("Join type", { enum: ["INNER", "LEFT"], default: "INNER" }),
          leftKeys: columnList("Left keys"),
          rightKeys: columnList("Right keys"),
        },
        ["leftKeys", "rightKeys"],
      ),
    },
    [2, 2],
  ),
  transform(
    {
      id: "union",
      title: "Union",
      description: "Stacks the rows of several inputs with the same columns (matched by name).",
      configSchema: object({ distinct: bool("Remove duplicate rows", false) }),
    },
    [2, 16],
  ),
  transform({
    id: "window",
    title: "Time-series windows",
    description:
      "Cuts each partition (e.g. one HMP recording) into windows of N rows every M rows and computes per-window statistics.",
    configSchema: object(
      {
        partitionBy: columnList("Partition by"),
        orderBy: columnName("Order by (empty = input order)"),
        size: int("Window size (rows)", { minimum: 1, maximum: 100_000, default: 64 }),
        step: int("Step (rows)", { minimum: 1, maximum: 100_000, default: 32 }),
        columns: columnList("Columns to summarise"),
        stats: {
          type: "array",
          title: "Statistics",
          items: { type: "string", enum: ["MEAN", "STD", "MIN", "MAX", "MAGNITUDE_MEAN"] },
          minItems: 1,
          uniqueItems: true,
          default: ["MEAN", "STD", "MIN", "MAX"],
        },
        keep: columnList("Columns copied from the window's first row", 0),
      },
      ["partitionBy", "columns"],
    ),
  }),
  transform(
    {
      id: "sql",
      title: "Custom SQL",
      description: "A SELECT over the inputs, named input1, input2, ... (input = input1).",
      configSchema: object(
        { query: str("Query (SQL SELECT)", { minLength: 1, maxLength: 100_000, format: "sql-query" }) },
        ["query"],
      ),
    },
    [1, 8],
  ),
  transform({
    id: "convert",
    title: "Convert format",
    description: "Writes the input as CSV, Parquet or JSON in the run's output folder and passes it on.",
    configSchema: object({ to: str("Format", { enum: FILE_FORMATS, default: "PARQUET" }) }, ["to"]),
  }),
  {
    id: "validate",
    category: "VALIDATE",
    title: "Data quality gate",
    description: "Checks rules on the input; in block mode a failing rule stops downstream steps.",
    configSchema: object(
      {
        mode: str("Mode", { enum: ["BLOCK", "WARN"], default: "BLOCK" }),
        rules: { type: "array", title: "Rules", items: RULE_JSON_SCHEMA, minItems: 0 },
      },
      ["rules"],
    ),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: true,
  },
  {
    id: "load_collection",
    category: "LOAD",
    title: "Load into collection",
    description:
      "Writes rows into a collection of the store: replace, append, or upsert on a key (retries never duplicate).",
    configSchema: object(
      {
        collection: str("Collection", { pattern: "^[A-Za-z][A-Za-z0-9_]{0,63}$" }),
        mode: str("Mode", { enum: ["REPLACE", "APPEND", "UPSERT"], default: "REPLACE" }),
        key: columnList("Upsert key", 0),
      },
      ["collection"],
    ),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: true,
  },
  {
    id: "load_file",
    category: "LOAD",
    title: "Write file",
    description: "Writes a CSV, Parquet or JSON file inside the data directory, atomically (temp file + rename).",
    configSchema: object(
      {
        path: str("Path (relative to the data directory)", { minLength: 1, maxLength: 1024 }),
        format: str("Format", { enum: FILE_FORMATS, default: "PARQUET" }),
      },
      ["path"],
    ),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: true,
  },
  {
    id: "train",
    category: "TRAIN",
    title: "Train model",
    description: "Trains a classifier on the input and records an experiment with its metrics.",
    configSchema: object(
      {
        algorithm: str("Algorithm", {
          enum: ["RandomForest", "GradientBoosting", "LogisticRegression", "SVM", "KNN", "NaiveBayes"],
          default: "RandomForest",
        }),
        target: columnName("Target column"),
        features: columnList("Feature columns (empty = all others)", 0),
        categorical: columnList("Feature columns to one-hot encode", 0),
        groupBy: columnName("Group column for the split (rows of a group stay together)"),
        params: {
          type: "object",
          title: "Hyper-parameters",
          additionalProperties: { type: ["string", "number", "boolean", "null"] },
        },
        testFraction: {
          type: "number",
          title: "Held-out fraction",
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          default: 0.2,
        },
        cvFolds: int("Cross-validation folds (instead of a held-out fraction)", { minimum: 2, maximum: 20 }),
        seed: int("Seed", { minimum: 0, default: 42 }),
        registerAs: str("Register as model (optional)", { pattern: "^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$" }),
      },
      ["algorithm", "target"],
    ),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: true,
  },
  {
    id: "automl",
    category: "TRAIN",
    title: "AutoML search",
    description:
      "Searches algorithms and hyper-parameters within a budget by cross-validation and registers the best model.",
    configSchema: object(
      {
        target: columnName("Target column"),
        features: columnList("Feature columns (empty = all others)", 0),
        categorical: columnList("Feature columns to one-hot encode", 0),
        groupBy: columnName("Group column for the folds (rows of a group stay together)"),
        algorithms: {
          type: "array",
          title: "Algorithms",
          items: {
            type: "string",
            enum: ["RandomForest", "GradientBoosting", "LogisticRegression", "SVM", "KNN", "NaiveBayes"],
          },
          minItems: 1,
          uniqueItems: true,
          default: ["RandomForest", "GradientBoosting", "LogisticRegression", "SVM"],
        },
        strategy: str("Search strategy", { enum: ["GRID", "RANDOM", "SUCCESSIVE_HALVING"], default: "RANDOM" }),
        metric: str("Metric to optimise (log_loss is minimised)", {
          enum: ["accuracy", "f1_macro", "f1_weighted", "precision_macro", "recall_macro", "roc_auc", "log_loss"],
          default: "accuracy",
        }),
        paramGrids: {
          type: "object",
          title: "Parameter grids (algorithm → param → values; default: the built-in grids)",
          additionalProperties: { type: "object", additionalProperties: { type: "array", minItems: 1 } },
        },
        maxTrials: int("Max trials", { minimum: 1, maximum: 10_000, default: 20 }),
        timeBudgetSeconds: int("Time budget (s)", { minimum: 1, maximum: 86_400, default: 300 }),
        folds: int("CV folds", { minimum: 2, maximum: 20, default: 5 }),
        seed: int("Seed", { minimum: 0, default: 42 }),
        registerAs: str("Register the best as model", { pattern: "^[A-Za-z0-9][A-Za-z0-9 _.-]{0,127}$" }),
      },
      ["target"],
    ),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: true,
  },
  {
    id: "deploy_model",
    category: "TRAIN",
    title: "Deploy model",
    description: "Points a registry alias (e.g. champion) at the model version trained upstream.",
    configSchema: object({ alias: str("Alias", { pattern: "^[a-z][a-z0-9_-]{0,63}$", default: "champion" }) }, [
      "alias",
    ]),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: false,
  },
  {
    id: "predict",
    category: "PREDICT",
    title: "Predict",
    description: "Adds the predictions (and class probabilities) of a registered model to each row.",
    configSchema: object(
      {
        model: str("Model (name@alias or name/version)", { minLength: 1, maxLength: 256 }),
        outputColumn: columnName("Prediction column"),
        probabilities: bool("Add class probability columns", false),
      },
      ["model"],
    ),
    minInputs: 1,
    maxInputs: 1,
    hasOutput: true,
  },
];
