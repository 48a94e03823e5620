/**
 * Where GraphQL lives, from the page's own URL: the API serves the editor on the same origin (and `vite dev`
 * proxies `/graphql` to it), so no host is ever configured.
 */
export function graphqlEndpoints(pageUrl: string): { http: string; ws: string } {
  const http = new URL("/graphql", pageUrl);
  const ws = new URL(http);
  ws.protocol = http.protocol === "https:" ? "wss:" : "ws:";
  return { http: http.href, ws: ws.href };
}
