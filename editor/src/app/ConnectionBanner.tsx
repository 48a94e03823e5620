import { useStoreSelector } from "../lib/store";
import { useSocketMonitor } from "./socket-context";
import type { SocketState } from "./socket-state";

const selectState = (state: SocketState): SocketState => state;

/** Shown while the live connection is down: what is on screen may be behind until it is back. */
export function ConnectionBanner() {
  const state = useStoreSelector(useSocketMonitor(), selectState);
  if (state !== "reconnecting") return null;
  return (
    <div className="connection-banner" role="status" data-testid="reconnecting-banner">
      <span className="spinner" aria-hidden="true" />
      Connection to the server lost — reconnecting… Live updates resume where they stopped.
    </div>
  );
}
