import { describe, expect, it } from "vitest";
import { commandFor } from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
});

describe("commandFor", () => {
  it("maps the editor's shortcuts, with Ctrl or Cmd", () => {
    expect(commandFor(key("Delete"))).toBe("delete");
    expect(commandFor(key("Backspace"))).toBe("delete");
    expect(commandFor(key("d", { ctrl: true }))).toBe("duplicate");
    expect(commandFor(key("d", { meta: true }))).toBe("duplicate");
    expect(commandFor(key("z", { ctrl: true }))).toBe("undo");
    expect(commandFor(key("Z", { ctrl: true, shift: true }))).toBe("redo");
    expect(commandFor(key("y", { ctrl: true }))).toBe("redo");
    expect(commandFor(key("s", { meta: true }))).toBe("save");
  });

  it("ignores plain letters and Alt chords", () => {
    expect(commandFor(key("d"))).toBeNull();
    expect(commandFor(key("z", { ctrl: true, alt: true }))).toBeNull();
  });
});
