// ARTIFACT_STORE and S3_* are validated at start with the rest of the configuration: every problem at once.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../api/src/config.js";

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, "/srv");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("artifact store configuration", () => {
  it("defaults to the local directory", () => {
    expect(loadConfig({}, "/srv").artifacts).toEqual({ kind: "local" });
    expect(loadConfig({ ARTIFACT_STORE: "LOCAL" }, "/srv").artifacts).toEqual({ kind: "local" });
  });

  it("reads S3 settings: prefix normalised, path-style on by default with an endpoint, credentials from AWS_*", () => {
    const config = loadConfig(
      {
        ARTIFACT_STORE: "s3",
        S3_BUCKET: "millrace-artifacts",
        S3_PREFIX: "/prod/eu/",
        S3_ENDPOINT: "http://127.0.0.1:9000",
        S3_REGION: "eu-west-1",
        AWS_ACCESS_KEY_ID: "AKIA",
        AWS_SECRET_ACCESS_KEY: "secret",
      },
      "/srv",
    );
    expect(config.artifacts).toEqual({
      kind: "s3",
      bucket: "millrace-artifacts",
      prefix: "prod/eu/",
      endpoint: "http://127.0.0.1:9000",
      region: "eu-west-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "AKIA", secretAccessKey: "secret" },
    });
  });

  it("on AWS: virtual-hosted style, the region from AWS_REGION, credentials left to the SDK's chain", () => {
    const config = loadConfig({ ARTIFACT_STORE: "s3", S3_BUCKET: "b.example-1", AWS_REGION: "us-west-2" }, "/srv");
    expect(config.artifacts).toEqual({
      kind: "s3",
      bucket: "b.example-1",
      prefix: "",
      region: "us-west-2",
      forcePathStyle: false,
    });
    expect(
      loadConfig({ ARTIFACT_STORE: "s3", S3_BUCKET: "bkt", S3_FORCE_PATH_STYLE: "1" }, "/srv").artifacts,
    ).toMatchObject({ forcePathStyle: true, region: "us-east-1" });
  });

  it("reports every S3 problem at once, by variable", () => {
    const problems = problemsOf({
      ARTIFACT_STORE: "s3",
      S3_BUCKET: "Not_A_Bucket",
      S3_PREFIX: "a/../b",
      S3_ENDPOINT: "ftp://user:pw@host",
      S3_REGION: "Mars 1",
      S3_FORCE_PATH_STYLE: "maybe",
      AWS_ACCESS_KEY_ID: "only-the-id",
      PORT: "x",
    });
    for (const name of [
      "S3_BUCKET",
      "S3_PREFIX",
      "S3_ENDPOINT",
      "S3_REGION",
      "S3_FORCE_PATH_STYLE",
      "AWS_SECRET_ACCESS_KEY",
      "PORT",
    ])
      expect(problems.join("\n")).toContain(name);
    expect(problems.join("\n")).not.toContain("pw@");
  });

  it("requires a bucket with s3, refuses unknown kinds and an S3_BUCKET that would be ignored", () => {
    expect(problemsOf({ ARTIFACT_STORE: "s3" })).toEqual(["S3_BUCKET is required when ARTIFACT_STORE=s3"]);
    expect(problemsOf({ ARTIFACT_STORE: "gcs" })[0]).toMatch(/ARTIFACT_STORE must be one of local, s3, got "gcs"/);
    expect(problemsOf({ S3_BUCKET: "bucket" })[0]).toMatch(/S3_BUCKET is set but ARTIFACT_STORE is not "s3"/);
  });
});
