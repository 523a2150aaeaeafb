import type { DocumentObserver } from '../store/index.js';
import { effectivePriorityRank } from './priority.js';
import type { StoreDocument, Task } from './schemas.js';

type Doc = Pick<StoreDocument, 'tasks' | 'archived'>;

/** Made on first use: creating a collator loads ICU data, which every start of `serve` would pay for otherwise. */
let collator: Intl.Collator | undefined;

/** Generated ids sort by number (t2 before t10); other ids alphabetically. */
export function compareIds(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator.compare(a, b);
}

/** Where a claimable task stands in the hand-out order: what the order was computed from. */
export interface ReadyEntry {
  id: string;
  rank: number;
  waiting: number;
  createdAt: string;
}

/**
 * Highest effective priority first (a subtask ranks at least as high as its plan), then the most unfinished tasks
 * waiting directly on it, then the oldest, then the lowest id, so that the choice never depends on how the store
 * happens to be laid out.
 */
function compareEntries(a: ReadyEntry, b: ReadyEntry): number {
  return a.rank - b.rank || b.waiting - a.waiting || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) || compareIds(a.id, b.id);
}

/**
 * What the scheduler needs to know about the shape of the store without walking every task: who is a plan's
 * subtask, who waits on whom, which tasks are pending or held, and the claimable tasks in the order they are
 * handed out. Kept up to date entry by entry as the store changes (the store tells its observers of every write,
 * including the writes of a change in progress and their undoing), so claiming and completing a task cost what
 * they touch, not the size of the store.
 */
export class TaskIndex implements DocumentObserver<StoreDocument> {
  /** Plan id → its direct subtasks, in the order they joined it. */
  readonly children = new Map<string, Set<string>>();
  /** Task id → the tasks that list it as a dependency. */
  readonly dependents = new Map<string, Set<string>>();
  /** Task id → how many unfinished (pending or in-progress) tasks wait on it: what completing it unblocks. */
  readonly waiting = new Map<string, number>();
  readonly pending = new Set<string>();
  readonly inProgress = new Set<string>();
  /** Claimable tasks (pending, not a plan, every dependency completed) in hand-out order. */
  readonly #ready: ReadyEntry[] = [];
  readonly #readyEntry = new Map<string, ReadyEntry>();
  #doc: Doc = { tasks: {}, archived: {} };

  /** An index of `document` as it is now, for callers that have none (reads). */
  static of(document: Doc): TaskIndex {
    const index = new TaskIndex();
    index.reset(document);
    return index;
  }

  /** The subtasks as a lookup for the functions that take one (planProgress, isClaimable). */
  readonly lookup = {
    get: (id: string): readonly string[] | undefined => (this.hasChildren(id) ? this.childrenOf(id) : undefined),
    has: (id: string): boolean => this.hasChildren(id),
  };

  reset(document: Doc): void {
    this.#doc = document;
    this.children.clear();
    this.dependents.clear();
    this.waiting.clear();
    this.pending.clear();
    this.inProgress.clear();
    this.#ready.length = 0;
    this.#readyEntry.clear();
    for (const id in document.tasks) this.#add(id, document.tasks[id]!);
    for (const id of this.pending) {
      const entry = this.#entryFor(id);
      if (!entry) continue;
      this.#ready.push(entry);
      this.#readyEntry.set(id, entry);
    }
    this.#ready.sort(compareEntries);
  }

  write(collection: string, key: string, before: unknown, after: unknown): void {
    const touched = new Set<string>([key]);
    if (collection === 'archived') {
      // An archived task's status still decides whether its dependents are ready.
      for (const dependent of this.dependents.get(key) ?? []) touched.add(dependent);
    } else if (collection === 'tasks') {
      const old = before as Task | undefined;
      const now = after as Task | undefined;
      if (old) this.#remove(key, old, now, touched);
      if (now) this.#add(key, now, old, touched);
      if ((old?.status === 'completed') !== (now?.status === 'completed')) {
        for (const dependent of this.dependents.get(key) ?? []) touched.add(dependent);
      }
      // A plan that gains or loses its last subtask stops or starts being claimable itself.
      if (old?.parentId) touched.add(old.parentId);
      if (now?.parentId) touched.add(now.parentId);
      // The subtasks below rank at least as high as their plans: a plan's priority or place moves them too.
      if (old?.priority !== now?.priority || old?.parentId !== now?.parentId) this.#descendants(key, touched);
    } else {
      return;
    }
    for (const id of touched) this.#place(id);
  }

