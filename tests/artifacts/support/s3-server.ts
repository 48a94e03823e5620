/**
 * An S3-compatible server for tests: the one `.ci/run` starts (S3_TEST_ENDPOINT), else a private s3rver on a
 * free loopback port. Under CI a missing or unusable server fails the tests; locally, when no server can be
 * started, the S3 tests are skipped (with the reason printed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import type { S3Credentials } from "../../../api/src/artifacts/artifact-config.js";
import type { S3ArtifactStoreOptions } from "../../../api/src/artifacts/s3-artifact-store.js";

// The SDK is pinned to a release that supports Node 20; its notice about later releases is noise in test output.
process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const S3RVER_CLI = path.join(REPO_ROOT, "node_modules", "s3rver", "bin", "s3rver.js");

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  credentials: S3Credentials;
  /** Options of an S3ArtifactStore on this server under `prefix` ("" or ending with "/"). */
  options(prefix: string, extra?: Partial<S3ArtifactStoreOptions>): S3ArtifactStoreOptions;
  /** The environment that makes a Millrace process use this server (ARTIFACT_STORE=s3 …). */
  env(prefix: string): Record<string, string>;
  stop(): Promise<void>;
}

export type S3Availability = { server: S3TestServer; skip: null } | { server: null; skip: string };

/** A unique prefix per test ("t-<random>/"), so that tests sharing a bucket never see each other's keys. */
export function uniquePrefix(label = "t"): string {
  return `${label}-${randomBytes(6).toString("hex")}/`;
}

export async function s3ForTests(): Promise<S3Availability> {
  const credentials: S3Credentials = {
    accessKeyId: process.env["S3_TEST_ACCESS_KEY_ID"] ?? "S3RVER",
    secretAccessKey: process.env["S3_TEST_SECRET_ACCESS_KEY"] ?? "S3RVER",
  };
  const bucket = process.env["S3_TEST_BUCKET"] ?? "millrace-test";
  const given = process.env["S3_TEST_ENDPOINT"];
  if (given) {
    // A server someone set up for the tests: it must work, under CI or not.
    await ensureBucket(given, bucket, credentials).catch((error: unknown) => {
      throw new Error(`S3_TEST_ENDPOINT=${given} is not usable: ${String(error)}`, { cause: error });
    });
    return { server: testServer(given, bucket, credentials, () => Promise.resolve()), skip: null };
  }
  try {
    const started = await startS3rver();
    try {
      await ensureBucket(started.endpoint, bucket, credentials);
    } catch (error) {
      await started.stop();
      throw error;
    }
    return { server: testServer(started.endpoint, bucket, credentials, started.stop), skip: null };
  } catch (error) {
    if (process.env["CI"] === "true")
      throw new Error(`no S3 server for the tests under CI (S3_TEST_ENDPOINT unset, s3rver failed): ${String(error)}`, {
        cause: error,
      });
    const skip = `no S3-compatible server (S3_TEST_ENDPOINT unset and s3rver could not start: ${String(error)})`;
    process.stderr.write(`skipping S3 tests: ${skip}\n`);
    return { server: null, skip };
  }
}

function testServer(
  endpoint: string,
  bucket: string,
  credentials: S3Credentials,
  stop: () => Promise<void>,
): S3TestServer {
  return {
    endpoint,
    bucket,
    credentials,
    options: (prefix, extra = {}) => ({
      bucket,
      prefix,
      endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials,
      maxAttempts: 2,
      ...extra,
    }),
    env: (prefix) => ({
      ARTIFACT_STORE: "s3",
      S3_BUCKET: bucket,
      S3_PREFIX: prefix,
      S3_ENDPOINT: endpoint,
      S3_REGION: "us-east-1",
      S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    }),
    stop,
  };
}

async function ensureBucket(endpoint: string, bucket: string, credentials: S3Credentials): Promise<void> {
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    maxAttempts: 2,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  });
  try {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch {
      await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: unknown) => {
        const name = (error as { name?: string }).name;
        if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
      });
    }
  } finally {
    client.destroy();
  }
}

/** s3rver on 127.0.0.1, port chosen by the system (its CLI prints "S3rver listening on <address>:<port>"). */
async function startS3rver(): Promise<{ endpoint: string; stop: () => Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), "millrace-s3rver-"));
  const child: ChildProcess = spawn(
    process.execPath,
    // s3rver 3.7 makes ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
    [
      "--openssl-legacy-provider",
      S3RVER_CLI,
      "--address",
      "127.0.0.1",
      "--port",
      "0",
      "--directory",
      directory,
      "--silent",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      if (child.kill("SIGTERM")) await exited;
    }
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(() => reject(new Error(`s3rver did not start within 15 s: ${output}`)), 15_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on ([\d.]+):(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(`http://${match[1]}:${match[2]}`);
        }
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`s3rver exited with ${code}: ${output}`));
      });
    });
    child.stdout?.resume();
    child.stderr?.resume();
    return { endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
