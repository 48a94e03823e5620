import { useState } from "react";

const PAGE = 50;
const MAX = 500;

/** How many rows a paged list asks for (`first`), and "load more": one page more, up to 500. */
export function usePageSize(): { first: number; loadMore: () => void } {
  const [first, setFirst] = useState(PAGE);
  return { first, loadMore: () => setFirst((n) => Math.min(MAX, n + PAGE)) };
}
