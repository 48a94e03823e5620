import { graphql } from "../../graphql/generated";

export const SystemInfoQuery = graphql(`
  query SystemInfo {
    systemInfo {
      version
      startedAt
      activeRuns
      store {
        kind
        ok
        detail
        latencyMs
      }
    }
  }
`);

export const SeedDemoMutation = graphql(`
  mutation SeedDemo {
    seedDemo {
      pipelines
      datasets
    }
  }
`);

export const ResetDemoMutation = graphql(`
  mutation ResetDemo($confirm: String!) {
    resetDemo(confirm: $confirm) {
      pipelines
      datasets
    }
  }
`);
