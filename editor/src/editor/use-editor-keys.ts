import { useEffect, useRef } from "react";
import { commandFor, isTypingTarget, type EditorCommand } from "./shortcuts";

/** Runs editor commands on their shortcuts, unless the user is typing in a field or a dialog is open. */
export function useEditorKeys(run: (command: EditorCommand) => void): void {
  // The latest handler without re-adding the listener on every render.
  const handler = useRef(run);
  handler.current = run;
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      const command = commandFor(event);
      if (command === null) return;
      // Ctrl+D would bookmark, Ctrl+S save the page, Backspace go back in old browsers.
      event.preventDefault();
      handler.current(command);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
