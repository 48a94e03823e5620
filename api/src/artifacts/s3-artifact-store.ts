/**
 * ArtifactStore over an S3 bucket (AWS S3 or an S3-compatible server: MinIO, Ceph, s3rver…), under a key
 * prefix. Same key rules and contract as the local directory (`tests/ml/artifact-store.contract.ts`):
 *
 * - put: a body that fits in one part goes in one PUT with its length; a longer one is streamed as a multipart
 *   upload, at most two parts in memory (8 MiB each by default). S3 makes either visible only once complete, so
 *   readers see the old object or the new one; a body that fails mid-way aborts its upload and leaves the
 *   previous object in place.
 * - Concurrent puts of one key from this process are serialised (S3 itself keeps the last complete one; some
 *   S3-compatible servers write objects in place, so overlapping writes could interleave there).
 * - get/getStream/stat/exists map a missing object to the port's answers (NOT_FOUND / null / false); any other
 *   failure is an Error naming the operation, the key and the bucket (and keeps the SDK's error as `cause`).
 * - list pages through ListObjectsV2; objects under the prefix whose names are not valid keys are not listed.
 * - delete answers whether the object existed (a HEAD first: S3's DELETE does not say).
 */
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { DomainError } from "../common/errors.js";
import type { S3ArtifactStoreSettings } from "./artifact-config.js";
import {
  artifactNotFound,
  checkArtifactKey,
  checkArtifactPrefix,
  type ArtifactBody,
  type ArtifactInfo,
  type ArtifactStore,
} from "./artifact-store.js";

/** S3's smallest part (all parts but the last one of a multipart upload). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;

export interface S3ArtifactStoreOptions extends S3ArtifactStoreSettings {
  /** Bodies up to this size go in one PUT; longer ones as multipart uploads of parts this size (≥ 5 MiB). */
  partSizeBytes?: number;
  /** Objects per ListObjectsV2 page (1..1000, default 1000). */
  listPageSize?: number;
  /** Attempts per request, retries included (default: the SDK's, 3, or AWS_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Time to open a connection (default 5 s). */
  connectionTimeoutMs?: number;
  /** Longest silence on an open connection (default 60 s). */
  requestTimeoutMs?: number;
}

