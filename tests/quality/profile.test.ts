import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { denseGrouping, profileTable, type ColumnProfile, type TableProfile } from "../../api/src/quality/profiler.js";
import { ORDERS, openFixture, tableSql, type FixtureTable, type QualityFixture } from "./support/fixture.js";

let f: QualityFixture;
beforeAll(async () => {
  f = await openFixture();
});
afterAll(async () => {
  await f.close();
});

// ---- Expected figures, computed here from the JS rows, independently of the engine. ----

function columnValues(table: FixtureTable, name: string): Array<string | number | boolean | null> {
  const i = table.columns.findIndex((c) => c.name === name);
  return table.rows.map((row) => row[i] ?? null);
}

function quantile(sorted: number[], q: number): number {
  // Linear interpolation between closest ranks (pandas' and numpy's default).
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

function numericFigures(values: Array<number | null>, bins = 10) {
  const xs = values.filter((v): v is number => v !== null);
  const sorted = [...xs].sort((a, b) => a - b);
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const std = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  const width = (max - min) / bins;
  const counts = new Array<number>(width > 0 ? bins : 1).fill(0);
  for (const x of xs) counts[width > 0 ? Math.min(Math.floor((x - min) / width), bins - 1) : 0]! += 1;
  return {
    count: n,
    nulls: values.length - n,
    distinct: new Set(xs).size,
    min,
    max,
    mean,
    std,
    quantiles: {
      p05: quantile(sorted, 0.05),
      p25: quantile(sorted, 0.25),
      p50: quantile(sorted, 0.5),
      p75: quantile(sorted, 0.75),
      p95: quantile(sorted, 0.95),
    },
    bins: counts.map((count, b) => ({
      from: min + width * b,
      to: b === counts.length - 1 ? max : min + width * (b + 1),
      count,
    })),
  };
}

function topValues(values: Array<string | number | boolean | null>, k = 10) {
  const counts = new Map<string | number | boolean, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, k)
    .map(([value, count]) => ({ value, count }));
}

function expectNumeric(profile: ColumnProfile | undefined, values: Array<number | null>) {
  const e = numericFigures(values);
  expect(profile).toBeDefined();
  const p = profile as ColumnProfile;
  expect([p.count, p.nulls, p.distinct, p.min, p.max]).toEqual([e.count, e.nulls, e.distinct, e.min, e.max]);
  expect(p.mean).toBeCloseTo(e.mean, 9);
  expect(p.std).toBeCloseTo(e.std, 9);
  for (const key of ["p05", "p25", "p50", "p75", "p95"] as const)
    expect(p.quantiles?.[key]).toBeCloseTo(e.quantiles[key], 9);
  expect(p.histogram).toEqual({
    kind: "bins",
    bins: e.bins.map((b) => ({ from: expect.closeTo(b.from, 9), to: expect.closeTo(b.to, 9), count: b.count })),
  });
  expect(p.topValues).toEqual(topValues(values));
}

// ---- A bigger generated table: 1,000 rows from a seeded generator. ----

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const random = seeded(42);
const GENERATED: FixtureTable = {
  columns: [
    { name: "n", type: "INTEGER" },
    { name: "x", type: "DOUBLE" },
    { name: "label", type: "VARCHAR" },
    { name: "flag", type: "BOOLEAN" },
    { name: "price", type: "DECIMAL(10,2)" },
  ],
  rows: Array.from({ length: 1000 }, (_, i) => [
    Math.floor(random() * 50) - 10,
    random() < 0.05 ? null : Math.round((random() * 2 - 0.5) ** 3 * 1e6) / 1e3,
    random() < 0.1 ? null : ["alpha", "beta", "gamma", "delta", "epsilon"][Math.floor(random() ** 2 * 5)]!,
    random() < 0.3,
    i % 7 === 0 ? null : Math.round(random() * 100_000) / 100,
  ]),
};

