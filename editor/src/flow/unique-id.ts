/** Node and edge ids the API accepts (`[A-Za-z0-9_-]{1,64}`), unique among those taken. Pure. */

/** `base` made id-safe, or `base-2`, `base-3`… when taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const safe =
    base
      .replace(/[^A-Za-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 56) || "step";
  if (!taken.has(safe)) return safe;
  for (let n = 2; ; n++) {
    const candidate = `${safe}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
