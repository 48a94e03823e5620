/**
 * Folding events into a run without touching the steps they do not concern, for stores that keep a run's steps
 * apart from its header. Adapter-neutral (the Mongo adapter imports it too); no SQLite dependency.
 *
 * The fold stays `applyRunEvent`: it is given the header plus only the steps the events name (every step when a
 * terminal run event is among them, since those settle all unfinished steps), and `withStep` finds each by
 * nodeId there exactly as it would in the whole array. What comes back is merged into the whole array by position.
 */
import {
  TERMINAL_RUN_EVENTS,
  foldRunEvents,
  type RunEvent,
  type RunProgress,
  type StepState,
} from "../runs/run-state.js";

/** A run's steps in node order, with the position of each node's (first) step: what `withStep` would find. */
export interface RunSteps {
  readonly steps: readonly StepState[];
  readonly positions: ReadonlyMap<string, number>;
}

export function indexSteps(steps: readonly StepState[]): RunSteps {
  const positions = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!positions.has(step.nodeId)) positions.set(step.nodeId, i);
  });
  return { steps, positions };
}

export interface StepFold<T extends RunProgress> {
  /** The folded run, its `steps` the whole array. */
  run: T;
  steps: RunSteps;
  /** Positions of the steps the events changed or added, ascending. */
  changed: number[];
}

/** Folds `events` into `run` (whose steps are `current`), reading and producing only the steps they touch. */
export function foldTouchedSteps<T extends RunProgress>(
  run: Omit<T, "steps">,
  current: RunSteps,
  events: readonly RunEvent[],
): StepFold<T> {
  const touched = touchedPositions(current, events);
  const partial = { ...run, steps: touched.map((p) => current.steps[p] as StepState) } as unknown as T;
  const folded = foldRunEvents(partial, events);
  const changed: number[] = [];
  let steps = current.steps as StepState[];
  let positions = current.positions;
  folded.steps.forEach((step, k) => {
    const position = k < touched.length ? (touched[k] as number) : steps.length;
    if (position < steps.length && steps[position] === step) return;
    // Copied on the first change only: an event that changes no step (LOG, METRIC) costs no O(steps) copy.
    if (steps === current.steps) steps = [...steps];
    if (position === steps.length && !positions.has(step.nodeId)) {
      // An event named a node the run did not have: the fold appended its step, and so do we.
      positions = new Map(positions).set(step.nodeId, position);
    }
    steps[position] = step;
    changed.push(position);
  });
  return { run: { ...folded, steps }, steps: { steps, positions }, changed };
}

function touchedPositions(current: RunSteps, events: readonly RunEvent[]): number[] {
  if (events.some((event) => TERMINAL_RUN_EVENTS.has(event.type))) return current.steps.map((_, i) => i);
  const touched = new Set<number>();
  for (const event of events) {
    const position = event.nodeId == null ? undefined : current.positions.get(event.nodeId);
    if (position !== undefined) touched.add(position);
  }
  return [...touched].sort((a, b) => a - b);
}

/** A small least-recently-used map: the parts of the runs this process is appending to. */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }
}
