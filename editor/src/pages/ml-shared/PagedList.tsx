import type { ReactNode } from "react";
import { ListBody } from "../../ui/ListBody";

interface Connection<N> {
  nodes: readonly N[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean };
}

/** A paged list (a GraphQL connection) by its query's state, with "Showing n of m" and "Load more" under it. */
export function PagedList<N>({
  connection,
  error,
  loading,
  what,
  onRetry,
  onMore,
  empty,
  children,
}: {
  connection: Connection<N> | undefined;
  error: unknown;
  /** A page is loading: "Load more" waits. */
  loading: boolean;
  what: string;
  onRetry: () => void;
  onMore: () => void;
  empty: ReactNode;
  children: (nodes: readonly N[]) => ReactNode;
}) {
  return (
    <ListBody items={connection?.nodes} error={error} what={what} onRetry={onRetry} empty={empty}>
      {(nodes) => (
        <>
          {children(nodes)}
          <footer className="list-footer">
            <span>
              Showing {nodes.length} of {connection?.totalCount}
            </span>
            {connection?.pageInfo.hasNextPage === true && (
              <button type="button" className="button" disabled={loading} onClick={onMore}>
                Load more
              </button>
            )}
          </footer>
        </>
      )}
    </ListBody>
  );
}
