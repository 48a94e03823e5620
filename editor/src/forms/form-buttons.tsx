import type { IconButtonProps } from "@rjsf/utils";

// rjsf's default buttons draw Bootstrap glyphicons, which this app does not ship: these have visible text and
// an accessible name instead.
function makeButton(glyph: string, fallbackLabel: string, className = "") {
  return function FormIconButton({
    icon: _icon,
    iconType: _type,
    uiSchema: _ui,
    registry: _registry,
    title,
    className: extra,
    ...rest
  }: IconButtonProps) {
    const label = title ?? fallbackLabel;
    return (
      <button
        type="button"
        {...rest}
        className={`form-icon-button ${className} ${extra ?? ""}`}
        title={label}
        aria-label={label}
      >
        {glyph}
      </button>
    );
  };
}

export const formButtonTemplates = {
  AddButton: makeButton("+ Add", "Add item", "form-icon-button--add"),
  CopyButton: makeButton("⧉", "Copy"),
  MoveDownButton: makeButton("↓", "Move down"),
  MoveUpButton: makeButton("↑", "Move up"),
  RemoveButton: makeButton("✕", "Remove", "form-icon-button--danger"),
};
