import type { StepCategory } from "../graphql/generated/graphql";

/** The palette's category order: how data flows through a pipeline. */
export const CATEGORY_ORDER: readonly StepCategory[] = ["EXTRACT", "TRANSFORM", "VALIDATE", "LOAD", "TRAIN", "PREDICT"];

interface PaletteKind {
  id: string;
  title: string;
  description: string;
  category: StepCategory;
}

/** The kinds matching `query` (every word in the title, id or description), grouped by category in flow order. */
export function groupStepKinds<K extends PaletteKind>(
  kinds: readonly K[],
  query: string,
): Array<{ category: StepCategory; kinds: K[] }> {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (kind: K): boolean => {
    const text = `${kind.title} ${kind.id} ${kind.description}`.toLowerCase();
    return words.every((word) => text.includes(word));
  };
  return CATEGORY_ORDER.map((category) => ({
    category,
    kinds: kinds.filter((kind) => kind.category === category && matches(kind)),
  })).filter((group) => group.kinds.length > 0);
}
