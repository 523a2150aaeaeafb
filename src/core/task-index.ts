import type { DocumentObserver } from '../store/index.js';
import type { StoreDocument, Task } from './schemas.js';

/**
 * What the scheduler needs to know about the shape of the store without walking every task: who is a plan's
 * subtask, who waits on whom, which tasks are pending or held. Kept up to date entry by entry as the store
 * changes (the store tells its observers of every write, including the writes of a change in progress and their
 * undoing), so claiming and completing a task cost what they touch, not the size of the store.
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

  /** An index of `document` as it is now, for callers that have none (reads). */
  static of(document: Pick<StoreDocument, 'tasks'>): TaskIndex {
    const index = new TaskIndex();
    index.reset(document);
    return index;
  }

  reset(document: Pick<StoreDocument, 'tasks'>): void {
    this.children.clear();
    this.dependents.clear();
    this.waiting.clear();
    this.pending.clear();
    this.inProgress.clear();
    for (const id in document.tasks) this.#add(id, document.tasks[id]!);
  }

  write(collection: string, key: string, before: unknown, after: unknown): void {
    if (collection !== 'tasks') return;
    const old = before as Task | undefined;
    const now = after as Task | undefined;
    if (old) this.#remove(key, old, now);
    if (now) this.#add(key, now, old);
  }

  hasChildren(id: string): boolean {
    return (this.children.get(id)?.size ?? 0) > 0;
  }

  childrenOf(id: string): string[] {
    return [...(this.children.get(id) ?? [])];
  }

  #add(id: string, task: Task, replaced?: Task): void {
    if (task.parentId !== null && task.parentId !== replaced?.parentId) addTo(this.children, task.parentId, id);
    if (!replaced || !sameList(replaced.dependencies, task.dependencies)) {
      for (const dependency of task.dependencies) addTo(this.dependents, dependency, id);
    }
    if (unfinished(task)) for (const dependency of task.dependencies) this.waiting.set(dependency, (this.waiting.get(dependency) ?? 0) + 1);
    if (task.status === 'pending') this.pending.add(id);
    if (task.status === 'in_progress') this.inProgress.add(id);
  }

  #remove(id: string, task: Task, replacement?: Task): void {
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
