import { PRIORITIES, type DependencyView, type Task } from './schemas.js';

export const PRIORITY_RANK: Record<Task['priority'], number> = Object.fromEntries(PRIORITIES.map((priority, index) => [priority, index])) as Record<
  Task['priority'],
  number
>;

/**
 * A task's rank for scheduling (0 is urgent): its own priority, raised to that of any plan above it. A subtask of
 * an urgent plan is urgent work, whatever it was created with.
 */
export function effectivePriorityRank(task: Task, tasks: DependencyView['tasks'], cache: Map<string, number> = new Map()): number {
  const cached = cache.get(task.id);
  if (cached !== undefined) return cached;
  let rank = PRIORITY_RANK[task.priority];
  // Bounded by the number of tasks, so a parent cycle in a damaged store cannot loop forever.
  const seen = new Set<string>([task.id]);
  for (let parent = parentOf(task, tasks); parent && !seen.has(parent.id); parent = parentOf(parent, tasks)) {
    seen.add(parent.id);
    const above = cache.get(parent.id);
    if (above !== undefined) {
      rank = Math.min(rank, above);
      break;
    }
    rank = Math.min(rank, PRIORITY_RANK[parent.priority]);
  }
  cache.set(task.id, rank);
  return rank;
}

/** The priority a task is scheduled with: see effectivePriorityRank. */
export function effectivePriority(task: Task, tasks: DependencyView['tasks']): Task['priority'] {
  return PRIORITIES[effectivePriorityRank(task, tasks)]!;
}

function parentOf(task: Task, tasks: DependencyView['tasks']): Task | undefined {
  return task.parentId !== null && Object.hasOwn(tasks, task.parentId) ? tasks[task.parentId] : undefined;
}
