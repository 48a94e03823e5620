import { createReadResolver } from "../common/read-resolver.js";
import { AutoMLRun, AutoMLRunConnection, AutoMLRunFilterInput } from "./automl.type.js";

export const AutoMLResolver = createReadResolver({
  single: "automlRun",
  plural: "automlRuns",
  type: AutoMLRun,
  connection: AutoMLRunConnection,
  filter: AutoMLRunFilterInput,
  reader: (services) => services.automl,
});
