import { createReadResolver } from "../common/read-resolver.js";
import { Dataset, DatasetConnection, DatasetFilterInput } from "./dataset.type.js";

export const DatasetResolver = createReadResolver({
  single: "dataset",
  plural: "datasets",
  type: Dataset,
  connection: DatasetConnection,
  filter: DatasetFilterInput,
  reader: (services) => services.datasets,
});
