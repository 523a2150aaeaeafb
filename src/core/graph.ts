import { OrchestratorError } from '../errors.js';
import type { Task } from './schemas.js';
import { valuesOf } from './values.js';

type TaskMap = Readonly<Record<string, Task>>;

/** For each task id, the ids of the tasks that list it as a dependency. */
export function dependentsIndex(tasks: TaskMap): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const task of valuesOf(tasks)) {
    for (const dependency of task.dependencies) {
      const list = index.get(dependency);
      if (list) list.push(task.id);
      else index.set(dependency, [task.id]);
    }
  }
  return index;
}

/** For each parent id, the ids of its direct subtasks in creation order. */
export function childrenIndex(tasks: TaskMap): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const task of valuesOf(tasks)) {
    if (task.parentId === null) continue;
    const list = index.get(task.parentId);
    if (list) list.push(task.id);
    else index.set(task.parentId, [task.id]);
  }
  return index;
}

/**
 * Looks for a dependency cycle through any of `starts`, following `dependenciesOf`. Returns the cycle as a path
 * that begins and ends with the same id (each id depends on the next), or null. A diamond is not a cycle.
 * The graph outside `starts` is assumed acyclic, which holds because every change is checked here.
 */
export function findCycle(starts: Iterable<string>, dependenciesOf: (id: string) => readonly string[]): string[] | null {
  const done = new Set<string>();
  for (const start of starts) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const onPath = new Set<string>();
    // Iterative DFS: each frame is a node and the index of the next dependency to visit.
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    path.push(start);
    onPath.add(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const dependencies = dependenciesOf(frame.id);
      if (frame.next < dependencies.length) {
        const dependency = dependencies[frame.next++]!;
        if (onPath.has(dependency)) return [...path.slice(path.indexOf(dependency)), dependency];
        if (done.has(dependency)) continue;
        stack.push({ id: dependency, next: 0 });
        path.push(dependency);
        onPath.add(dependency);
      } else {
        stack.pop();
        path.pop();
        onPath.delete(frame.id);
        done.add(frame.id);
      }
    }
  }
  return null;
}

/**
 * Refuses a change whose tasks (`ids`) would wait for themselves through their dependencies, or contain
 * themselves through their parents. `name` shows an id in the message (a title, for tasks not made yet).
 */
export function checkNoCycles(
  ids: Iterable<string>,
  dependenciesOf: (id: string) => readonly string[],
  parentOf: (id: string) => string | null | undefined,
  name: (id: string) => string = (id) => id,
): void {
  const starts = [...ids];
  const cycle = findCycle(starts, dependenciesOf);
  if (cycle) {
    throw new OrchestratorError(`Dependency cycle: ${describeCycle(cycle.map(name))}.`, {
      code: 'CYCLE',
      hint: 'Remove one of those dependencies so that the work can start somewhere.',
      details: { cycle },
    });
  }
  const parentCycle = findCycle(starts, (id) => {
    const parent = parentOf(id);
    return parent ? [parent] : [];
  });
  if (parentCycle) throw new OrchestratorError(`A task cannot contain itself: ${parentCycle.map(name).join(' ⊂ ')}.`, { code: 'CYCLE' });
}

export function describeCycle(cycle: readonly string[]): string {
  return `${cycle.join(' → ')} (each task waits for the next)`;
}

/**
 * Orders `ids` so that every task comes after the dependencies it has among them (Kahn's algorithm). The result
 * is deterministic: among tasks that become free together, input order wins. Dependencies outside `ids` are
 * ignored.
 */
export function dependencyOrder(ids: readonly string[], dependenciesOf: (id: string) => readonly string[]): string[] {
  const members = new Set(ids);
  const waiting = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const id of ids) {
    const inside = dependenciesOf(id).filter((dependency) => members.has(dependency));
    waiting.set(id, inside.length);
    for (const dependency of inside) {
      const list = dependents.get(dependency);
      if (list) list.push(id);
      else dependents.set(dependency, [id]);
    }
  }
  const order: string[] = [];
  const queue = ids.filter((id) => waiting.get(id) === 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    order.push(id);
    for (const dependent of dependents.get(id) ?? []) {
      const left = waiting.get(dependent)! - 1;
      waiting.set(dependent, left);
      if (left === 0) queue.push(dependent);
    }
  }
  return order;
}
