/**
 * Adapter-neutral rules of the run lease/cancel/claim operations, imported by both adapters so they reject the
 * same inputs.
 */
import { BadInputError } from "../common/errors.js";
import type { RunStatus } from "../runs/run-state.js";
import type { RunRecord } from "./records.js";

/** The statuses in which a run can be leased, and is orphaned when its lease is missing or expired. */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ["QUEUED", "RUNNING"];

/** What runs stored before leases existed read back as. */
export const NO_LEASE: Pick<RunRecord, "leaseOwner" | "leaseExpiresAt" | "cancelRequestedAt"> = {
  leaseOwner: null,
  leaseExpiresAt: null,
  cancelRequestedAt: null,
};

export function checkOwner(owner: unknown): string {
  if (typeof owner !== "string" || owner === "") throw new BadInputError("owner", "must be a non-empty string");
  return owner;
}

export function checkInstant(field: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new BadInputError(field, "must be a date");
  return value;
}

export function checkAttempt(attempt: unknown): number {
  if (typeof attempt !== "number" || !Number.isInteger(attempt) || attempt < 0) {
    throw new BadInputError("attempt", "must be a non-negative integer");
  }
  return attempt;
}

export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) throw new BadInputError("limit", "must be a non-negative integer");
}
