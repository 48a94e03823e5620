import { createReadResolver } from "../common/read-resolver.js";
import { Experiment, ExperimentConnection, ExperimentFilterInput } from "./experiment.type.js";

export const ExperimentResolver = createReadResolver({
  single: "experiment",
  plural: "experiments",
  type: Experiment,
  connection: ExperimentConnection,
  filter: ExperimentFilterInput,
  reader: (services) => services.experiments,
});