describe("profileTable", () => {
  let orders: TableProfile;
  let generated: TableProfile;
  beforeAll(async () => {
    orders = await profileTable(f.engine, f.orders.location);
    generated = await profileTable(f.engine, (await f.write(GENERATED, "generated")).location);
  });
  const column = (profile: TableProfile, name: string) => profile.columns.find((c) => c.name === name);

  it("profiles every column with its type", () => {
    expect(orders.rows).toBe(20);
    expect(orders.columns.map((c) => [c.name, c.type, c.kind])).toEqual([
      ["id", "BIGINT", "integer"],
      ["email", "VARCHAR", "string"],
      ["amount", "DOUBLE", "float"],
      ["qty", "VARCHAR", "string"],
      ["status", "VARCHAR", "string"],
      ["customer_id", "BIGINT", "integer"],
      ["updated_at", "TIMESTAMP", "timestamp"],
      ["discount", "DOUBLE", "float"],
    ]);
    expect(generated.rows).toBe(1000);
  });

  it("matches independently computed figures for numeric columns", () => {
    for (const name of ["id", "amount", "customer_id", "discount"])
      expectNumeric(column(orders, name), columnValues(ORDERS, name) as Array<number | null>);
    for (const name of ["n", "x", "price"])
      expectNumeric(column(generated, name), columnValues(GENERATED, name) as Array<number | null>);
  });

  it("spells out one numeric column in full", () => {
    // amount: 10 20 30 -5 50 60 70 150 null 100 0 12 13 14 15 16 17 18 19 20
    const amount = column(orders, "amount") as ColumnProfile;
    expect(amount).toMatchObject({ count: 19, nulls: 1, nullRatio: 0.05, distinct: 18, min: -5, max: 150 });
    expect(amount.quantiles).toEqual({
      p05: expect.closeTo(-0.5, 9),
      p25: 13.5,
      p50: 18,
      p75: 40,
      p95: expect.closeTo(105, 9),
    });
    // Width 15.5 from -5: [-5, 10.5) holds -5, 0, 10; [10.5, 26) 12…20 and the second 20; 100 in [88, 103.5);
    // the last bin holds 150.
    expect(amount.histogram?.kind === "bins" && amount.histogram.bins.map((b) => b.count)).toEqual([
      3, 10, 1, 1, 2, 0, 1, 0, 0, 1,
    ]);
  });

  it("gives strings their nulls, distinct count, min/max and top values as histogram", () => {
    for (const name of ["email", "qty", "status"]) {
      const values = columnValues(ORDERS, name);
      const nonNull = values.filter((v) => v !== null) as string[];
      const p = column(orders, name) as ColumnProfile;
      expect([p.count, p.nulls, p.distinct, p.mean, p.std, p.quantiles]).toEqual([
        nonNull.length,
        values.length - nonNull.length,
        new Set(nonNull).size,
        null,
        null,
        null,
      ]);
      expect([p.min, p.max]).toEqual([[...nonNull].sort()[0], [...nonNull].sort().at(-1)]);
      expect(p.topValues).toEqual(topValues(values));
      expect(p.histogram).toEqual({ kind: "top", values: topValues(values) });
    }
    expect(column(orders, "status")?.topValues).toEqual([
      { value: "new", count: 11 },
      { value: "paid", count: 6 },
      { value: "cancelled", count: 1 },
      { value: "refunded", count: 1 },
      { value: "shipped", count: 1 },
    ]);
    const label = column(generated, "label") as ColumnProfile;
    expect(label.topValues).toEqual(topValues(columnValues(GENERATED, "label")));
  });

  it("gives booleans the share of true as mean, and timestamps their range", () => {
    const flags = columnValues(GENERATED, "flag") as boolean[];
    const flag = column(generated, "flag") as ColumnProfile;
    expect(flag).toMatchObject({
      count: 1000,
      nulls: 0,
      distinct: 2,
      min: false,
      max: true,
      std: null,
      quantiles: null,
    });
    expect(flag.mean).toBeCloseTo(flags.filter(Boolean).length / 1000, 12);
    expect(flag.topValues).toEqual(topValues(flags));
    const updated = column(orders, "updated_at") as ColumnProfile;
    expect(updated).toMatchObject({
      count: 19,
      nulls: 1,
      distinct: 13,
      min: "2024-04-01T00:00:00",
      max: "2024-06-01T20:00:00",
      mean: null,
      histogram: null,
    });
    expect(updated.topValues[0]).toEqual({ value: "2024-06-01T20:00:00", count: 7 });
  });

  it("keeps only the top values asked for", async () => {
    const profile = await profileTable(f.engine, f.orders.location, { topValues: 2, bins: 3 });
    expect(profile.columns.find((c) => c.name === "status")?.topValues).toEqual([
      { value: "new", count: 11 },
      { value: "paid", count: 6 },
    ]);
    // All distinct: the first values by order.
    expect(profile.columns.find((c) => c.name === "email")?.topValues).toEqual([
      { value: "a@x.com", count: 1 },
      { value: "b@x.com", count: 1 },
    ]);
    const amount = profile.columns.find((c) => c.name === "amount")?.histogram;
    expect(amount).toEqual({
      kind: "bins",
      bins: numericFigures(columnValues(ORDERS, "amount") as Array<number | null>, 3).bins,
    });
  });

  it("handles a constant column, an all-null column and an empty table", async () => {
    const t = await f.write("SELECT 7 AS k, CAST(NULL AS DOUBLE) AS nothing FROM range(4)", "constant");
    const profile = await profileTable(f.engine, t.location);
    expect(profile.columns[0]).toMatchObject({
      count: 4,
      distinct: 1,
      min: 7,
      max: 7,
      mean: 7,
      std: 0,
      quantiles: { p05: 7, p25: 7, p50: 7, p75: 7, p95: 7 },
    });
    expect(profile.columns[0]?.histogram).toEqual({ kind: "bins", bins: [{ from: 7, to: 7, count: 4 }] });
    expect(profile.columns[1]).toMatchObject({
      count: 0,
      nulls: 4,
      nullRatio: 1,
      distinct: 0,
      min: null,
      max: null,
      mean: null,
      std: null,
      quantiles: null,
      histogram: null,
      topValues: [],
    });
    const empty = await f.write(`${tableSql(ORDERS)} LIMIT 0`, "empty_orders");
    const none = await profileTable(f.engine, empty.location);
    expect(none.rows).toBe(0);
    expect(none.columns[2]).toMatchObject({
      name: "amount",
      count: 0,
      nulls: 0,
      nullRatio: null,
      histogram: null,
      topValues: [],
    });
  });

  it("profiles a float column holding NaN and infinities: counted as values, left out of min/max/mean/std", async () => {
    const t = await f.write(
      "SELECT CASE WHEN i = 0 THEN 'NaN'::DOUBLE WHEN i = 1 THEN 'Infinity'::DOUBLE WHEN i = 2 THEN '-Infinity'::DOUBLE " +
        "WHEN i = 3 THEN NULL ELSE CAST(i AS DOUBLE) END AS x FROM range(10) r(i)",
      "non_finite",
    );
    const profile = await profileTable(f.engine, t.location);
    const finite = [4, 5, 6, 7, 8, 9];
    const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
    const std = Math.sqrt(finite.reduce((a, x) => a + (x - mean) ** 2, 0) / (finite.length - 1));
    const x = profile.columns[0];
    expect(x).toMatchObject({ count: 9, nulls: 1, min: 4, max: 9, mean });
    expect(x?.std).toBeCloseTo(std, 12);
    const bins = x?.histogram?.kind === "bins" ? x.histogram.bins : [];
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(finite.length);
  });

  it("keeps each kind of non-finite value out of the bounds, whichever bound it would take", async () => {
    // Float bounds come first from a query of their own; only columns whose bounds are not finite get the guard.
    const t = await f.write(
      "SELECT CASE WHEN i = 0 THEN 'NaN'::DOUBLE ELSE i END AS nan_only, " +
        "CASE WHEN i = 0 THEN 'Infinity'::DOUBLE ELSE i END AS inf_only, " +
        "CASE WHEN i = 0 THEN '-Infinity'::DOUBLE ELSE i END AS ninf_only, " +
        "CASE WHEN i = 0 THEN NULL ELSE i END::DOUBLE AS finite, NULL::DOUBLE AS empty FROM range(7) r(i)",
      "non_finite_kinds",
    );
    const profile = await profileTable(f.engine, t.location);
    for (const column of profile.columns.slice(0, 4)) {
      expect(column).toMatchObject({ count: column.name === "finite" ? 6 : 7, min: 1, max: 6, mean: 3.5 });
      expect(column.std).toBeCloseTo(Math.sqrt(3.5), 12);
    }
    expect(profile.columns[3]?.quantiles?.p50).toBe(3.5);
    expect(profile.columns[4]).toMatchObject({ count: 0, nulls: 7, min: null, max: null, mean: null });
  });

  it("keeps non-finite values out of min/max/mean of REAL columns and of columns named like its own aliases", async () => {
    // The first pass projects each float column with NaN/±inf as NULL under a fresh name (__mr_finite_<i>).
    const t = await f.write(
      "SELECT CAST(CASE WHEN i = 0 THEN 'NaN' WHEN i = 1 THEN '-Infinity' ELSE CAST(i AS VARCHAR) END AS REAL) AS r, " +
        "CASE WHEN i = 2 THEN 'Infinity'::DOUBLE ELSE CAST(-i AS DOUBLE) END AS __mr_finite_0, " +
        "CAST(i * 10 AS DOUBLE) AS __mr_finite_1 FROM range(6) r(i)",
      "finite_aliases",
    );
    const [r, d, e] = (await profileTable(f.engine, t.location)).columns;
    expect(r).toMatchObject({ count: 6, nulls: 0, min: 2, max: 5, mean: 3.5 });
    expect(d).toMatchObject({ count: 6, min: -5, max: 0, mean: -13 / 5 });
    expect(e).toMatchObject({ count: 6, min: 0, max: 50, mean: 25 });
  });

  it("groups integer columns as arrays only when their range is bounded and well filled", () => {
    const integer = { kind: "integer" as const, count: 1_000_000, min: 0, max: 999_999 };
    expect(denseGrouping(integer)).toBe(true);
    expect(denseGrouping({ ...integer, min: -524_288, max: 524_287 })).toBe(true); // exactly 2^20 values
    expect(denseGrouping({ ...integer, min: -524_288, max: 524_288 })).toBe(false);
    expect(denseGrouping({ ...integer, count: 249_999 })).toBe(false); // fewer values than a quarter of the range
    expect(denseGrouping({ ...integer, kind: "float" })).toBe(false);
    expect(denseGrouping({ ...integer, min: null, max: null })).toBe(false);
  });

  it("counts distinct and top values exactly whether an integer column is grouped as an array or hashed", async () => {
    // dense: 18,000 values over [-29985, 29997] (16 bits: beyond DuckDB's default array size, 12 bits), with
    // negatives, nulls and one value 4 times; wide: the same values spread over ~2^44, hashed.
    const scale = 274_877_906;
    const t = await f.write(
      "SELECT CASE WHEN i % 10 = 3 THEN NULL WHEN i < 5 THEN -7 ELSE i * 3 - 30000 END AS dense, " +
        `CASE WHEN i % 10 = 3 THEN NULL WHEN i < 5 THEN -7 ELSE (i * 3 - 30000) * ${scale} END AS wide ` +
        "FROM range(20000) r(i)",
      "dense_and_wide",
    );
    const profile = await profileTable(f.engine, t.location, { topValues: 3 });
    const [dense, wide] = profile.columns;
    expect(dense && denseGrouping(dense)).toBe(true);
    expect(wide && denseGrouping(wide)).toBe(false);
    for (const [column, factor] of [
      [dense, 1],
      [wide, scale],
    ] as const) {
      // Rows 0, 1, 2 and 4 hold -7 (row 3 is null); every other non-null row its own value.
      expect(column).toMatchObject({ count: 18_000, nulls: 2000, distinct: 17_997 });
      expect(column?.topValues).toEqual([
        { value: -7, count: 4 },
        { value: -29_985 * factor, count: 1 },
        { value: -29_982 * factor, count: 1 },
      ]);
    }
  });

  it("keeps quantiles and histograms exact on skewed, wide, tiny-range and bin-edge columns", async () => {
    // Quantiles come from counts per fine bucket and the few buckets holding the wanted ranks (profile-buckets.ts).
    const rnd = seeded(7);
    const rows = Array.from({ length: 3000 }, (_, i) => [
      i % 50 === 0 ? Math.round(rnd() * 1e6) / 1e3 : 5, // nearly every value in one bucket
      i % 3 === 0 ? (rnd() - 0.5) * 2e15 : Math.round(rnd() * 1e6) / 1e9, // 15 orders of magnitude
      1e9 + (i % 97) * 1e-6, // a range far below the values' own precision scale
      i % 101, // integers on every bin edge
      i % 11 === 0 ? null : -Math.round(rnd() * 1e6), // negative, with nulls
    ]);
    const table: FixtureTable = {
      columns: ["skewed", "wide", "tiny", "edges", "negative"].map((name, i) => ({
        name,
        type: i >= 3 ? "BIGINT" : "DOUBLE",
      })),
      rows,
    };
    const input = await f.write(table, "bucket_edges");
    const expectExact = (profile: TableProfile) =>
      table.columns.forEach((c, i) => {
        const e = numericFigures(rows.map((row) => row[i] ?? null));
        const p = profile.columns[i];
        expect(p?.quantiles).toEqual(e.quantiles);
        expect(p?.histogram).toEqual({ kind: "bins", bins: e.bins });
      });
    const query = f.engine.query.bind(f.engine);
    const bucketed = (calls: ReadonlyArray<[string, ...unknown[]]>) =>
      table.columns
        .filter((c) => calls.some(([sql]) => sql.includes("list_select(") && sql.includes(`"${c.name}"`)))
        .map((c) => c.name);
    // Every column counts its buckets on its groups, in its GROUP BY query (profile-grouped.ts): no other query.
    let spy = vi.spyOn(f.engine, "query");
    try {
      expectExact(await profileTable(f.engine, input.location));
      expect(bucketed(spy.mock.calls)).toEqual([]);
    } finally {
      spy.mockRestore();
    }

    // Should the groups ever add up to other counts than the column's, the buckets decide; should the second bucket
    // query collect other values than the first one counted, quantile_disc decides.
    for (const spoilBuckets of [false, true]) {
      spy = vi.spyOn(f.engine, "query").mockImplementation(async (sql, inputs, options) => {
        const result = await query(sql, inputs, options);
        if (sql.includes("grouped_buckets"))
          return result.map((row) => ({ ...row, grouped_buckets: [{ k: 0, n: 1 }] }));
        return spoilBuckets && sql.includes("list_select(") ? result.map((row) => ({ ...row, n: -1 })) : result;
      });
      try {
        expectExact(await profileTable(f.engine, input.location));
        expect(bucketed(spy.mock.calls)).toEqual(table.columns.map((c) => c.name));
        const fallbacks = spy.mock.calls.filter(([sql]) => sql.includes("quantile_disc(")).length;
        expect(fallbacks).toBe(spoilBuckets ? table.columns.length : 0);
      } finally {
        spy.mockRestore();
      }
    }
  });

  it("reads histograms and quantiles off the groups exactly, with repeated values across bucket edges", async () => {
    // 200,000 rows, 2,000 distinct values each (so ranks fall inside runs of equal values): integers with nulls,
    // floats with a long tail and negative zero, a DECIMAL; no query over the rows besides the GROUP BY.
    const t = await f.write(
      "SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE (i * 7919) % 2000 - 500 END AS ints, " +
        "CASE WHEN i % 1000 = 1 THEN -0.0 ELSE pow(((i * 104729) % 2000) / 100.0, 3) END AS floats, " +
        "CAST(((i * 31) % 2000) / 8 AS DECIMAL(9, 3)) AS decimals FROM range(200000) r(i)",
      "few_distinct",
    );
    const rows = await f.engine.query(
      "SELECT ints, floats, CAST(decimals AS DOUBLE) AS decimals FROM input",
      {
        input: t.location,
      },
      { maxRows: 200_000 },
    );
    const spy = vi.spyOn(f.engine, "query");
    try {
      const profile = await profileTable(f.engine, t.location);
      for (const name of ["ints", "floats", "decimals"]) {
        const e = numericFigures(rows.map((row) => (row[name] === null ? null : Number(row[name]))));
        const p = profile.columns.find((c) => c.name === name);
        expect(p?.distinct).toBeLessThanOrEqual(2000);
        expect(p?.quantiles).toEqual(e.quantiles);
        expect(p?.histogram).toEqual({ kind: "bins", bins: e.bins });
      }
      expect(spy.mock.calls.filter(([sql]) => sql.includes("list_select(") || sql.includes("quantile_disc("))).toEqual(
        [],
      );
    } finally {
      spy.mockRestore();
    }
  });

  it("is computed by a few SQL queries, not a loop over rows", async () => {
    const spy = vi.spyOn(f.engine, "query");
    try {
      const profile = await profileTable(f.engine, f.orders.location);
      // A bounds query and one statistics pass; one GROUP BY query per column, which for numeric columns also
      // gives their histogram and quantiles (none falls back to the bucket queries or quantile_disc here).
      expect(profile.columns.filter((c) => c.quantiles !== null).length).toBeGreaterThan(0);
      expect(spy).toHaveBeenCalledTimes(2 + ORDERS.columns.length);
      for (const [, , options] of spy.mock.calls) expect(options?.maxRows).toBeLessThanOrEqual(1000);
    } finally {
      spy.mockRestore();
    }
  });
});
