import { AsyncQueue } from "./async-queue.js";

/**
 * The values of `source` that pass `keep`. Closing the result closes `source`, even while it is waiting.
 */
export function filterStream<T>(
  source: AsyncIterableIterator<T>,
  keep: (value: T) => boolean,
): AsyncIterableIterator<T> {
  const out = new AsyncQueue<T>(() => void source.return?.());
  void (async () => {
    try {
      for await (const value of source) if (keep(value)) out.push(value);
      out.end();
    } catch (error) {
      out.end(error);
    }
  })();
  return out;
}
