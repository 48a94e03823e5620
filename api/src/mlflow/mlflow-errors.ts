/**
 * MLflow's error shape: `{"error_code": "...", "message": "..."}` with the codes and HTTP statuses its client
 * knows. Domain errors from the services map onto them; anything else is an internal error, logged, never shown.
 */
import { DomainError } from "../common/errors.js";

export const MLFLOW_STATUS = {
  RESOURCE_DOES_NOT_EXIST: 404,
  INVALID_PARAMETER_VALUE: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  INVALID_STATE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  ENDPOINT_NOT_FOUND: 404,
  NOT_IMPLEMENTED: 501,
  INTERNAL_ERROR: 500,
} as const;

export type MlflowErrorCode = keyof typeof MLFLOW_STATUS;

export class MlflowError extends Error {
  constructor(
    readonly code: MlflowErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "MlflowError";
  }

  get status(): number {
    return MLFLOW_STATUS[this.code];
  }

  toJSON(): { error_code: string; message: string } {
    return { error_code: this.code, message: this.message };
  }
}

export function invalidParameter(message: string): MlflowError {
  return new MlflowError("INVALID_PARAMETER_VALUE", message);
}

export function doesNotExist(message: string): MlflowError {
  return new MlflowError("RESOURCE_DOES_NOT_EXIST", message);
}

export function alreadyExists(message: string): MlflowError {
  return new MlflowError("RESOURCE_ALREADY_EXISTS", message);
}

const FROM_DOMAIN: Record<DomainError["code"], MlflowErrorCode> = {
  NOT_FOUND: "RESOURCE_DOES_NOT_EXIST",
  BAD_USER_INPUT: "INVALID_PARAMETER_VALUE",
  VALIDATION_FAILED: "INVALID_PARAMETER_VALUE",
  CONFLICT: "RESOURCE_ALREADY_EXISTS",
  FORBIDDEN: "PERMISSION_DENIED",
  UNAUTHENTICATED: "UNAUTHENTICATED",
};

/** The MLflow error for a known failure, or null for an internal one (which the caller logs and hides). */
export function toMlflowError(error: unknown): MlflowError | null {
  if (error instanceof MlflowError) return error;
  if (error instanceof DomainError) return new MlflowError(FROM_DOMAIN[error.code], error.message);
  return null;
}
