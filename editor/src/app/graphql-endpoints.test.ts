import { describe, expect, it } from "vitest";
import { graphqlEndpoints } from "./graphql-endpoints";
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from "./reconnect-delay";

describe("graphqlEndpoints", () => {
  it("uses the page's origin, whatever the route", () => {
    expect(graphqlEndpoints("http://localhost:4000/pipelines/hmp-etl?q=x#top")).toEqual({
      http: "http://localhost:4000/graphql",
      ws: "ws://localhost:4000/graphql",
    });
  });

  it("uses wss behind https", () => {
    expect(graphqlEndpoints("https://millrace.example.com/").ws).toBe("wss://millrace.example.com/graphql");
  });
});

describe("reconnectDelayMs", () => {
  it("doubles from about a second and never exceeds the cap", () => {
    const max = () => 1;
    expect(reconnectDelayMs(0, max)).toBe(1000);
    expect(reconnectDelayMs(3, max)).toBe(8000);
    expect(reconnectDelayMs(50, max)).toBe(MAX_RECONNECT_DELAY_MS);
    expect(reconnectDelayMs(2, () => 0)).toBe(2000);
  });
});
