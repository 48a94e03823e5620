import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { LocalArtifactStore } from "../../api/src/artifacts/local-artifact-store.js";
import { artifactStoreContract } from "./artifact-store.contract.js";

artifactStoreContract("local directory", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "millrace-artifacts-"));
  return { store: await LocalArtifactStore.open(dir), close: () => rm(dir, { recursive: true, force: true }) };
});

it("local directory: lives in DATA_DIR/artifacts and leaves no temp files behind", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "millrace-artifacts-"));
  try {
    const store = await LocalArtifactStore.open(dir);
    await store.put("models/a/1/model.json", Buffer.from("{}"));
    expect(await readdir(path.join(dir, "artifacts", "models", "a", "1"))).toEqual(["model.json"]);
    await store.delete("models/a/1/model.json");
    expect(await readdir(path.join(dir, "artifacts"))).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
