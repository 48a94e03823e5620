import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StepOutput } from "../../api/src/engine/step-runtime.js";
import {
  PROFILE_QUANTILES,
  profileTable,
  type ColumnProfile,
  type TableProfile,
} from "../../api/src/quality/profiler.js";
import { openFixture, type QualityFixture } from "./support/fixture.js";

let f: QualityFixture;
let table: StepOutput;
let exact: TableProfile;
let approximate: TableProfile;

// 300,000 rows: enough for the approximate mode to sample (it samples columns of more than 65,536 values).
const ROWS = 300_000;
const TABLE_SQL = `
SELECT
  CAST(CASE WHEN range % 97 = 0 THEN range - 1 ELSE range END AS BIGINT) AS id,
  CASE WHEN range % 50 = 0 THEN NULL ELSE CAST(hash(range) % 1000003 AS DOUBLE) / 7 END AS x,
  'user' || (hash(range + 1) % 250000) || '@example.com' AS email,
  ['a', 'b', 'c', 'd', 'e', 'f', 'g'][CAST(hash(range + 2) % 7 AS INTEGER) + 1] AS cat,
  CAST(hash(range + 3) % 1000 AS INTEGER) AS code,
  CASE WHEN range % 2 = 0 THEN 7 END AS half_constant
FROM range(${ROWS})`;

beforeAll(async () => {
  f = await openFixture();
  table = await f.write(TABLE_SQL, "big");
  exact = await profileTable(f.engine, table.location);
  approximate = await profileTable(f.engine, table.location, { approximate: true });
}, 60_000);
afterAll(async () => {
  await f.close();
});

const column = (profile: TableProfile, name: string) => profile.columns.find((c) => c.name === name) as ColumnProfile;
// Everything but the moments, whose last bits depend on how DuckDB's threads split the sums.
const exactFields = (c: ColumnProfile) => {
  const { name, type, kind, count, nulls, nullRatio, min, max } = c;
  return { name, type, kind, count, nulls, nullRatio, min, max };
};
const sampledFields = (c: ColumnProfile) => {
  const { distinct, quantiles, histogram, topValues, estimates } = c;
  return { distinct, quantiles, histogram, topValues, estimates };
};
const expectSameMoments = (a: TableProfile, b: TableProfile) => {
  a.columns.forEach((c, i) => {
    const other = b.columns[i] as ColumnProfile;
    for (const key of ["mean", "std"] as const) {
      const [x, y] = [c[key], other[key]];
      if (x === null || y === null) expect(x, `${c.name}.${key}`).toBe(y);
      else expect(Math.abs(x - y), `${c.name}.${key}`).toBeLessThanOrEqual(1e-12 * Math.abs(y));
    }
  });
};

describe("approximate profiles", () => {
  it("keeps counts, nulls, bounds, moments and numeric histograms exact", () => {
    expect(approximate.rows).toBe(ROWS);
    expect(approximate.approximate).toBe(true);
    expect(approximate.columns.map(exactFields)).toEqual(exact.columns.map(exactFields));
    expectSameMoments(approximate, exact);
    for (const name of ["id", "x", "code", "half_constant"])
      expect(column(approximate, name).histogram).toEqual(column(exact, name).histogram);
  });

  it("estimates the distinct count of columns with many values within the stated bound, without top values", () => {
    for (const name of ["id", "x", "email"]) {
      const a = column(approximate, name);
      const e = column(exact, name);
      const bound = a.estimates?.distinctRelativeError;
      expect(bound, name).toBeGreaterThan(0);
      expect(bound, name).toBeLessThan(0.05);
      expect(Math.abs(a.distinct - e.distinct) / e.distinct, name).toBeLessThanOrEqual(bound ?? 0);
      expect(a.topValues, name).toEqual([]);
    }
    expect(column(approximate, "email").histogram).toBeNull();
  });

  it("counts columns with few distinct values exactly, top values included", () => {
    for (const name of ["cat", "code", "half_constant"]) {
      const a = column(approximate, name);
      expect(a.estimates?.distinctRelativeError ?? null, name).toBeNull();
      expect(a.distinct, name).toBe(column(exact, name).distinct);
      expect(a.topValues, name).toEqual(column(exact, name).topValues);
    }
    expect(column(approximate, "cat").histogram).toEqual(column(exact, "cat").histogram);
  });

  it("gives sample quantiles whose exact rank lies within the stated bound", async () => {
    for (const name of ["id", "x", "code"]) {
      const a = column(approximate, name);
      const bound = a.estimates?.quantileRankError ?? 0;
      expect(bound, name).toBeGreaterThan(0);
      expect(bound, name).toBeLessThan(0.02);
      const values = PROFILE_QUANTILES.map((_, j) => Object.values(a.quantiles ?? {})[j] as number);
      const select = values.map(
        (v, j) =>
          `count(*) FILTER (WHERE "${name}" < ${v}) AS below_${j}, count(*) FILTER (WHERE "${name}" <= ${v}) AS upto_${j}`,
      );
      const [row = {}] = await f.engine.query(`SELECT count("${name}") AS n, ${select.join(", ")} FROM input`, {
        input: table.location,
      });
      const n = Number(row["n"]);
      PROFILE_QUANTILES.forEach((q, j) => {
        expect(Number(row[`upto_${j}`]) / n, `${name} q${q}`).toBeGreaterThanOrEqual(q - bound);
        expect(Number(row[`below_${j}`]) / n, `${name} q${q}`).toBeLessThanOrEqual(q + bound);
      });
    }
  });

  it("is deterministic, and exact unless asked (or, for 'auto', below the row threshold)", async () => {
    const again = await profileTable(f.engine, table.location, { approximate: true });
    expect(again.columns.map(sampledFields)).toEqual(approximate.columns.map(sampledFields));
    expect(exact.approximate).toBe(false);
    expect(exact.columns.every((c) => c.estimates === null)).toBe(true);
    const auto = await profileTable(f.engine, table.location, { approximate: "auto" });
    expect(auto.approximate).toBe(false);
    expect(auto.columns.map(sampledFields)).toEqual(exact.columns.map(sampledFields));
  });

  it("counts everything exactly when the distinct limit allows it", async () => {
    const counted = await profileTable(f.engine, table.location, { approximate: true, exactDistinctLimit: 10_000_000 });
    for (const name of ["id", "x", "email"]) {
      expect(column(counted, name).distinct, name).toBe(column(exact, name).distinct);
      expect(column(counted, name).topValues, name).toEqual(column(exact, name).topValues);
    }
  });
});
