import type { ReactNode } from "react";

/** Items as tags, or a muted "—" when `dashWhenEmpty` and there are none. */
export function TagList<T>({
  items,
  keyOf,
  children,
  dashWhenEmpty = false,
}: {
  items: readonly T[];
  keyOf: (item: T) => string;
  children: (item: T) => ReactNode;
  dashWhenEmpty?: boolean;
}) {
  if (dashWhenEmpty && items.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="tags">
      {items.map((item) => (
        <li key={keyOf(item)} className="tag">
          {children(item)}
        </li>
      ))}
    </ul>
  );
}
