import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("defaults to port 4000, ./data and the embedded store", () => {
    const config = loadConfig({}, "/srv/millrace");
    expect(config).toMatchObject({
      port: 4000,
      dataDir: "/srv/millrace/data",
      mongodbUrl: undefined,
      logLevel: "info",
      seedDemo: true,
      mlWarmUp: true,
    });
  });

  it("turns the training workers' warm-up off with ML_WARM_UP=false and rejects other values", () => {
    expect(loadConfig({ ML_WARM_UP: "false" }).mlWarmUp).toBe(false);
    expect(() => loadConfig({ ML_WARM_UP: "later" })).toThrow(/ML_WARM_UP must be true or false/);
  });

  it("reports every invalid variable at once, by name", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "80a", MONGODB_URL: "postgres://x", LOG_LEVEL: "loud", REDIS_URL: "http://r" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join("\n");
    for (const name of ["PORT", "MONGODB_URL", "LOG_LEVEL", "REDIS_URL"]) expect(problems).toContain(name);
  });

  it("never prints credentials of a bad URL", () => {
    expect(() => loadConfig({ MONGODB_URL: "mongo://user:secret@host" })).toThrow(/mongo:\/\/\*\*\*@host/);
  });
});
