import { createReadResolver } from "../common/read-resolver.js";
import { Validation, ValidationConnection, ValidationFilterInput } from "./validation.type.js";

export const ValidationResolver = createReadResolver({
  single: "validation",
  plural: "validations",
  type: Validation,
  connection: ValidationConnection,
  filter: ValidationFilterInput,
  reader: (services) => services.validations,
});
