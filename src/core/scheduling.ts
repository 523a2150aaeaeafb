import { PRIORITIES, type DependencyView, type Task } from './schemas.js';
import { TaskIndex } from './task-index.js';

const PRIORITY_RANK: Record<Task['priority'], number> = Object.fromEntries(
  PRIORITIES.map((priority, index) => [priority, index]),
) as Record<Task['priority'], number>;

/** The status of a task in the store or in the archive. */
export function statusOf(doc: DependencyView, id: string): Task['status'] | undefined {
  return (Object.hasOwn(doc.tasks, id) ? doc.tasks[id]?.status : undefined) ?? (Object.hasOwn(doc.archived, id) ? doc.archived[id]?.status : undefined);
}

/** Dependencies that are not completed yet (unknown ids count: they can never complete). */
export function blockedBy(task: Task, doc: DependencyView): string[] {
  return task.dependencies.filter((id) => statusOf(doc, id) !== 'completed');
}

export function leaseExpired(task: Task, now: Date): boolean {
  return task.status === 'in_progress' && task.lease !== null && Date.parse(task.lease.expiresAt) <= now.getTime();
}

/** A plan or parent task is done through its subtasks; only leaves are handed out. */
export function isClaimable(task: Task, doc: DependencyView, children: ReadonlyMap<string, readonly string[]>): boolean {
  return task.status === 'pending' && !children.has(task.id) && blockedBy(task, doc).length === 0;
}

export function matchesRoles(task: Task, roles: readonly string[]): boolean {
  return roles.length === 0 || task.role === null || roles.includes(task.role);
}

export interface RankOptions {
  roles?: readonly string[];
  parentId?: string | undefined;
}

/**
 * The claimable task that should be handed out next: highest priority, then the most unfinished tasks waiting
 * directly on it, then the oldest, then the lowest id (so the choice never depends on how the store happens to be
 * laid out). One pass over the pending tasks, with what waits on what taken from the index.
 */
export function bestReady(doc: DependencyView, options: RankOptions = {}, index: TaskIndex = TaskIndex.of(doc)): Task | undefined {
  const { tasks } = doc;
  const roles = options.roles ?? [];
  const waiting = index.waiting;
  const before = (a: Task, b: Task) =>
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    (waiting.get(b.id) ?? 0) - (waiting.get(a.id) ?? 0) ||
    a.createdAt.localeCompare(b.createdAt) ||
    compareIds(a.id, b.id);
  let best: Task | undefined;
  for (const id of index.pending) {
    const task = tasks[id]!;
    if (index.hasChildren(id)) continue;
    if (options.parentId !== undefined && task.parentId !== options.parentId) continue;
    if (!matchesRoles(task, roles) || blockedBy(task, doc).length > 0) continue;
    if (best === undefined || before(task, best) < 0) best = task;
  }
  return best;
}

/** Made on first use: creating a collator loads ICU data, which every start of `serve` would pay for otherwise. */
let collator: Intl.Collator | undefined;

/** Generated ids sort by number (t2 before t10); other ids alphabetically. */
export function compareIds(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator.compare(a, b);
}
