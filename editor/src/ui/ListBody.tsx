import type { ReactNode } from "react";
import { ErrorPanel } from "./ErrorPanel";
import { Loading } from "./Loading";

/**
 * A list's body by its query's state: the error (with a retry) while nothing has loaded, then loading, the empty
 * note when there are no items, else `children` with the items. `what` is the plural noun ("experiments").
 */
export function ListBody<T>({
  items,
  error,
  what,
  onRetry,
  empty,
  children,
}: {
  items: readonly T[] | undefined;
  error: unknown;
  what: string;
  onRetry: () => void;
  empty: ReactNode;
  children: (items: readonly T[]) => ReactNode;
}) {
  if (items === undefined)
    return error ? (
      <ErrorPanel title={`Could not load ${what}`} error={error} onRetry={onRetry} />
    ) : (
      <Loading>{`Loading ${what}…`}</Loading>
    );
  return <>{items.length === 0 ? empty : children(items)}</>;
}
