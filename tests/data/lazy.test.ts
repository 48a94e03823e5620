// Row-wise steps keep their output as a view over their input (steps/impl/lazy.ts): checked and counted when the
// step runs, computed by whoever reads it. Every reader must see exactly what a written output would have held.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepOutput } from "../../api/src/engine/step-runtime.js";
import { openHarness, stepError, type Harness, type StepRun } from "./support/harness.js";

let h: Harness;
let people: StepOutput;
const WRITTEN = { deps: { lazyRowSteps: false } };

// 40 people, with repeated cities and ages (ties for sort and dedupe), nulls, and one age that is not a number.
const csv = [
  "id,name,city,age,score",
  ...Array.from({ length: 40 }, (_, i) => {
    const city = ["Paris", "Lyon", "", "Nice"][i % 4]!;
    const age = i === 34 ? "old" : i % 5 === 0 ? "" : String(20 + (i % 7));
    return `${i},P${i},${city},${age},${i % 3 === 0 ? "" : (i / 4).toFixed(2)}`;
  }),
].join("\n");

beforeAll(async () => {
  h = await openHarness();
  await h.file("people.csv", `${csv}\n`);
  people = (await h.step("extract_file", { path: "people.csv" })).output!;
});
afterAll(async () => {
  await h.close();
});

/** Runs the same chain of row-wise steps lazily and written, and returns both last results. */
async function chain(
  steps: Array<[kind: string, config: Record<string, unknown>]>,
): Promise<{ lazy: StepRun[]; written: StepRun[] }> {
  const lazy: StepRun[] = [];
  const written: StepRun[] = [];
  for (const [kind, config] of steps) {
    lazy.push(await h.step(kind, config, [lazy.at(-1)?.output ?? people]));
    written.push(await h.step(kind, config, [written.at(-1)?.output ?? people], WRITTEN));
  }
  return { lazy, written };
}

const ROW_STEPS: Array<[string, Record<string, unknown>]> = [
  ["filter", { where: "city <> 'Lyon' OR city IS NULL" }],
  ["derive", { columns: [{ name: "label", expression: "upper(name) || '@' || coalesce(city, '?')" }] }],
  ["select", { columns: [{ name: "id" }, { name: "label" }, { name: "age", as: "years" }, { name: "score" }] }],
  ["fill_nulls", { columns: [{ name: "score", strategy: "MEDIAN" }] }],
  ["filter", { where: "id < 30" }],
];

