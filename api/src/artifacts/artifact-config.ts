/**
 * Which ArtifactStore a process uses, read from the environment by `config.ts` (every problem is collected, by
 * variable name, so that all of them are reported at once):
 *
 * - `ARTIFACT_STORE`: `local` (default: `DATA_DIR/artifacts`) or `s3`;
 * - with `s3`: `S3_BUCKET` (required), `S3_PREFIX`, `S3_ENDPOINT` (S3-compatible servers), `S3_REGION`,
 *   `S3_FORCE_PATH_STYLE`; credentials from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (/ `AWS_SESSION_TOKEN`)
 *   when set, else the AWS SDK's default chain (shared profile, web identity, container or instance role).
 */
import { checkArtifactKey } from "./artifact-store.js";

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3ArtifactStoreSettings {
  bucket: string;
  /** "" or segments ending with "/" (e.g. "millrace/prod/"): every key of the store lives under it. */
  prefix: string;
  /** An S3-compatible server's URL (MinIO, Ceph, s3rver…); unset = AWS S3 of the region. */
  endpoint?: string;
  region: string;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`. */
  forcePathStyle: boolean;
  /** Unset: the AWS SDK's default credential chain. */
  credentials?: S3Credentials;
}

export type ArtifactStoreConfig = { kind: "local" } | ({ kind: "s3" } & S3ArtifactStoreSettings);

export const ARTIFACT_STORE_KINDS = ["local", "s3"] as const;

// AWS's rule for new buckets: 3..63 of lowercase letters, digits, "." and "-", starting and ending alphanumeric.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9-]{1,32}$/;

/**
 * Reads the artifact store settings; pushes a message to `problems` for each invalid variable. `value` returns
 * the trimmed variable, or undefined when unset or blank (as in config.ts).
 */
export function readArtifactStoreConfig(
  value: (name: string) => string | undefined,
  problems: string[],
): ArtifactStoreConfig {
  const kind = (value("ARTIFACT_STORE") ?? "local").toLowerCase();
  if (kind !== "local" && kind !== "s3") {
    problems.push(`ARTIFACT_STORE must be one of ${ARTIFACT_STORE_KINDS.join(", ")}, got "${value("ARTIFACT_STORE")}"`);
    return { kind: "local" };
  }
  const bucket = value("S3_BUCKET");
  if (kind === "local") {
    if (bucket !== undefined)
      problems.push(`S3_BUCKET is set but ARTIFACT_STORE is not "s3": set ARTIFACT_STORE=s3, or unset S3_BUCKET`);
    return { kind: "local" };
  }

  if (bucket === undefined) problems.push(`S3_BUCKET is required when ARTIFACT_STORE=s3`);
  else if (!BUCKET.test(bucket) || bucket.includes(".."))
    problems.push(`S3_BUCKET must be 3 to 63 lowercase letters, digits, "." or "-", got "${bucket}"`);

  let prefix = "";
  const rawPrefix = value("S3_PREFIX");
  if (rawPrefix !== undefined) {
    const trimmed = rawPrefix.replace(/^\/+|\/+$/g, "");
    try {
      if (trimmed !== "") prefix = `${checkArtifactKey(trimmed)}/`;
    } catch {
      problems.push(
        `S3_PREFIX must be segments of letters, digits, ".", "_", "=", "-" joined by "/" (none starting with "."), got "${rawPrefix}"`,
      );
    }
  }

  const endpoint = value("S3_ENDPOINT");
  if (endpoint !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(endpoint);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.username !== "" || url.search !== "")
      problems.push(
        `S3_ENDPOINT must be an http:// or https:// URL without credentials, got "${endpoint.replace(/\/\/[^@/]*@/, "//***@")}"`,
      );
  }

  const region = value("S3_REGION") ?? value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? "us-east-1";
  if (!REGION.test(region)) problems.push(`S3_REGION must look like "eu-west-1", got "${region}"`);

  // S3-compatible servers mostly answer path-style requests only; AWS prefers virtual-hosted style.
  const rawPathStyle = (value("S3_FORCE_PATH_STYLE") ?? (endpoint !== undefined ? "true" : "false")).toLowerCase();
  if (!["true", "false", "1", "0"].includes(rawPathStyle))
    problems.push(`S3_FORCE_PATH_STYLE must be true or false, got "${value("S3_FORCE_PATH_STYLE")}"`);

  const accessKeyId = value("AWS_ACCESS_KEY_ID");
  const secretAccessKey = value("AWS_SECRET_ACCESS_KEY");
  const sessionToken = value("AWS_SESSION_TOKEN");
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined))
    problems.push(
      `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together: set both, or neither to use the AWS credential chain`,
    );

  return {
    kind: "s3",
    bucket: bucket ?? "",
    prefix,
    ...(endpoint !== undefined ? { endpoint } : {}),
    region,
    forcePathStyle: rawPathStyle === "true" || rawPathStyle === "1",
    ...(accessKeyId !== undefined && secretAccessKey !== undefined
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) } }
      : {}),
  };
}

/** Where the artifacts go, for logs (never credentials). */
export function describeArtifactStoreConfig(config: ArtifactStoreConfig): string {
  if (config.kind === "local") return "DATA_DIR/artifacts";
  return `s3://${config.bucket}/${config.prefix}${config.endpoint ? ` at ${config.endpoint}` : ` (${config.region})`}`;
}
