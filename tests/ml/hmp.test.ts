/**
 * HMP end to end: recordings → 2 s windows → a model of the 14 activities, evaluated on recordings it never saw;
 * the seeded "ML Training Pipeline" and "Full ETL" demos run to SUCCEEDED; the deployed model scores windows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/millrace.js";
import { createPipeline, runToEnd, stepOf, type EventView } from "../support/runs.js";

/** Measured: 0.623 (RandomForest) and 0.629 (GradientBoosting) on 2,172 held-out windows of 146 unseen recordings. */
const ACCURACY_FLOOR = 0.58;
const ACTIVITIES = [
  "Brush_teeth",
  "Climb_stairs",
  "Comb_hair",
  "Descend_stairs",
  "Drink_glass",
  "Eat_meat",
  "Eat_soup",
  "Getup_bed",
  "Liedown_bed",
  "Pour_water",
  "Sitdown_chair",
  "Standup_chair",
  "Use_telephone",
  "Walk",
];
const FEATURES = [
  ...["x", "y", "z"].flatMap((a) => ["mean", "std", "min", "max"].map((s) => `${a}_${s}`)),
  "magnitude_mean",
];

let server: TestServer;

const metric = (events: EventView[], node: string, name: string): number =>
  events.find((e) => e.type === "METRIC" && e.nodeId === node && e.payload.name === name)?.payload.value as number;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
});
afterAll(() => server.stop());

describe("HMP", () => {
  it("windows → train by recording → a model of the 14 activities above the accuracy floor", async () => {
    const pipelineId = await createPipeline(server, {
      name: "HMP e2e",
      nodes: [
        { id: "extract", kind: "extract_sample", config: { sample: "hmp" } },
        {
          id: "windows",
          kind: "window",
          config: {
            partitionBy: ["source"],
            size: 64,
            step: 32,
            columns: ["x", "y", "z"],
            stats: ["MEAN", "STD", "MIN", "MAX", "MAGNITUDE_MEAN"],
            keep: ["class"],
          },
        },
        {
          id: "train",
          kind: "train",
          config: {
            algorithm: "RandomForest",
            target: "class",
            features: FEATURES,
            groupBy: "source",
            testFraction: 0.2,
            seed: 42,
            registerAs: "HMP e2e",
          },
        },
      ],
      edges: [
        { source: "extract", target: "windows" },
        { source: "windows", target: "train" },
      ],
    });
    const { run, events } = await runToEnd(server, pipelineId);
    expect(run.error).toBeNull();
    expect(stepOf(run, "windows").rowsOut).toBe(11_171);
    const accuracy = metric(events, "train", "accuracy");
    expect(accuracy).toBeGreaterThan(ACCURACY_FLOOR);
    expect(metric(events, "train", "f1_weighted")).toBeGreaterThan(ACCURACY_FLOOR - 0.05);

    const experiment = (await server.app.stores.experiments.list({}, { first: 10 })).items.find(
      (e) => e.runId === run.id,
    )!;
    expect(experiment.classLabels).toEqual(ACTIVITIES);
    expect(experiment.split).toMatchObject({ kind: "HOLDOUT", groupBy: "source", testFraction: 0.2 });
    // Split by recording: the held-out windows come from whole recordings (about a fifth of each activity's).
    expect(experiment.metrics["test_rows"]! + experiment.metrics["train_rows"]!).toBe(11_171);
    expect(experiment.confusionMatrix!.map((row) => row.reduce((a, b) => a + b, 0)).every((n) => n > 0)).toBe(true);
    const model = await server.app.services.models.resolve("HMP e2e/1");
    expect(model.classLabels).toEqual(ACTIVITIES);
  }, 120_000);

  it("runs the seeded ML Training Pipeline and Full ETL demos to SUCCEEDED", async () => {
    const training = await runToEnd(server, "ml-training");
    expect(training.run.error).toBeNull();
    expect(training.run.status).toBe("SUCCEEDED");
    expect(metric(training.events, "train", "accuracy")).toBeGreaterThan(ACCURACY_FLOOR);
    expect(metric(training.events, "deploy", "model_version")).toBe(1);

    const full = await runToEnd(server, "full-etl");
    expect(full.run.error).toBeNull();
    expect(full.run.status).toBe("SUCCEEDED");
    expect(metric(full.events, "train", "train_rows") + metric(full.events, "train", "test_rows")).toBe(392_080);
    const raw = await server.gql<{ registeredModel: { aliases: Array<{ alias: string; version: number }> } }>(
      `{ registeredModel(name: "HMP Raw Classifier") { aliases { alias version } } }`,
    );
    expect(raw.data!.registeredModel.aliases).toEqual([{ alias: "champion", version: 1 }]);
  }, 180_000);

  it("scores every window with the deployed champion (predict step and REST)", async () => {
    const pipelineId = await createPipeline(server, {
      name: "HMP scoring",
      nodes: [
        { id: "extract", kind: "extract_sample", config: { sample: "hmp" } },
        {
          id: "windows",
          kind: "window",
          config: {
            partitionBy: ["source"],
            size: 64,
            step: 32,
            columns: ["x", "y", "z"],
            stats: ["MEAN", "STD", "MIN", "MAX", "MAGNITUDE_MEAN"],
            keep: ["class"],
          },
        },
        {
          id: "score",
          kind: "predict",
          config: { model: "HMP Activity Classifier@champion", outputColumn: "activity", probabilities: true },
        },
        { id: "hits", kind: "aggregate", config: { aggregations: [{ fn: "COUNT", as: "n" }], groupBy: [] } },
      ],
      edges: [
        { source: "extract", target: "windows" },
        { source: "windows", target: "score" },
        { source: "score", target: "hits" },
      ],
    });
    const { run, events } = await runToEnd(server, pipelineId);
    expect(run.error).toBeNull();
    expect(metric(events, "score", "rows_predicted")).toBe(11_171);
    const preview = await server.gql<{
      stepOutputPreview: { columns: Array<{ name: string }>; rows: Array<Record<string, unknown>> };
    }>(`query($r: ID!) { stepOutputPreview(runId: $r, nodeId: "score", limit: 1000) { columns { name } rows } }`, {
      r: run.id,
    });
    const { columns, rows } = preview.data!.stepOutputPreview;
    expect(columns.map((c) => c.name)).toEqual(expect.arrayContaining(["activity", "activity_proba_Walk"]));
    expect(rows.filter((r) => r["activity"] === r["class"]).length / rows.length).toBeGreaterThan(ACCURACY_FLOOR);

    const window = Object.fromEntries(FEATURES.map((f) => [f, rows[0]![f]]));
    const res = await fetch(`${server.url}/api/models/HMP%20Activity%20Classifier/champion/predict`, {
      method: "POST",
      headers: { "content-type": "application/json", ...server.auth },
      body: JSON.stringify({ rows: [window] }),
    });
    const body = (await res.json()) as { predictions: Array<{ label: string; probabilities: Record<string, number> }> };
    expect(res.status).toBe(200);
    expect(body.predictions[0]!.label).toBe(rows[0]!["activity"]);
    expect(Object.keys(body.predictions[0]!.probabilities)).toEqual(ACTIVITIES);
    expect(body.predictions[0]!.probabilities.Walk).toBeCloseTo(rows[0]!["activity_proba_Walk"] as number, 12);
  }, 60_000);
});
