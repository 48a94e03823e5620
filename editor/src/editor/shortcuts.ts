/** The editor's keyboard shortcuts, as a pure mapping from a key event to a command. */

export type EditorCommand = "delete" | "duplicate" | "undo" | "redo" | "save" | "selectAll";

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The command a key press means, or null. Ctrl on Linux/Windows and Cmd on macOS both work. */
export function commandFor(event: KeyLike): EditorCommand | null {
  const mod = event.ctrlKey || event.metaKey;
  if (event.altKey) return null;
  const key = event.key.toLowerCase();
  if (!mod && !event.shiftKey && (event.key === "Delete" || event.key === "Backspace")) return "delete";
  if (!mod) return null;
  if (key === "z") return event.shiftKey ? "redo" : "undo";
  if (key === "y" && !event.shiftKey) return "redo";
  if (key === "d" && !event.shiftKey) return "duplicate";
  if (key === "s" && !event.shiftKey) return "save";
  if (key === "a" && !event.shiftKey) return "selectAll";
  return null;
}

/** Whether a key press belongs to a text field (or a dialog) rather than to the canvas. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest("dialog[open]") !== null) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["button", "checkbox", "radio", "range", "submit", "reset", "color", "file"].includes(type);
}
