import { createContext, useContext } from "react";
import { createStore } from "../lib/store";
import type { SocketMonitor, SocketState } from "./socket-state";

const DETACHED: SocketMonitor = {
  ...createStore((state: SocketState) => state, "idle"),
  onDrop: () => () => undefined,
};

/** The subscription socket's monitor (App provides the real one). */
export const SocketContext = createContext<SocketMonitor>(DETACHED);

export const useSocketMonitor = (): SocketMonitor => useContext(SocketContext);
