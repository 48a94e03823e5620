/** A section of the product that is not built yet, saying what it will hold. No sample data. */
export function ComingSoonPage({ title, children }: { title: string; children: string }) {
  return (
    <section className="page" aria-labelledby="coming-soon-title">
      <title>{`${title} · Millrace`}</title>
      <h1 id="coming-soon-title">{title}</h1>
      <div className="panel">
        <p>{children}</p>
        <p className="muted">Not built yet in this version of the editor.</p>
      </div>
    </section>
  );
}
