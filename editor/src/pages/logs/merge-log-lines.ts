/** Live log lines on top of the loaded history, newest first, each line once. Pure. */
export function mergeLogLines<T extends { id: string }>(live: readonly T[], history: readonly T[], limit: number): T[] {
  const seen = new Set<string>();
  const merged: T[] = [];
  for (const line of [...live, ...history]) {
    if (seen.has(line.id)) continue;
    seen.add(line.id);
    merged.push(line);
    if (merged.length >= limit) break;
  }
  return merged;
}