describe("lazy outputs of row-wise steps", () => {
  it("stores a view, not a file, with true row counts, and reads back what a written output holds", async () => {
    const { lazy, written } = await chain(ROW_STEPS);
    for (const [i, step] of lazy.entries()) {
      const twin = written[i]!;
      expect(step.output!.location).toMatch(/\.view$/);
      expect(step.bytes).toBeNull();
      expect(twin.output!.location).toMatch(/\.parquet$/);
      expect([step.rowsIn, step.rowsOut]).toEqual([twin.rowsIn, twin.rowsOut]);
      expect(step.output!.columns).toEqual(twin.output!.columns);
      expect(await h.rows(step.output)).toEqual(await h.rows(twin.output));
    }
    // 40 rows, 10 of Lyon; then ids 0..29 of the 30 left: 22.
    expect(lazy.map((s) => s.rowsOut)).toEqual([30, 30, 30, 30, 22]);
    const files = await h.runFiles();
    for (const step of lazy) {
      const id = path.basename(step.output!.location, ".view");
      expect(files).toContain(`${id}.view`);
      expect(files).not.toContain(`${id}.parquet`);
    }
    expect(lazy[0]!.logs.map((l) => l.message)).toContain("kept 30 of 40 rows");
  });

  it("feeds table steps, which see the same rows in the same order as from a written output", async () => {
    const { lazy, written } = await chain(ROW_STEPS.slice(0, 2));
    const from = { lazy: lazy.at(-1)!.output!, written: written.at(-1)!.output! };
    const tableSteps: Array<[string, Record<string, unknown>]> = [
      [
        "aggregate",
        {
          groupBy: ["city"],
          aggregations: [
            { fn: "COUNT", as: "n" },
            { fn: "MAX", column: "label", as: "m" },
          ],
        },
      ],
      ["sort", { by: [{ column: "city" }] }],
      ["dedupe", { columns: ["age"] }],
      ["limit", { mode: "SAMPLE_ROWS", rows: 7, seed: 3 }],
      ["limit", { mode: "FIRST", rows: 4 }],
      ["sql", { query: "SELECT city, count(*) AS n FROM input GROUP BY city ORDER BY city NULLS FIRST" }],
    ];
    for (const [kind, config] of tableSteps) {
      const a = await h.step(kind, config, [from.lazy]);
      const b = await h.step(kind, config, [from.written]);
      expect(a.output!.location).toMatch(/\.parquet$/);
      expect([kind, a.rowsIn, a.rowsOut]).toEqual([kind, b.rowsIn, b.rowsOut]);
      expect([kind, await h.rows(a.output)]).toEqual([kind, await h.rows(b.output)]);
    }
    const union = await h.step("union", {}, [from.lazy, people]);
    const unionWritten = await h.step("union", {}, [from.written, people]);
    expect(await h.rows(union.output)).toEqual(await h.rows(unionWritten.output));
    const join = await h.step("join", { type: "LEFT", leftKeys: ["id"], rightKeys: ["id"] }, [people, from.lazy]);
    const joinWritten = await h.step("join", { type: "LEFT", leftKeys: ["id"], rightKeys: ["id"] }, [
      people,
      from.written,
    ]);
    expect(await h.rows(join.output)).toEqual(await h.rows(joinWritten.output));
  });

  it("exports and scans a view like a file", async () => {
    const { lazy } = await chain(ROW_STEPS.slice(0, 1));
    const view = lazy[0]!.output!;
    const load = await h.step("load_file", { path: "out/kept.csv", format: "CSV" }, [view]);
    expect(load.rowsOut).toBe(30);
    const text = await readFile(path.join(h.filesDir, "out/kept.csv"), "utf8");
    expect(text.trim().split("\n")).toHaveLength(31);
    let scanned = 0;
    for await (const batch of h.engine.scan(view.location, 8)) scanned += batch.length;
    expect(scanned).toBe(30);
  });

  it("fails in the step that defines the view, with the same message as a written output", async () => {
    const [filtered] = (await chain(ROW_STEPS.slice(0, 1))).lazy;
    const input = [filtered!.output!];
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ["filter", { where: "agee > 3" }, /"agee".*|filter condition/],
      [
        "derive",
        {
          columns: [
            { name: "a", expression: "1" },
            { name: "b", expression: "nmae || 'x'" },
          ],
        },
        /"b"/,
      ],
      // Bound fine, fails on a value: computed when the step runs, not left to a later reader.
      ["derive", { columns: [{ name: "n", expression: "CAST(age AS INTEGER) + 1" }] }, /old/],
      ["cast", { columns: [{ name: "age", type: "INTEGER" }] }, /row \d+: value "old"/],
    ];
    for (const [kind, config, pattern] of cases) {
      const lazy = await stepError(h.step(kind, config, input, { nodeId: "bad" }));
      const written = await stepError(h.step(kind, config, input, { nodeId: "bad", ...WRITTEN }));
      expect(lazy.message).toContain("(bad)");
      expect(lazy.message).toMatch(pattern);
      expect(lazy.message).toBe(written.message);
      expect(lazy.options.retryable).toBe(false);
    }
  });

  it("writes the output when reading it again could give other rows", async () => {
    const writes = async (kind: string, config: Record<string, unknown>, options = {}) =>
      (await h.step(kind, config, [people], options)).output!.location.endsWith(".parquet");
    expect(await writes("filter", { where: "random() < 2" })).toBe(true);
    expect(await writes("filter", { where: "id < (SELECT 5)" })).toBe(true);
    expect(await writes("derive", { columns: [{ name: "at", expression: "current_timestamp" }] })).toBe(true);
    expect(await writes("derive", { columns: [{ name: "at", expression: "now()" }] })).toBe(true);
    expect(await writes("derive", { columns: [{ name: "r", expression: "row_number() OVER ()" }] })).toBe(true);
    // An input of another run (a retry reusing an older run's output): that folder may be removed first.
    expect(await writes("filter", { where: "id > 3" }, { runId: "run2" })).toBe(true);
    // Same steps with stable expressions stay views.
    expect(await writes("filter", { where: "id > 3 AND lower(city) = 'paris'" })).toBe(false);
    expect(await writes("derive", { columns: [{ name: "r", expression: "round(sqrt(id) * 2, 1)" }] })).toBe(false);
  });
});
