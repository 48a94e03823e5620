import { useEffect } from "react";
import { useBlocker, type Blocker } from "react-router";

/**
 * Keeps unsaved changes from being lost by leaving: the browser asks before a reload or closing the tab, and
 * in-app navigation is held (the returned blocker) until the user confirms. `allowLeave` lets a deliberate
 * navigation (after deleting the pipeline) through.
 */
export function useUnsavedGuard(dirty: boolean, allowLeave: () => boolean): Blocker {
  useEffect(() => {
    if (!dirty) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [dirty]);
  return useBlocker(
    ({ currentLocation, nextLocation }) => dirty && !allowLeave() && currentLocation.pathname !== nextLocation.pathname,
  );
}
