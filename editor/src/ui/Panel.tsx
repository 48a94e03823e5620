import type { ReactNode } from "react";

/** A panel section named by its title (`titleId` ties them); `wide` spans the page's grid. */
export function Panel({
  titleId,
  title,
  children,
  wide = false,
  testId,
}: {
  titleId: string;
  title: ReactNode;
  children: ReactNode;
  wide?: boolean;
  testId?: string | undefined;
}) {
  return (
    <section className={wide ? "panel panel--wide" : "panel"} aria-labelledby={titleId} data-testid={testId}>
      <h2 id={titleId} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}
