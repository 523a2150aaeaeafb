import { PRIORITIES, type DependencyView, type Task } from './schemas.js';

const PRIORITY_RANK: Record<Task['priority'], number> = Object.fromEntries(
  PRIORITIES.map((priority, index) => [priority, index]),
) as Record<Task['priority'], number>;

/** The status of a task in the store or in the archive. */
export function statusOf(doc: DependencyView, id: string): Task['status'] | undefined {
  return doc.tasks[id]?.status ?? doc.archived[id]?.status;
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
  children: ReadonlyMap<string, readonly string[]>;
  dependents: ReadonlyMap<string, readonly string[]>;
}

/**
 * The claimable tasks in the order they should be handed out: priority, then how many unfinished tasks wait
 * directly on each one, then age, then id (so the order never depends on how the store happens to be laid out).
 */
export function rankReady(doc: DependencyView, options: RankOptions): Task[] {
  const { tasks } = doc;
  const roles = options.roles ?? [];
  const candidates = Object.values(tasks).filter(
    (task) =>
      isClaimable(task, doc, options.children) &&
      matchesRoles(task, roles) &&
      (options.parentId === undefined || task.parentId === options.parentId),
  );
  const unblocks = (task: Task) =>
    (options.dependents.get(task.id) ?? []).filter((id) => {
      const status = tasks[id]?.status;
      return status === 'pending' || status === 'in_progress';
    }).length;
  const weight = new Map(candidates.map((task) => [task.id, unblocks(task)]));
  return candidates.sort(
    (a, b) =>
      PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
      weight.get(b.id)! - weight.get(a.id)! ||
      a.createdAt.localeCompare(b.createdAt) ||
      a.id.localeCompare(b.id),
  );
}
