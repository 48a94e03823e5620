/**
 * Which browser origins may open a WebSocket (browsers send Origin; a cross-site page must not ride a user's
 * session). Non-browser clients send none and are allowed; the page's own origin always is; in development any
 * localhost origin is (the Vite dev server proxies from another port).
 */
export function isOriginAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
  production: boolean,
): boolean {
  if (origin === undefined || origin === "") return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (host !== undefined && url.host === host) return true;
  if (allowed.includes(url.origin)) return true;
  return !production && (url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]");
}
