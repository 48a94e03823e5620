/**
 * Recognising server errors by code rather than by class: single writes throw MongoServerError, bulk writes
 * MongoBulkWriteError, and both carry the server's code.
 */
import { MongoBulkWriteError, MongoServerError, type WriteError } from "mongodb";

const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors = writeErrorsOf(error);
    return errors.length > 0 && errors.every((e) => e.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/**
 * How many documents an ordered insertMany stored before it failed: they are a prefix of the batch, and the first
 * failed document's index is its length.
 */
export function insertedPrefix(error: MongoBulkWriteError): number {
  return Math.min(...writeErrorsOf(error).map((e) => e.index));
}

function writeErrorsOf(error: MongoBulkWriteError): WriteError[] {
  // Typed "one or more": a single error or an array of them.
  return ([] as WriteError[]).concat(error.writeErrors);
}
