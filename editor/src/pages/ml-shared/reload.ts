/** Drops a settled promise's failure where the page already shows it (a query's or mutation's `error`). */
export const ignore = (): void => undefined;

/** A reload for a button or an event: runs the query's `refetch`; a failure shows in the query's own `error`. */
export function quietly(refetch: () => Promise<unknown>): () => void {
  return () => void refetch().catch(ignore);
}
