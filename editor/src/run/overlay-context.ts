import { createContext, useCallback, useContext } from "react";
import { createStore, useStoreSelector, type Store } from "../lib/store";
import {
  applyOverlayEvent,
  applyOverlayEvents,
  IDLE_NODE,
  type NodeRunState,
  type OverlayEvent,
  type RunOverlay,
} from "./run-overlay";

export type OverlayAction =
  { type: "event"; event: OverlayEvent } | { type: "events"; events: readonly OverlayEvent[] };

/** A run's overlay as a store: one node's update re-renders only the components that selected that node. */
export type OverlayStore = Store<RunOverlay | null, OverlayAction>;

function overlayReducer(overlay: RunOverlay | null, action: OverlayAction): RunOverlay | null {
  if (overlay === null) return null;
  return action.type === "event"
    ? applyOverlayEvent(overlay, action.event)
    : applyOverlayEvents(overlay, action.events);
}

export function createOverlayStore(initial: RunOverlay | null): OverlayStore {
  return createStore(overlayReducer, initial);
}

/** No run: every node is IDLE. */
export const NO_RUN: OverlayStore = createOverlayStore(null);

/** The overlay drawn over the canvas below it; none (every node IDLE) when not provided. */
export const OverlayContext = createContext<OverlayStore>(NO_RUN);

/** One node's state in the run shown, IDLE when there is none. */
export function useNodeRunState(nodeId: string): NodeRunState {
  const store = useContext(OverlayContext);
  const select = useCallback((overlay: RunOverlay | null) => overlay?.nodes[nodeId] ?? IDLE_NODE, [nodeId]);
  return useStoreSelector(store, select);
}

/** A slice of the overlay (`selector` must be stable, e.g. module-level or memoised). */
export function useOverlay<T>(selector: (overlay: RunOverlay | null) => T): T {
  return useStoreSelector(useContext(OverlayContext), selector);
}
