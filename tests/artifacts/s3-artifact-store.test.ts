// The S3 adapter of the ArtifactStore port: the shared contract suite, then what is S3's own (multipart
// uploads, pagination, prefixes, errors), on an S3-compatible server (see support/s3-server.ts).
import { randomBytes } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, describe, expect, it } from "vitest";
import { MIN_PART_SIZE, S3ArtifactStore } from "../../api/src/artifacts/s3-artifact-store.js";
import { DomainError } from "../../api/src/common/errors.js";
import { artifactStoreContract } from "../ml/artifact-store.contract.js";
import { freePort } from "../support/process.js";
import { s3ForTests, uniquePrefix } from "./support/s3-server.js";

const { server, skip } = await s3ForTests();
afterAll(async () => {
  await server?.stop();
});

async function* chunks(data: Buffer, size: number, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) {
    if (failAfter !== undefined && at >= failAfter) throw new Error("the source broke mid-way");
    yield data.subarray(at, at + size);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

if (!server) {
  it.skip(`S3 artifact store: ${skip}`, () => undefined);
} else {
  const s3 = server;

  artifactStoreContract("S3 (s3rver or S3_TEST_ENDPOINT)", () => {
    const store = new S3ArtifactStore(s3.options(uniquePrefix("contract")));
    return Promise.resolve({
      store,
      close: async () => {
        for (const info of await store.list()) await store.delete(info.key);
        store.close();
      },
    });
  });

  describe("S3ArtifactStore", () => {
    const stores: S3ArtifactStore[] = [];
    const open = (prefix = uniquePrefix(), extra: Parameters<typeof s3.options>[1] = {}) => {
      const store = new S3ArtifactStore(s3.options(prefix, extra));
      stores.push(store);
      return store;
    };
    afterAll(() => {
      for (const store of stores) store.close();
    });

    it("streams a body longer than a part as a multipart upload, and reads it back whole", async () => {
      const store = open(uniquePrefix(), { partSizeBytes: MIN_PART_SIZE });
      const data = randomBytes(2 * MIN_PART_SIZE + 1234);
      expect((await store.put("big/streamed.bin", chunks(data, 256 * 1024))).size).toBe(data.length);
      expect((await store.get("big/streamed.bin")).equals(data)).toBe(true);
      // Bytes at once, longer than a part, go the same way.
      expect((await store.put("big/bytes.bin", data)).size).toBe(data.length);
      const streamed: Buffer[] = [];
      for await (const chunk of await store.getStream("big/bytes.bin")) streamed.push(chunk as Buffer);
      expect(Buffer.concat(streamed).equals(data)).toBe(true);
      expect((await store.stat("big/bytes.bin"))?.size).toBe(data.length);
    });

    it("keeps the previous object when a multipart upload fails after some parts were sent", async () => {
      const store = open(uniquePrefix(), { partSizeBytes: MIN_PART_SIZE });
      await store.put("m/model.bin", Buffer.from("the good one"));
      const data = randomBytes(3 * MIN_PART_SIZE);
      // Two whole parts are uploaded before the source breaks.
      await expect(store.put("m/model.bin", chunks(data, 512 * 1024, 2 * MIN_PART_SIZE + 1))).rejects.toThrow(/broke/);
      await expect(store.put("m/other.bin", chunks(data, 512 * 1024, 2 * MIN_PART_SIZE + 1))).rejects.toThrow(/broke/);
      expect((await store.get("m/model.bin")).toString()).toBe("the good one");
      expect((await store.list("m/")).map((i) => i.key)).toEqual(["m/model.bin"]);
    });

    it("lists every page, in key order", async () => {
      const store = open(uniquePrefix(), { listPageSize: 2 });
      const keys = ["p/e", "p/a", "p/c/1", "p/b", "p/d", "q/x"];
      for (const key of keys) await store.put(key, Buffer.from(key));
      expect((await store.list("p/")).map((i) => i.key)).toEqual(["p/a", "p/b", "p/c/1", "p/d", "p/e"]);
      expect((await store.list()).map((i) => i.key)).toEqual([...keys].sort());
    });

    it("keeps to its prefix, and does not list objects whose names are not valid keys", async () => {
      const root = uniquePrefix("iso");
      const a = open(`${root}a/`);
      const b = open(`${root}b/`);
      await a.put("models/x", Buffer.from("a"));
      await b.put("models/x", Buffer.from("b"));
      expect((await a.get("models/x")).toString()).toBe("a");
      expect((await b.list()).map((i) => i.key)).toEqual(["models/x"]);
      expect(await b.delete("models/x")).toBe(true);
      expect(await a.exists("models/x")).toBe(true);
      // Objects written by something else under the prefix, with names no key can have.
      const raw = new S3Client({
        endpoint: s3.endpoint,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: s3.credentials,
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      });
      try {
        for (const name of [".hidden", "models/.tmp-x", "models/y.tmp", "models/a b"])
          await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `${root}a/${name}`, Body: "x" }));
      } finally {
        raw.destroy();
      }
      expect((await a.list()).map((i) => i.key)).toEqual(["models/x"]);
    });

    it("says what is wrong when the bucket cannot be used", async () => {
      await expect(
        S3ArtifactStore.open(s3.options("", { bucket: `missing-${randomBytes(4).toString("hex")}` })),
      ).rejects.toThrow(/is not usable: the bucket does not exist/);
      const closed = `http://127.0.0.1:${await freePort()}`;
      await expect(S3ArtifactStore.open(s3.options("", { endpoint: closed, maxAttempts: 1 }))).rejects.toThrow(
        new RegExp(`s3://${s3.bucket}/ at ${closed} is not usable: .*ECONNREFUSED`),
      );
    });

    it("answers NOT_FOUND only for a missing key: other failures are errors that name the bucket", async () => {
      const store = open("", { bucket: `missing-${randomBytes(4).toString("hex")}` });
      const error = await store.get("a/b").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(DomainError);
      expect(String(error)).toMatch(/S3 GetObject of "a\/b" failed: bucket "missing-[0-9a-f]+" does not exist/);
    });

    it("refuses a part size below S3's minimum", () => {
      expect(() => new S3ArtifactStore(s3.options("", { partSizeBytes: 1024 }))).toThrow(/at least 5242880/);
    });
  });
}
