import { childrenIndex, dependentsIndex } from './graph.js';
import { blockedBy, isClaimable, leaseExpired } from './scheduling.js';
import type { DependencyView, Task } from './schemas.js';
import type { TaskIndex } from './task-index.js';

/**
 * A task as both faces show it: the stored fields plus what is derived from the rest of the store.
 * This is the stable `--json` and `structuredContent` shape of a task.
 */
export type TaskView = Task & {
  /** Pending, a leaf, and every dependency completed: can be claimed now. */
  ready: boolean;
  /** Dependencies not completed yet. */
  blockedBy: string[];
  /** In progress, but the lease ran out: it returns to pending at the next claim or maintenance scan. */
  leaseExpired: boolean;
  /** Direct subtasks (a task with subtasks is a plan and is never handed out itself). */
  children: string[];
};

/**
 * Indexes shared by every view built from one document, so listing n tasks costs O(n). They are built on first
 * use: presenting the one task a change returned needs none of them.
 */
export class ViewContext {
  #children: Map<string, string[]> | undefined;
  #dependents: Map<string, string[]> | undefined;

  constructor(
    readonly document: DependencyView,
    readonly now: Date,
  ) {}

  get children(): Map<string, string[]> {
    return (this.#children ??= childrenIndex(this.document.tasks));
  }

  get dependents(): Map<string, string[]> {
    return (this.#dependents ??= dependentsIndex(this.document.tasks));
  }

  view(task: Task): TaskView {
    return {
      ...task,
      ready: isClaimable(task, this.document, this.children),
      blockedBy: task.status === 'pending' ? blockedBy(task, this.document) : [],
      leaseExpired: leaseExpired(task, this.now),
      children: this.children.get(task.id) ?? [],
    };
  }
}

/** One task's view; its subtasks from `index` when there is one, else from one pass over the tasks. */
export function viewTask(document: DependencyView, task: Task, now: Date, index?: TaskIndex): TaskView {
  const children: string[] = index ? index.childrenOf(task.id) : [];
  if (!index) for (const id in document.tasks) if (document.tasks[id]!.parentId === task.id) children.push(id);
  return {
    ...task,
    ready: task.status === 'pending' && children.length === 0 && blockedBy(task, document).length === 0,
    blockedBy: task.status === 'pending' ? blockedBy(task, document) : [],
    leaseExpired: leaseExpired(task, now),
    children,
  };
}
