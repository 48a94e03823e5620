/**
 * Where to go after signing in: the `next` parameter when it is a path of this editor, else the dashboard. Anything
 * else ("//evil.example", "https://…", "javascript:…") is refused, so a crafted sign-in link cannot send users away.
 */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/dashboard";
  if (next === "/sign-in" || next.startsWith("/sign-in?")) return "/dashboard";
  return next;
}

/** The sign-in page's URL that comes back to `path` afterwards. */
export function signInPath(path: string): string {
  const next = safeNextPath(path);
  return next === "/dashboard" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}
