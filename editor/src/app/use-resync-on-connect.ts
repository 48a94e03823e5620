import { useEffect } from "react";
import { useSocketMonitor } from "./socket-context";
import { onConnected } from "./socket-state";

/**
 * For a page that loads a list over HTTP and follows its changes over the socket: calls `resync` (pass a stable,
 * throttled reload) when the page's feed starts on an already open socket, and each time the socket (re)connects.
 * Changes made between the list's load and the feed's subscription, or while the socket was down, are fetched then.
 */
export function useResyncOnConnect(resync: () => void): void {
  const socket = useSocketMonitor();
  useEffect(() => {
    if (socket.getState() === "connected") resync();
    return onConnected(socket, resync);
  }, [socket, resync]);
}
