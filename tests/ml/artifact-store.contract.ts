/**
 * The ArtifactStore contract: every adapter (the local directory now, S3 later) runs this same suite.
 * Usage: `artifactStoreContract("s3", async () => ({ store, close }))` in a *.test.ts file.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ArtifactStore } from "../../api/src/artifacts/artifact-store.js";
import { DomainError } from "../../api/src/common/errors.js";

export interface OpenedArtifactStore {
  store: ArtifactStore;
  close(): Promise<void>;
}

async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

async function* chunks(data: Buffer, size: number, failAfter?: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) {
    if (failAfter !== undefined && at >= failAfter) throw new Error("the source broke mid-way");
    yield data.subarray(at, at + size);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`;
  }
  return "resolved";
}

export function artifactStoreContract(name: string, open: () => Promise<OpenedArtifactStore>): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    const withStore = (test: (store: ArtifactStore) => Promise<void>) => async () => {
      const opened = await open();
      try {
        await test(opened.store);
      } finally {
        await opened.close();
      }
    };

    it(
      "puts, gets, stats and checks bytes under a key",
      withStore(async (store) => {
        const bytes = Buffer.from("model bytes \u00e9\u0000\u00ff");
        const info = await store.put("models/hmp/1/model.json", bytes);
        expect(info).toMatchObject({ key: "models/hmp/1/model.json", size: bytes.length });
        expect(info.modifiedAt).toBeInstanceOf(Date);
        expect(await store.get("models/hmp/1/model.json")).toEqual(bytes);
        expect(await store.exists("models/hmp/1/model.json")).toBe(true);
        expect(await store.exists("models/hmp/2/model.json")).toBe(false);
        expect((await store.stat("models/hmp/1/model.json"))?.size).toBe(bytes.length);
        expect(await store.stat("models/none")).toBeNull();
      }),
    );

    it(
      "streams a large artifact in and out",
      withStore(async (store) => {
        const data = randomBytes(3 * 1024 * 1024 + 17);
        const info = await store.put("big/blob.bin", chunks(data, 64 * 1024));
        expect(info.size).toBe(data.length);
        expect((await drain(await store.getStream("big/blob.bin"))).equals(data)).toBe(true);
        expect((await store.get("big/blob.bin")).equals(data)).toBe(true);
      }),
    );

    it(
      "answers NOT_FOUND for a missing artifact, buffered or streamed",
      withStore(async (store) => {
        expect(await codeOf(store.get("nothing/here"))).toBe("NOT_FOUND");
        expect(await codeOf(store.getStream("nothing/here"))).toBe("NOT_FOUND");
      }),
    );

    it(
      "replaces an artifact on put",
      withStore(async (store) => {
        await store.put("a/b", Buffer.from("first version, longer"));
        await store.put("a/b", Buffer.from("second"));
        expect((await store.get("a/b")).toString()).toBe("second");
        expect((await store.list("a/")).map((i) => i.key)).toEqual(["a/b"]);
      }),
    );

    it(
      "keeps the previous artifact when a streamed put fails mid-way, and shows no partial one",
      withStore(async (store) => {
        await store.put("keep/me", Buffer.from("complete"));
        const data = randomBytes(512 * 1024);
        await expect(store.put("keep/me", chunks(data, 16 * 1024, 128 * 1024))).rejects.toThrow(/broke/);
        await expect(store.put("keep/new", chunks(data, 16 * 1024, 128 * 1024))).rejects.toThrow(/broke/);
        expect((await store.get("keep/me")).toString()).toBe("complete");
        expect(await store.exists("keep/new")).toBe(false);
        expect((await store.list("keep/")).map((i) => i.key)).toEqual(["keep/me"]);
      }),
    );

    it(
      "lists by prefix, sorted by key, nested keys included",
      withStore(async (store) => {
        for (const key of ["m/x/2", "m/x/1", "m/x/sub/3", "m/y/1", "mm/1", "other"]) {
          await store.put(key, Buffer.from(key));
        }
        expect((await store.list("m/x/")).map((i) => i.key)).toEqual(["m/x/1", "m/x/2", "m/x/sub/3"]);
        expect((await store.list("m/")).map((i) => i.key)).toEqual(["m/x/1", "m/x/2", "m/x/sub/3", "m/y/1"]);
        expect((await store.list("absent/")).length).toBe(0);
        const all = (await store.list()).map((i) => i.key);
        expect(all).toEqual([...all].sort());
        expect(all).toEqual(expect.arrayContaining(["mm/1", "other"]));
        expect((await store.list("m/x/"))[0]?.size).toBe("m/x/1".length);
      }),
    );

    it(
      "deletes one artifact and reports whether it existed",
      withStore(async (store) => {
        await store.put("d/1", Buffer.from("1"));
        await store.put("d/2", Buffer.from("2"));
        expect(await store.delete("d/1")).toBe(true);
        expect(await store.delete("d/1")).toBe(false);
        expect(await store.exists("d/1")).toBe(false);
        expect((await store.list("d/")).map((i) => i.key)).toEqual(["d/2"]);
        expect(await store.delete("d/2")).toBe(true);
        expect(await store.list("d/")).toEqual([]);
      }),
    );

    it(
      "refuses keys that could escape or collide (BAD_USER_INPUT)",
      withStore(async (store) => {
        for (const key of ["", "../x", "a/../b", "a//b", "/abs", ".hidden", "a/.b", "x.tmp", "a b", "a\\b", "a/"]) {
          expect(await codeOf(store.put(key, Buffer.from("x"))), key).toBe("BAD_USER_INPUT");
          expect(await codeOf(store.get(key)), key).toBe("BAD_USER_INPUT");
        }
        expect(await codeOf(store.list("no-slash"))).toBe("BAD_USER_INPUT");
      }),
    );

    it(
      "serialises concurrent puts of one key: the result is one whole body",
      withStore(async (store) => {
        const bodies = Array.from({ length: 6 }, (_, i) => Buffer.alloc(200_000 + i, 65 + i));
        await Promise.all(bodies.map((b) => store.put("race/key", chunks(b, 8192))));
        const final = await store.get("race/key");
        expect(bodies.some((b) => b.equals(final))).toBe(true);
        expect((await store.list("race/")).length).toBe(1);
      }),
    );
  });
}
