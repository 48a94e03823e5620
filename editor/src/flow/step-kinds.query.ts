import { graphql } from "../graphql/generated";

/** The step catalog: how each node kind is titled, categorised, connected and configured. */
export const StepKindsQuery = graphql(`
  query StepKinds {
    stepKinds {
      id
      title
      description
      category
      minInputs
      maxInputs
      hasOutput
      configSchema
    }
  }
`);
