/**
 * A minimal external store over a pure reducer, read with selectors through `useSyncExternalStore`, so a component
 * re-renders only when the slice it selected changes (one node's overlay, the dirty flag…), never on every update.
 */
import { useCallback, useSyncExternalStore } from "react";

// Function-valued properties, not methods: they are passed around unbound (e.g. to useSyncExternalStore).
export interface ReadableStore<S> {
  getState: () => S;
  subscribe: (listener: () => void) => () => void;
}

export interface Store<S, A> extends ReadableStore<S> {
  dispatch: (action: A) => void;
}

/** A store whose state only `reducer` changes. Listeners run after each dispatch that changed the state. */
export function createStore<S, A>(reducer: (state: S, action: A) => S, initial: S): Store<S, A> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The slice of a store's state that `selector` picks. The selector must return the same value (===) for the same
 * state, as a field or a primitive does; derive arrays and objects from it with `useMemo`.
 */
export function useStoreSelector<S, T>(store: ReadableStore<S>, selector: (state: S) => T): T {
  const getSnapshot = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}
