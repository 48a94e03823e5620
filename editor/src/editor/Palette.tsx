import { memo, useMemo, useState, type CSSProperties } from "react";
import { CATEGORY_STYLES } from "../flow/categories";
import { CategoryIcon } from "../flow/CategoryIcon";
import type { StepKind } from "./editor-context";
import { groupStepKinds } from "./palette-filter";

/** The drag-and-drop data type of a palette item; its value is the step kind id. */
export const STEP_DRAG_TYPE = "application/x-millrace-step";

/**
 * The step catalog, grouped by category and searchable. Drag an item onto the canvas, or press it (Enter or a
 * click) to add it in the middle of the view.
 */
export const Palette = memo(function Palette({
  kinds,
  onAdd,
}: {
  kinds: readonly StepKind[];
  onAdd: (kind: StepKind) => void;
}) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => groupStepKinds(kinds, query), [kinds, query]);
  return (
    <aside className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title" className="palette__title">
        Steps
      </h2>
      <label className="visually-hidden" htmlFor="palette-search">
        Search steps
      </label>
      <input
        id="palette-search"
        className="input"
        type="search"
        placeholder="Search steps…"
        value={query}
        autoComplete="off"
        onChange={(event) => setQuery(event.target.value)}
      />
      {groups.length === 0 && <p className="muted">No step matches “{query}”.</p>}
      {groups.map((group) => (
        <section key={group.category} className="palette__group" aria-label={CATEGORY_STYLES[group.category].name}>
          <h3 className="palette__category" style={{ color: CATEGORY_STYLES[group.category].color }}>
            <CategoryIcon category={group.category} size={14} />
            {CATEGORY_STYLES[group.category].name}
          </h3>
          <ul className="palette__list">
            {group.kinds.map((kind) => (
              <li key={kind.id}>
                <button
                  type="button"
                  className="palette__item"
                  data-testid={`palette-item-${kind.id}`}
                  draggable
                  title={`${kind.description}\nDrag onto the canvas, or press to add.`}
                  style={{ "--category-color": CATEGORY_STYLES[kind.category].color } as CSSProperties}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(STEP_DRAG_TYPE, kind.id);
                    event.dataTransfer.effectAllowed = "copy";
                  }}
                  onClick={() => onAdd(kind)}
                >
                  <span className="palette__item-title">{kind.title}</span>
                  <span className="palette__item-description">{kind.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
});
