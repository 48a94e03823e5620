import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, fromWire, toWire } from "./redis-codec.js";

const roundTrip = (value: unknown): unknown => decodeMessage(encodeMessage(value));

describe("redis-codec", () => {
  it("keeps Dates, at any depth, as Dates", () => {
    const at = new Date("2024-01-02T03:04:05.678Z");
    const value = roundTrip({ at, list: [at, { at }] }) as { at: Date; list: [Date, { at: Date }] };
    expect(value.at).toBeInstanceOf(Date);
    expect(value.at.getTime()).toBe(at.getTime());
    expect(value.list[0]).toEqual(at);
    expect(value.list[1].at).toEqual(at);
    expect(roundTrip(at)).toEqual(at);
  });

  it("never reads data as a tag: objects with $date or $esc keys come back as they were", () => {
    for (const literal of [
      { $date: "2024-01-02T03:04:05.678Z" },
      { $esc: { $date: "x" } },
      { $date: "x", other: 1 },
      { $esc: 1 },
      { nested: { $date: "2024-01-02T03:04:05.678Z" } },
    ])
      expect(roundTrip(literal)).toEqual(literal);
  });

  it("follows JSON.stringify for everything else", () => {
    const value = {
      a: undefined,
      f: () => 1,
      n: NaN,
      i: Infinity,
      list: [undefined, () => 1],
      ok: "yes",
      bad: new Date("x"),
    };
    expect(roundTrip(value)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(toWire(undefined)).toBeNull();
    expect(roundTrip({ toJSON: () => ({ via: "toJSON" }) })).toEqual({ via: "toJSON" });
    expect(() => toWire({ big: 1n })).toThrow(TypeError);
  });

  it("keeps a __proto__ key as data", () => {
    const decoded = fromWire(JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": {"x": 1}}}')) as object;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(Object.hasOwn(decoded, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });
});
