import { childrenIndex, dependentsIndex } from './graph.js';
import { blockedBy, isClaimable, leaseExpired } from './scheduling.js';
import type { DependencyView, Task } from './schemas.js';

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

/** Indexes shared by every view built from one document, so listing n tasks costs O(n). */
export class ViewContext {
  readonly children: Map<string, string[]>;
  readonly dependents: Map<string, string[]>;

  constructor(
    readonly document: DependencyView,
    readonly now: Date,
  ) {
    this.children = childrenIndex(document.tasks);
    this.dependents = dependentsIndex(document.tasks);
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

export function viewTask(document: DependencyView, task: Task, now: Date): TaskView {
  return new ViewContext(document, now).view(task);
}
