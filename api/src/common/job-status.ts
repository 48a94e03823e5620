import { graphqlEnum } from "./enums.js";

/** Status of background work (experiments, AutoML runs). */
export const JobStatus = graphqlEnum("JobStatus", ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const);
