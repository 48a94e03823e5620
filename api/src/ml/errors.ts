import { DomainError } from "../common/errors.js";

/**
 * Bad input to the ML core: a parameter, a dataset or a job that cannot be trained on.
 * `field` names the offending param or input (e.g. "max_depth", "y", "X[3,2]") so callers can point at it.
 */
export class MlInputError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super("BAD_USER_INPUT", `${field}: ${message}`, { field });
    this.name = "MlInputError";
  }
}

/** Throws the signal's reason (an AbortError by default) when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) signal.throwIfAborted();
}
