import DataLoader from "dataloader";
import type { Principal } from "../auth/principal.js";
import type { Stores } from "../store/ports.js";
import type { PipelineRecord, RunRecord } from "../store/records.js";
import type { Services } from "./services.js";

/** Per-request batching, so a list of N pipelines costs one store call for their last runs, not N. */
export interface Loaders {
  lastRunByPipeline: DataLoader<string, RunRecord | null>;
  pipelineById: DataLoader<string, PipelineRecord | null>;
}

export interface RequestContext {
  services: Services;
  loaders: Loaders;
  /** The authenticated caller; absent or null while the API has no authentication. */
  principal?: Principal | null;
}

export function createContext(services: Services, stores: Stores, principal: Principal | null = null): RequestContext {
  return {
    services,
    principal,
    loaders: {
      lastRunByPipeline: new DataLoader(async (ids) => {
        const latest = await stores.runs.latestByPipeline(ids);
        return ids.map((id) => latest.get(id) ?? null);
      }),
      pipelineById: new DataLoader(async (ids) => {
        const found = new Map((await stores.pipelines.getMany(ids)).map((p) => [p.id, p]));
        return ids.map((id) => found.get(id) ?? null);
      }),
    },
  };
}
