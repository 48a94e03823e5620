import type { ReactNode } from "react";
import { BackLink } from "./BackLink";

/** A page: its section (named by its heading) and the browser tab's title. */
export function Page({ titleId, title, children }: { titleId: string; title: string; children: ReactNode }) {
  return (
    <section className="page" aria-labelledby={titleId}>
      <title>{title}</title>
      {children}
    </section>
  );
}

/** A page's header: an optional back link, the heading and a subtitle; `children` (the actions) go beside them. */
export function PageHeader({
  titleId,
  title,
  subtitle,
  back,
  children,
}: {
  titleId: string;
  title: ReactNode;
  subtitle?: ReactNode;
  back?: { to: string; label: string };
  children?: ReactNode;
}) {
  return (
    <header className="page__header">
      <div>
        {back !== undefined && <BackLink to={back.to} label={back.label} />}
        <h1 id={titleId}>{title}</h1>
        {subtitle !== undefined && <p className="page__subtitle">{subtitle}</p>}
      </div>
      {children}
    </header>
  );
}
