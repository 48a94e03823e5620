/**
 * What the contract suite needs from an adapter under test, and small assertion helpers shared by its parts.
 */
import { expect } from "vitest";
import { DomainError, type DomainErrorCode } from "../../../api/src/common/errors.js";
import type { Stores } from "../../../api/src/store/ports.js";

export interface ContractTarget {
  kind: Stores["kind"];
  /** Opens a handle on the target's database; may be called more than once (each handle is closed by the suite). */
  open(): Promise<Stores>;
  /** Removes what the target created (temp files, the test database), after every handle is closed. */
  dispose(): Promise<void>;
  /** The physical tables/collections holding generations of a row collection (staging ones included). */
  rowStorage(collection: string): Promise<string[]>;
}

/** The suite's open handle, available once `beforeAll` has run. */
export type StoresRef = () => Stores;

export async function expectDomainError(action: Promise<unknown>, code: DomainErrorCode): Promise<DomainError> {
  const error: unknown = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected a DomainError ${code}`).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  return error as DomainError;
}

/** Newest first by (createdAt desc, id desc): the listing order both adapters promise. */
export function byListingOrder<T extends { id: string; createdAt: Date }>(a: T, b: T): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