export class S3ArtifactStore implements ArtifactStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly listPageSize: number;
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(options: S3ArtifactStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = checkArtifactPrefix(options.prefix);
    this.partSize = options.partSizeBytes ?? DEFAULT_PART_SIZE;
    if (!Number.isInteger(this.partSize) || this.partSize < MIN_PART_SIZE)
      throw new Error(`partSizeBytes must be an integer of at least ${MIN_PART_SIZE} (5 MiB)`);
    this.listPageSize = Math.max(1, Math.min(1000, Math.floor(options.listPageSize ?? 1000)));
    this.description = `s3://${options.bucket}/${this.prefix}${options.endpoint ? ` at ${options.endpoint}` : ` (${options.region})`}`;
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      requestHandler: {
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 60_000,
      },
    };
    if (options.endpoint !== undefined) {
      config.endpoint = options.endpoint;
      // S3-compatible servers do not all understand the SDK's default checksums (CRC32 trailers on aws-chunked
      // bodies): some store the framing as data. Checksums only where the API requires them, then.
      config.requestChecksumCalculation = "WHEN_REQUIRED";
      config.responseChecksumValidation = "WHEN_REQUIRED";
    }
    if (options.credentials !== undefined) config.credentials = options.credentials;
    if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
    this.client = new S3Client(config);
  }

  /** Makes the store and checks that the bucket answers (reachable, exists, credentials accepted). */
  static async open(options: S3ArtifactStoreOptions): Promise<S3ArtifactStore> {
    const store = new S3ArtifactStore(options);
    try {
      await store.check();
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  /** HEADs the bucket; the error says what is wrong (missing bucket, denied, no credentials, unreachable). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const { name, status } = facts(error);
      const why =
        status === 404 || name === "NotFound" || name === "NoSuchBucket"
          ? "the bucket does not exist"
          : status === 403
            ? "access denied (check the credentials and the bucket policy)"
            : status === 301 || name === "PermanentRedirect"
              ? "the bucket is in another region (set S3_REGION)"
              : name === "CredentialsProviderError"
                ? "no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile or role)"
                : `${name}: ${messageOf(error)}`;
      throw new Error(`artifact store ${this.description} is not usable: ${why}`, { cause: error });
    }
  }

  async put(key: string, body: ArtifactBody): Promise<ArtifactInfo> {
    const objectKey = this.objectKey(key);
    return this.serialised(objectKey, async () => {
      const parts = partsOf(body, this.partSize)[Symbol.asyncIterator]();
      try {
        const first = await parts.next();
        const firstPart = first.done ? Buffer.alloc(0) : first.value;
        const second = first.done ? first : await parts.next();
        if (second.done) {
          await this.send("PutObject", key, () =>
            this.client.send(
              new PutObjectCommand({
                Bucket: this.bucket,
                Key: objectKey,
                Body: firstPart,
                ContentLength: firstPart.length,
                ContentType: "application/octet-stream",
              }),
            ),
          );
          return { key, size: firstPart.length, modifiedAt: new Date() };
        }
        const size = await this.multipart(key, objectKey, firstPart, second.value, parts);
        return { key, size, modifiedAt: new Date() };
      } finally {
        await parts.return(undefined);
      }
    });
  }

  async get(key: string): Promise<Buffer> {
    const body = await this.getBody(key);
    const bytes = await body.transformToByteArray();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async getStream(key: string): Promise<Readable> {
    const body = await this.getBody(key);
    if (body instanceof Readable) return body;
    return Readable.fromWeb(body.transformToWebStream() as WebReadableStream<Uint8Array>);
  }

  async stat(key: string): Promise<ArtifactInfo | null> {
    const objectKey = this.objectKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return { key, size: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw this.failure("HeadObject", key, error);
    }
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async list(prefix = ""): Promise<ArtifactInfo[]> {
    checkArtifactPrefix(prefix);
    const out: ArtifactInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.send("ListObjectsV2", prefix === "" ? "" : prefix, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}${prefix}`,
            MaxKeys: this.listPageSize,
            ...(token !== undefined ? { ContinuationToken: token } : {}),
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length);
        if (key === undefined || !object.Key?.startsWith(this.prefix) || !isValidKey(key)) continue;
        out.push({ key, size: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    return this.serialised(objectKey, async () => {
      if (!(await this.exists(key))) return false;
      await this.send("DeleteObject", key, () =>
        this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: objectKey })),
      );
      return true;
    });
  }

  /** Closes the client's connections. */
  close(): void {
    this.client.destroy();
  }

  private async getBody(key: string) {
    const objectKey = this.objectKey(key);
    let response;
    try {
      response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
    } catch (error) {
      if (isMissingObject(error)) throw artifactNotFound(key);
      throw this.failure("GetObject", key, error);
    }
    if (!response.Body) throw new Error(`S3 GetObject of "${key}" on ${this.description} returned no body`);
    return response.Body;
  }

  /** Uploads `first`, `second` and the rest as parts; aborts the upload on any failure. Returns the size. */
  private async multipart(
    key: string,
    objectKey: string,
    first: Buffer,
    second: Buffer,
    rest: AsyncIterator<Buffer>,
  ): Promise<number> {
    const created = await this.send("CreateMultipartUpload", key, () =>
      this.client.send(
        new CreateMultipartUploadCommand({
          Bucket: this.bucket,
          Key: objectKey,
          ContentType: "application/octet-stream",
        }),
      ),
    );
    const uploadId = created.UploadId;
    if (uploadId === undefined) throw new Error(`S3 CreateMultipartUpload of "${key}" returned no upload id`);
    const completed: CompletedPart[] = [];
    let size = 0;
    const upload = async (part: Buffer): Promise<void> => {
      const partNumber = completed.length + 1;
      if (partNumber > MAX_PARTS)
        throw new Error(`artifact "${key}" is larger than ${MAX_PARTS} parts of ${this.partSize} bytes`);
      const result = await this.send("UploadPart", key, () =>
        this.client.send(
          new UploadPartCommand({
            Bucket: this.bucket,
            Key: objectKey,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: part,
            ContentLength: part.length,
          }),
        ),
      );
      completed.push({ PartNumber: partNumber, ...(result.ETag !== undefined ? { ETag: result.ETag } : {}) });
      size += part.length;
    };
    try {
      await upload(first);
      await upload(second);
      for (let next = await rest.next(); !next.done; next = await rest.next()) await upload(next.value);
      await this.send("CompleteMultipartUpload", key, () =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: objectKey,
            UploadId: uploadId,
            MultipartUpload: { Parts: completed },
          }),
        ),
      );
      return size;
    } catch (error) {
      // Best effort: a server that cannot abort keeps the parts until its own cleanup (a lifecycle rule on S3).
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: objectKey, UploadId: uploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  /** One write at a time per key in this process; the next one starts when the previous one settled. */
  private async serialised<T>(objectKey: string, work: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(objectKey) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.writes.set(objectKey, settled);
    try {
      return await run;
    } finally {
      if (this.writes.get(objectKey) === settled) this.writes.delete(objectKey);
    }
  }

  private async send<T>(operation: string, key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.failure(operation, key, error);
    }
  }

  private failure(operation: string, key: string, error: unknown): Error {
    if (error instanceof DomainError) return error;
    const { name } = facts(error);
    const what = key === "" ? "" : ` of "${key}"`;
    if (name === "NoSuchBucket")
      return new Error(`S3 ${operation}${what} failed: bucket "${this.bucket}" does not exist (${this.description})`, {
        cause: error,
      });
    return new Error(`S3 ${operation}${what} failed on ${this.description}: ${name}: ${messageOf(error)}`, {
      cause: error,
    });
  }

  private objectKey(key: string): string {
    return `${this.prefix}${checkArtifactKey(key)}`;
  }
}

/**
 * The body cut into parts of exactly `size` bytes (the last one shorter, never empty unless the whole body is):
 * the part being built (plus one chunk) in memory.
 */
async function* partsOf(body: ArtifactBody, size: number): AsyncGenerator<Buffer> {
  if (body instanceof Uint8Array) {
    const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
    return;
  }
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of body) {
    pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pendingBytes += chunk.byteLength;
    while (pendingBytes >= size) {
      const joined = Buffer.concat(pending, pendingBytes);
      const left = joined.length > size ? Buffer.from(joined.subarray(size)) : null;
      pending = left ? [left] : [];
      pendingBytes = left?.length ?? 0;
      yield joined.subarray(0, size);
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

function isValidKey(key: string): boolean {
  try {
    checkArtifactKey(key);
    return true;
  } catch {
    return false;
  }
}

function facts(error: unknown): { name: string; status: number | undefined } {
  const e = error as { name?: unknown; $metadata?: { httpStatusCode?: number } } | null;
  return {
    name: typeof e?.name === "string" ? e.name : "Error",
    status: e?.$metadata?.httpStatusCode,
  };
}

function isMissingObject(error: unknown): boolean {
  const { name, status } = facts(error);
  return name === "NoSuchKey" || name === "NotFound" || (status === 404 && name !== "NoSuchBucket");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
