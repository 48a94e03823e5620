/**
 * The demo pipelines: the original product's four, and the branching full-ETL DAG of the original Spark project,
 * as real DAGs over the shipped HMP sample.
 */
import type { PipelineChanges } from "../pipelines/pipeline.service.js";
import type { WindowSpec } from "../steps/impl/window-step.js";

type DemoPipeline = PipelineChanges & { id: string; name: string };

const at = (x: number, y: number) => ({ x, y });
const hmpSource = { id: "extract", kind: "extract_sample", label: "HMP recordings", config: { sample: "hmp" } };
/** The demos' HMP windows: 2 s (64 readings at 32 Hz) every second, per recording (also what bench/ml trains on). */
export const HMP_WINDOW_SPEC: WindowSpec = {
  partitionBy: ["source"],
  size: 64,
  step: 32,
  columns: ["x", "y", "z"],
  stats: ["MEAN", "STD", "MIN", "MAX", "MAGNITUDE_MEAN"],
  keep: ["class"],
};
const windows = { kind: "window", label: "2 s windows per recording", config: { ...HMP_WINDOW_SPEC } };
/** What models learn from: the window statistics (not window_index, the position of a window in its recording). */
export const HMP_WINDOW_FEATURES = [
  ...["x", "y", "z"].flatMap((axis) => ["mean", "std", "min", "max"].map((stat) => `${axis}_${stat}`)),
  "magnitude_mean",
];
const qualityRules = [
  { type: "not_null", columns: ["x", "y", "z", "source", "class"], severity: "HIGH" },
  { type: "range", columns: ["x", "y", "z"], min: 0, max: 63, severity: "HIGH" },
  { type: "row_count", min: 1000, severity: "MEDIUM" },
];

export const DEMO_PIPELINES: readonly DemoPipeline[] = [
  {
    id: "hmp-etl",
    name: "HMP Data ETL Pipeline",
    description:
      "Extracts the HMP accelerometer CSV, converts it to Parquet, checks its quality and loads it into a collection.",
    tags: ["demo", "etl"],
    nodes: [
      { ...hmpSource, position: at(0, 100) },
      { id: "to-parquet", kind: "convert", label: "CSV to Parquet", config: { to: "PARQUET" }, position: at(260, 100) },
      {
        id: "validate",
        kind: "validate",
        label: "Quality gate",
        config: { mode: "BLOCK", rules: qualityRules },
        position: at(520, 100),
      },
      {
        id: "load",
        kind: "load_collection",
        label: "Load readings",
        config: { collection: "hmp_readings", mode: "REPLACE" },
        position: at(780, 100),
      },
    ],
    edges: [
      { source: "extract", target: "to-parquet" },
      { source: "to-parquet", target: "validate" },
      { source: "validate", target: "load" },
    ],
  },
  {
    id: "ml-training",
    name: "ML Training Pipeline",
    description:
      "Cuts each recording into 2-second windows, trains an activity classifier split by recording, and deploys it.",
    tags: ["demo", "ml"],
    nodes: [
      { ...hmpSource, position: at(0, 100) },
      { id: "windows", ...windows, position: at(260, 100) },
      {
        id: "train",
        kind: "train",
        label: "Train gradient boosting",
        config: {
          algorithm: "GradientBoosting",
          target: "class",
          features: HMP_WINDOW_FEATURES,
          groupBy: "source",
          testFraction: 0.2,
          seed: 42,
          registerAs: "HMP Activity Classifier",
        },
        position: at(520, 100),
      },
      {
        id: "deploy",
        kind: "deploy_model",
        label: "Deploy as champion",
        config: { alias: "champion" },
        position: at(780, 100),
      },
    ],
    edges: [
      { source: "extract", target: "windows" },
      { source: "windows", target: "train" },
      { source: "train", target: "deploy" },
    ],
  },
  {
    id: "data-quality",
    name: "Data Quality Check",
    description: "Checks completeness, ranges and allowed activity labels of the HMP data and records the results.",
    tags: ["demo", "quality"],
    nodes: [
      { ...hmpSource, position: at(0, 100) },
      {
        id: "validate",
        kind: "validate",
        label: "Quality rules",
        config: {
          mode: "WARN",
          rules: [
            ...qualityRules,
            {
              type: "pattern",
              column: "source",
              pattern: "^Accelerometer-[0-9-]+-[a-z_]+-[fm][0-9]+\\.txt$",
              severity: "LOW",
            },
          ],
        },
        position: at(260, 100),
      },
    ],
    edges: [{ source: "extract", target: "validate" }],
  },
  {
    id: "automl",
    name: "AutoML Pipeline",
    description:
      "Searches algorithms and hyper-parameters on HMP windows with grouped cross-validation and registers the best.",
    tags: ["demo", "ml", "automl"],
    nodes: [
      { ...hmpSource, position: at(0, 100) },
      { id: "windows", ...windows, position: at(260, 100) },
      {
        id: "search",
        kind: "automl",
        label: "AutoML search",
        config: {
          target: "class",
          features: HMP_WINDOW_FEATURES,
          groupBy: "source",
          strategy: "RANDOM",
          maxTrials: 20,
          timeBudgetSeconds: 300,
          folds: 5,
          seed: 42,
          registerAs: "HMP AutoML",
        },
        position: at(520, 100),
      },
    ],
    edges: [
      { source: "extract", target: "windows" },
      { source: "windows", target: "search" },
    ],
  },
  {
    id: "full-etl",
    name: "Full ETL (Spark original)",
    description:
      "The original Spark project's branching DAG: Input → CSV to Parquet → {Parquet to CSV, Train → Deploy}.",
    tags: ["demo", "etl", "ml"],
    nodes: [
      { ...hmpSource, label: "Input", position: at(0, 150) },
      { id: "to-parquet", kind: "convert", label: "CSV to Parquet", config: { to: "PARQUET" }, position: at(260, 150) },
      { id: "to-csv", kind: "convert", label: "Parquet to CSV", config: { to: "CSV" }, position: at(520, 50) },
      {
        id: "train",
        kind: "train",
        label: "Train",
        config: {
          algorithm: "RandomForest",
          target: "class",
          features: ["x", "y", "z"],
          groupBy: "source",
          // 392,080 raw readings: a small, shallow forest keeps this demo step to seconds (single readings carry
          // little signal anyway; the ML Training Pipeline's windows are what make activities learnable).
          params: { n_estimators: 30, max_depth: 12, min_samples_leaf: 20 },
          seed: 42,
          registerAs: "HMP Raw Classifier",
        },
        position: at(520, 250),
      },
      { id: "deploy", kind: "deploy_model", label: "Deploy", config: { alias: "champion" }, position: at(780, 250) },
    ],
    edges: [
      { source: "extract", target: "to-parquet" },
      { source: "to-parquet", target: "to-csv" },
      { source: "to-parquet", target: "train" },
      { source: "train", target: "deploy" },
    ],
  },
];
