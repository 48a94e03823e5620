import type { ReactNode } from "react";

/** One term and its value in a `<dl className="facts">`; `wide` spans the row. */
export function Fact({
  term,
  children,
  wide = false,
  testId,
}: {
  term: ReactNode;
  children: ReactNode;
  wide?: boolean;
  testId?: string | undefined;
}) {
  return (
    <div className={wide ? "facts__wide" : undefined}>
      <dt>{term}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
