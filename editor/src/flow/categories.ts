import type { NodeCategory } from "./to-flow";

/** How a step category looks: a name to read and a colour (a CSS custom property of the theme). */
export interface CategoryStyle {
  name: string;
  color: string;
}

export const CATEGORY_STYLES: Readonly<Record<NodeCategory, CategoryStyle>> = {
  EXTRACT: { name: "Extract", color: "var(--cat-extract)" },
  TRANSFORM: { name: "Transform", color: "var(--cat-transform)" },
  VALIDATE: { name: "Validate", color: "var(--cat-validate)" },
  LOAD: { name: "Load", color: "var(--cat-load)" },
  TRAIN: { name: "Train", color: "var(--cat-train)" },
  PREDICT: { name: "Predict", color: "var(--cat-predict)" },
  UNKNOWN: { name: "Unknown kind", color: "var(--cat-unknown)" },
};
