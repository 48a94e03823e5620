/**
 * Serialises async tasks per key within this process.
 *
 * Why: FerretDB 1.24 executes every update as "find the documents, compute the new ones, write them back by _id"
 * with nothing held in between, so two concurrent updates of one document can both pass a filter such as
 * `{version: 1}`, and even updates of different fields can lose one another. MongoDB itself does not need this;
 * with FerretDB it makes each document's writes from one process atomic (several processes still race).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nobody queued behind us, so the map does not grow with every id ever written.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
