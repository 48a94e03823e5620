/**
 * The artifact store a process uses, from its configuration: what app.ts (API processes) and worker.ts (step
 * workers) wire alike, so that both keep model artifacts and run outputs in the same place.
 */
import { ArtifactOutputArchive, type OutputArchive } from "../data/output-archive.js";
import type { RunStore } from "../store/ports.js";
import type { ArtifactStoreConfig } from "./artifact-config.js";
import type { ArtifactStore } from "./artifact-store.js";
import { S3ArtifactStore } from "./s3-artifact-store.js";

export interface ConfiguredArtifacts {
  /** For model artifacts; undefined: the default, a local directory `DATA_DIR/artifacts`. */
  store: ArtifactStore | undefined;
  /** For the data engine's run outputs; undefined: DATA_DIR only (the default). */
  archive: OutputArchive | undefined;
  close(): void;
}

/**
 * `local`: nothing to open (the defaults stay as they are). `s3`: the bucket is checked (an unusable one fails
 * the start with the reason), and run outputs are archived there too, for real runs only: scratch tables under
 * `runs/` (upload checks, dataset tables, training data) have no run record and stay local.
 */
export async function openConfiguredArtifacts(
  config: ArtifactStoreConfig,
  runs: Pick<RunStore, "get">,
): Promise<ConfiguredArtifacts> {
  if (config.kind === "local") return { store: undefined, archive: undefined, close: () => undefined };
  const store = await S3ArtifactStore.open(config);
  const archive = new ArtifactOutputArchive(store, {
    archivesRun: async (runId) => (await runs.get(runId)) !== null,
  });
  return { store, archive, close: () => store.close() };
}
