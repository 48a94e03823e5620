import type { NodeCategory } from "./to-flow";

// 16×16 stroke glyphs; the category's name is always shown next to them, so they are decorative.
const PATHS: Readonly<Record<NodeCategory, string>> = {
  EXTRACT: "M8 2v8m-3.5-3.5L8 10l3.5-3.5M3 13h10",
  TRANSFORM: "M2 5h9m-2.5-2.5L11 5 8.5 7.5M14 11H5m2.5-2.5L5 11l2.5 2.5",
  VALIDATE: "M8 1.8 13 4v4c0 3-2.2 5.2-5 6.2C5.2 13.2 3 11 3 8V4zm-2.5 6.4 1.8 1.8 3.4-3.6",
  LOAD: "M8 10V2m-3.5 3.5L8 2l3.5 3.5M3 10v3h10v-3",
  TRAIN: "M2 13h12M4 13V9m4 4V5m4 8V2",
  PREDICT: "M8 14A6 6 0 1 0 8 2a6 6 0 0 0 0 12zm0-3a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm0-2.2v.4",
  UNKNOWN: "M5.8 6a2.3 2.3 0 1 1 3.2 2.1c-.6.3-1 .8-1 1.4V10m0 2.5v.3",
};

/** The glyph of a step category, drawn in the current text colour. */
export function CategoryIcon({ category, size = 16 }: { category: NodeCategory; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[category]} />
    </svg>
  );
}
