import { readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepOutput } from "../../api/src/engine/step-runtime.js";
import { openHarness, REPO_DATA, stepError, type Harness } from "./support/harness.js";

let h: Harness;
let hmp: StepOutput;
// The HMP file parsed here in plain JS, independently of the engine: rows grouped by recording, in file order.
const recordings = new Map<string, Array<{ x: number; y: number; z: number; cls: string }>>();

beforeAll(async () => {
  h = await openHarness();
  hmp = (await h.step("extract_sample", { sample: "hmp" })).output!;
  const text = gunzipSync(await readFile(path.join(REPO_DATA, "hmp/hmp.csv.gz"))).toString("utf8");
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line === "") continue;
    const [x, y, z, source, cls] = line.split(",");
    const rows = recordings.get(source!) ?? [];
    rows.push({ x: Number(x), y: Number(y), z: Number(z), cls: cls! });
    recordings.set(source!, rows);
  }
});
afterAll(async () => {
  await h.close();
});

describe("window", () => {
  it("cuts each HMP recording into full windows of 64 rows every 32", async () => {
    const expected = [...recordings.values()].reduce(
      (sum, rows) => sum + (rows.length >= 64 ? Math.floor((rows.length - 64) / 32) + 1 : 0),
      0,
    );
    expect([...recordings.values()].reduce((sum, rows) => sum + rows.length, 0)).toBe(392_080);
    const r = await h.step(
      "window",
      {
        partitionBy: ["source"],
        size: 64,
        step: 32,
        columns: ["x", "y", "z"],
        stats: ["MEAN", "STD", "MIN", "MAX", "MAGNITUDE_MEAN"],
        keep: ["class"],
      },
      [hmp],
    );
    expect(r.rowsIn).toBe(392_080);
    expect(r.rowsOut).toBe(expected);
    expect(r.output!.columns.map((c) => c.name)).toEqual([
      "source",
      "window_index",
      "class",
      "x_mean",
      "x_std",
      "x_min",
      "x_max",
      "y_mean",
      "y_std",
      "y_min",
      "y_max",
      "z_mean",
      "z_std",
      "z_min",
      "z_max",
      "magnitude_mean",
    ]);

    // The second window of the first recording, recomputed from the raw rows.
    const [source, rows] = [...recordings.entries()][0]!;
    const slice = rows.slice(32, 96);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const xs = slice.map((row) => row.x);
    const std = Math.sqrt(xs.reduce((a, v) => a + (v - mean(xs)) ** 2, 0) / (xs.length - 1));
    const magnitude = mean(slice.map((row) => Math.sqrt(row.x ** 2 + row.y ** 2 + row.z ** 2)));
    const out = await h.rows(r.output, 3);
    expect(out.map((row) => [row["source"], row["window_index"]])).toEqual([
      [source, 0],
      [source, 1],
      [source, 2],
    ]);
    expect(out[1]!["class"]).toBe(slice[0]!.cls);
    expect(out[1]!["x_mean"]).toBeCloseTo(mean(xs), 10);
    expect(out[1]!["x_std"]).toBeCloseTo(std, 10);
    expect(out[1]!["x_min"]).toBe(Math.min(...xs));
    expect(out[1]!["x_max"]).toBe(Math.max(...xs));
    expect(out[1]!["magnitude_mean"]).toBeCloseTo(magnitude, 10);
  });

  it("orders rows inside a partition by orderBy when given, and handles gaps (step > size)", async () => {
    await h.file("ts.csv", ["g,t,v", "a,3,30", "a,1,10", "a,2,20", "a,4,40", "a,5,50", "b,1,1"].join("\n") + "\n");
    const ts = (await h.step("extract_file", { path: "ts.csv" })).output!;
    const r = await h.step(
      "window",
      { partitionBy: ["g"], orderBy: "t", size: 2, step: 3, columns: ["v"], stats: ["MIN", "MAX"], keep: ["t"] },
      [ts],
    );
    expect(await h.rows(r.output)).toEqual([
      { g: "a", window_index: 0, t: 1, v_min: 10, v_max: 20 },
      { g: "a", window_index: 1, t: 4, v_min: 40, v_max: 50 },
    ]);
  });

  it("refuses a text column to summarise", async () => {
    const error = await stepError(h.step("window", { partitionBy: ["source"], columns: ["class"] }, [hmp]));
    expect(error.message).toContain('column "class" is VARCHAR; window statistics need numbers');
  });
});
