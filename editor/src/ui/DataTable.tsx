import type { ReactNode } from "react";

/**
 * A table in its horizontal scroller: `head` holds the header row's cells (see `Th`), `children` the body rows.
 * `variant` picks the compact or dense spacing; `caption` is read out, not shown.
 */
export function DataTable({
  head,
  children,
  testId,
  variant,
  caption,
}: {
  head: ReactNode;
  children: ReactNode;
  testId?: string | undefined;
  variant?: "compact" | "dense";
  caption?: string | undefined;
}) {
  return (
    <div className="table-scroll">
      <table className={variant === undefined ? "table" : `table table--${variant}`} data-testid={testId}>
        {caption !== undefined && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A column's header cell; `num` right-aligns it over numbers. */
export function Th({ num = false, children }: { num?: boolean; children: ReactNode }) {
  return (
    <th scope="col" className={num ? "num" : undefined}>
      {children}
    </th>
  );
}

/** A row's header cell (the name in a name/value table). */
export function RowHead({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <th scope="row" className="table__rowhead" title={title}>
      {children}
    </th>
  );
}
