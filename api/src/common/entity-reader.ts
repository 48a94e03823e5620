import { NotFoundError } from "./errors.js";
import type { EntityStore, Page, PageRequest } from "../store/ports.js";

/** Read use cases shared by every aggregate: one by id (NOT_FOUND when absent) and filtered pages. */
export class EntityReader<T extends { id: string; createdAt: Date }, F> {
  constructor(
    protected readonly store: EntityStore<T, F>,
    private readonly entity: string,
  ) {}

  async get(id: string): Promise<T> {
    const found = await this.store.get(id);
    if (!found) throw new NotFoundError(this.entity, id);
    return found;
  }

  list(filter: F, page: PageRequest): Promise<Page<T>> {
    return this.store.list(filter, page);
  }
}
