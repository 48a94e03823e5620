import { subscribe, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { Operation } from "./connection.js";

/** How a group turns results into bytes and tells an operation that it ended. */
export interface GroupOutput {
  /** The `next` payload's JSON (errors formatted as over HTTP). */
  serialise(result: ExecutionResult): Buffer;
  complete(operation: Operation): void;
  fail(operation: Operation, error: unknown): void;
}

/**
 * Live-only subscriptions (pipelineRuns, logs, validationCompleted: no initial state, every subscriber sees what
 * happens from when it subscribed) shared by everyone asking the same thing: one `subscribe()` — one bus
 * subscription, one execution and one serialisation per event — per distinct (scope, document, operation,
 * variables), delivered to each member as the same bytes.
 */
export class LiveGroups {
  private readonly groups = new Map<string, LiveGroup>();

  constructor(private readonly output: GroupOutput) {}

  join(key: string, args: () => ExecutionArgs, operation: Operation): void {
    let group = this.groups.get(key);
    if (!group) {
      const created = new LiveGroup(this.output, () => {
        if (this.groups.get(key) === created) this.groups.delete(key);
      });
      this.groups.set(key, created);
      group = created;
      created.add(operation);
      void created.start(args());
      return;
    }
    group.add(operation);
  }

  /** Groups open now, and their members (for tests and figures). */
  stats(): { groups: number; members: number } {
    let members = 0;
    for (const group of this.groups.values()) members += group.size;
    return { groups: this.groups.size, members };
  }
}

class LiveGroup {
  private readonly members = new Set<Operation>();
  private source: AsyncGenerator<ExecutionResult> | null = null;
  private done = false;

  constructor(
    private readonly output: GroupOutput,
    private readonly remove: () => void,
  ) {}

  get size(): number {
    return this.members.size;
  }

  add(operation: Operation): void {
    this.members.add(operation);
    operation.onCancel = () => this.leave(operation);
  }

  async start(args: ExecutionArgs): Promise<void> {
    try {
      const result = await subscribe(args);
      if (!(Symbol.asyncIterator in result)) {
        // The subscription could not start (bad arguments, unknown id): every member gets the errors, then complete.
        this.finish();
        const payload = this.output.serialise(result);
        for (const member of this.members) {
          member.deliver(payload);
          this.output.complete(member);
        }
        return;
      }
      this.source = result;
      if (this.done) {
        void result.return(undefined);
        return;
      }
      for await (const next of result) {
        if (this.done) break;
        const payload = this.output.serialise(next);
        for (const member of this.members) member.deliver(payload);
      }
      if (!this.done) {
        this.finish();
        for (const member of this.members) this.output.complete(member);
      }
    } catch (error) {
      if (this.done) return;
      this.finish();
      for (const member of this.members) this.output.fail(member, error);
    }
  }

  private leave(operation: Operation): void {
    this.members.delete(operation);
    if (this.members.size === 0 && !this.done) {
      this.finish();
      void this.source?.return(undefined);
    }
  }

  private finish(): void {
    this.done = true;
    this.remove();
  }
}
