import { createReadResolver } from "../common/read-resolver.js";
import { Model, ModelConnection, ModelFilterInput } from "./model.type.js";

export const ModelResolver = createReadResolver({
  single: "model",
  plural: "models",
  type: Model,
  connection: ModelConnection,
  filter: ModelFilterInput,
  reader: (services) => services.models,
});
