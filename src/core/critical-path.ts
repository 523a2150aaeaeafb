import { isFinished, type Task } from './schemas.js';

/**
 * The critical path of a set of tasks: the longest chain of dependencies among them, counting only the tasks
 * still to be done (neither completed nor cancelled). It is the least number of steps, one after the other, before
 * the last of them can finish, whoever works on them. Once everything is done, it is the longest chain overall.
 * Returned first task first. `tasks` must be in dependency order (as `TaskService.graph` returns them).
 */
export function criticalPath(tasks: readonly Pick<Task, 'id' | 'status' | 'dependencies'>[]): string[] {
  const open = (task: Pick<Task, 'status'>) => (isFinished(task.status) ? 0 : 1);
  const anyOpen = tasks.some((task) => open(task) === 1);
  const weight = anyOpen ? open : () => 1;
  const length = new Map<string, number>();
  const previous = new Map<string, string>();
  let end: string | undefined;
  for (const task of tasks) {
    let best = 0;
    for (const dependency of task.dependencies) {
      const known = length.get(dependency);
      // Dependencies outside the set, or later in the order (never, for a dependency order), do not count.
      if (known !== undefined && known > best) {
        best = known;
        previous.set(task.id, dependency);
      }
    }
    const total = best + weight(task);
    length.set(task.id, total);
    if (end === undefined || total > length.get(end)!) end = task.id;
  }
  if (end === undefined || length.get(end) === 0) return [];
  const path: string[] = [];
  for (let id: string | undefined = end; id !== undefined; id = previous.get(id)) path.push(id);
  return path.reverse();
}
