/** Longest wait between two WebSocket reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * How long to wait before reconnection attempt `retries` (0-based): exponential from 1 s, capped, with jitter so
 * that many editors do not reconnect in lockstep after an API restart. graphql-ws's default never caps.
 */
export function reconnectDelayMs(retries: number, random: () => number = Math.random): number {
  const base = Math.min(1000 * 2 ** retries, MAX_RECONNECT_DELAY_MS);
  return Math.round(base * (0.5 + random() / 2));
}