  /** The document the index follows, as it is now (reading it records nothing: see Draft's tracking). */
  get document(): Doc {
    return this.#doc;
  }

  /** A task as it is now, read without making it part of what a change depends on. */
  peek(id: string): Task | undefined {
    return Object.hasOwn(this.#doc.tasks, id) ? this.#doc.tasks[id] : undefined;
  }

  hasChildren(id: string): boolean {
    return (this.children.get(id)?.size ?? 0) > 0;
  }

  childrenOf(id: string): string[] {
    return [...(this.children.get(id) ?? [])];
  }

  /** The claimable tasks, best first. */
  *ready(): Generator<string> {
    for (const entry of this.#ready) yield entry.id;
  }

  /** The claimable tasks, best first, with what ranks them ahead of the next (age and id aside). */
  *readyStanding(): Generator<Readonly<ReadyEntry>> {
    yield* this.#ready;
  }

  /** Puts a task where it belongs in the hand-out order now, or takes it out. */
  #place(id: string): void {
    const current = this.#readyEntry.get(id);
    const entry = this.#entryFor(id);
    if (current && entry && compareEntries(current, entry) === 0) return;
    if (current) {
      this.#ready.splice(this.#position(current), 1);
      this.#readyEntry.delete(id);
    }
    if (entry) {
      this.#ready.splice(this.#position(entry), 0, entry);
      this.#readyEntry.set(id, entry);
    }
  }

  #entryFor(id: string): ReadyEntry | undefined {
    const task = Object.hasOwn(this.#doc.tasks, id) ? this.#doc.tasks[id] : undefined;
    if (!task || task.status !== 'pending' || this.hasChildren(id)) return undefined;
    for (const dependency of task.dependencies) if (!this.#completed(dependency)) return undefined;
    return { id, rank: effectivePriorityRank(task, this.#doc.tasks), waiting: this.waiting.get(id) ?? 0, createdAt: task.createdAt };
  }

  #descendants(id: string, into: Set<string>): void {
    const seen = new Set<string>([id]);
    const stack = [id];
    while (stack.length > 0) {
      for (const child of this.children.get(stack.pop()!) ?? []) {
        // A parent cycle in a damaged store must not loop forever.
        if (seen.has(child)) continue;
        seen.add(child);
        into.add(child);
        stack.push(child);
      }
    }
  }

  #completed(id: string): boolean {
    const { tasks, archived } = this.#doc;
    if (Object.hasOwn(tasks, id)) return tasks[id]!.status === 'completed';
    return Object.hasOwn(archived, id) && archived[id]!.status === 'completed';
  }

  /** Where `entry` is, or would go, in the hand-out order (binary search). */
  #position(entry: ReadyEntry): number {
    let low = 0;
    let high = this.#ready.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareEntries(this.#ready[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #add(id: string, task: Task, replaced?: Task, touched?: Set<string>): void {
    if (task.parentId !== null && task.parentId !== replaced?.parentId) addTo(this.children, task.parentId, id);
    if (!replaced || !sameList(replaced.dependencies, task.dependencies)) {
      for (const dependency of task.dependencies) addTo(this.dependents, dependency, id);
    }
    if (unfinished(task)) {
      for (const dependency of task.dependencies) {
        this.waiting.set(dependency, (this.waiting.get(dependency) ?? 0) + 1);
        touched?.add(dependency);
      }
    }
    if (task.status === 'pending') this.pending.add(id);
    if (task.status === 'in_progress') this.inProgress.add(id);
  }

  #remove(id: string, task: Task, replacement: Task | undefined, touched: Set<string>): void {
    // A subtask that stays in its plan keeps its place among the plan's subtasks.
    if (task.parentId !== null && task.parentId !== replacement?.parentId) removeFrom(this.children, task.parentId, id);
    if (!replacement || !sameList(replacement.dependencies, task.dependencies)) {
      for (const dependency of task.dependencies) removeFrom(this.dependents, dependency, id);
    }
    if (unfinished(task)) {
      for (const dependency of task.dependencies) {
        const left = (this.waiting.get(dependency) ?? 1) - 1;
        if (left > 0) this.waiting.set(dependency, left);
        else this.waiting.delete(dependency);
        touched.add(dependency);
      }
    }
    if (task.status === 'pending') this.pending.delete(id);
    if (task.status === 'in_progress') this.inProgress.delete(id);
  }
}

function unfinished(task: Task): boolean {
  return task.status === 'pending' || task.status === 'in_progress';
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}
