import type { DependencyView, Task } from './schemas.js';
import { TaskIndex, type ReadyEntry } from './task-index.js';

/** The status of a task in the store or in the archive. */
export function statusOf(doc: DependencyView, id: string): Task['status'] | undefined {
  return (
    (Object.hasOwn(doc.tasks, id) ? doc.tasks[id]?.status : undefined) ?? (Object.hasOwn(doc.archived, id) ? doc.archived[id]?.status : undefined)
  );
}

/** Dependencies that are not completed yet (unknown ids count: they can never complete). */
export function blockedBy(task: Task, doc: DependencyView): string[] {
  return task.dependencies.filter((id) => statusOf(doc, id) !== 'completed');
}

export function leaseExpired(task: Task, now: Date): boolean {
  return task.status === 'in_progress' && task.lease !== null && Date.parse(task.lease.expiresAt) <= now.getTime();
}

/** Who the subtasks of a plan are: a Map built for one read, or the TaskIndex kept up to date. */
export interface ChildrenLookup {
  get(id: string): readonly string[] | undefined;
  has(id: string): boolean;
}

/** A plan or parent task is done through its subtasks; only leaves are handed out. */
export function isClaimable(task: Task, doc: DependencyView, children: ChildrenLookup): boolean {
  return task.status === 'pending' && !children.has(task.id) && blockedBy(task, doc).length === 0;
}

export function matchesRoles(task: Task, roles: readonly string[]): boolean {
  return roles.length === 0 || task.role === null || roles.includes(task.role);
}

export interface RankOptions {
  roles?: readonly string[];
  parentId?: string | undefined;
  /** Tasks to pass over (being claimed by another process right now). */
  skip?: ReadonlySet<string>;
  /**
   * Choose at random among the first `spread` matching tasks that rank equal to the best (same effective
   * priority, as many waiting), instead of always the oldest: how claimers that keep colliding on the front of
   * the queue spread over it. 1 (the default) keeps the exact order.
   */
  spread?: number;
}

/**
 * The claimable task that should be handed out next among those matching `options`: highest effective priority
 * (a subtask ranks at least as high as its plan), then the most unfinished tasks waiting directly on it, then the
 * oldest, then the lowest id. The index keeps the claimable tasks in that order, so this reads from the front.
 */
export function bestReady(doc: DependencyView, options: RankOptions = {}, index: TaskIndex = TaskIndex.of(doc)): Task | undefined {
  const roles = options.roles ?? [];
  const spread = Math.max(1, Math.floor(options.spread ?? 1));
  const equals: Task[] = [];
  let best: ReadyEntry | undefined;
  for (const entry of index.readyStanding()) {
    if (best && (entry.rank !== best.rank || entry.waiting !== best.waiting)) break;
    if (options.skip?.has(entry.id)) continue;
    const task = doc.tasks[entry.id]!;
    if (options.parentId !== undefined && task.parentId !== options.parentId) continue;
    if (!matchesRoles(task, roles)) continue;
    if (spread === 1) return task;
    best ??= entry;
    equals.push(task);
    if (equals.length === spread) break;
  }
  return equals[Math.floor(Math.random() * equals.length)];
}

export { compareIds } from './task-index.js';
