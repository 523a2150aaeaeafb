import { getTask, taskNotFound } from './operations/common.js';
import type { ArchivedTask } from './archive.js';
import { dependencyOrder } from './graph.js';
import type { TaskFilter } from './inputs.js';
import { compareIds, isClaimable } from './scheduling.js';
import type { StoreDocument, Task } from './schemas.js';
import { valuesOf } from './values.js';
import { ViewContext, type TaskView } from './views.js';

// The read side of the task service: pure functions from a document (and the time) to what the faces show.

export interface TaskDetails {
  task: TaskView;
  /** Set when the task was moved to the archive; it is shown as it was then. */
  archivedAt?: string;
  /** Tasks that list this one as a dependency. */
  dependents: TaskView[];
  /** The tasks this one depends on. */
  dependencies: TaskView[];
  /** Direct subtasks, when the task is a plan. */
  subtasks: TaskView[];
}

export interface TaskList {
  tasks: TaskView[];
  /** How many tasks matched the filter before offset and limit. */
  total: number;
  offset: number;
  /** Tasks per status across the whole store, whatever the filter. */
  counts: Record<Task['status'], number>;
}

export interface TaskGraph {
  nodes: TaskView[];
  /** `from` depends on `to`. */
  edges: Array<{ from: string; to: string }>;
}

/** One task with its neighbours; `archived` is consulted when the task is no longer in the store. */
export function taskDetails(doc: StoreDocument, id: string, now: Date, archived?: ArchivedTask): TaskDetails {
  const context = new ViewContext(doc, now);
  const task = doc.tasks[id];
  if (!task) {
    if (!archived) throw taskNotFound(id);
    return { task: context.view(archived.task), archivedAt: archived.archivedAt, dependents: [], dependencies: [], subtasks: [] };
  }
  const views = (ids: readonly string[]) => ids.flatMap((taskId) => (doc.tasks[taskId] ? [context.view(doc.tasks[taskId])] : []));
  return {
    task: context.view(task),
    dependents: views(context.dependents.get(id) ?? []),
    dependencies: views(task.dependencies),
    subtasks: views(context.children.get(id) ?? []),
  };
}

/** The tasks matching a parsed filter, oldest first, one page of them; counts cover the whole store. */
export function listTasks(doc: StoreDocument, query: ParsedFilter, now: Date): TaskList {
  const context = new ViewContext(doc, now);
  const search = query.search?.toLowerCase();
  const counts: TaskList['counts'] = { pending: 0, in_progress: 0, completed: 0, failed: 0, cancelled: 0 };
  const matched: Task[] = [];
  for (const task of valuesOf(doc.tasks)) {
    counts[task.status]++;
    if (query.status && !query.status.includes(task.status)) continue;
    if (query.role !== undefined && task.role !== query.role) continue;
    if (query.parentId !== undefined && task.parentId !== query.parentId) continue;
    if (query.assignee !== undefined && task.assignee !== query.assignee) continue;
    if (query.tags && !query.tags.every((tag) => task.tags.includes(tag))) continue;
    if (query.createdAfter && Date.parse(task.createdAt) < Date.parse(query.createdAfter)) continue;
    if (query.createdBefore && Date.parse(task.createdAt) > Date.parse(query.createdBefore)) continue;
    if (search && !matchesText(task, search)) continue;
    if (query.ready !== undefined && isClaimable(task, doc, context.children) !== query.ready) continue;
    matched.push(task);
  }
  matched.sort(byAge);
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  // Views are built for the page only: building one per match made listing a large store slow.
  const tasks = matched.slice(query.offset, end).map((task) => context.view(task));
  return { tasks, total: matched.length, offset: query.offset, counts };
}

export type ParsedFilter = TaskFilter & { offset: number };

/** The dependency graph of all tasks, or of one plan's subtasks, in dependency order. */
export function taskGraph(doc: StoreDocument, now: Date, parentId?: string): TaskGraph {
  if (parentId) getTask(doc, parentId);
  const context = new ViewContext(doc, now);
  const ids = valuesOf(doc.tasks)
    .filter((task) => !parentId || task.parentId === parentId)
    .sort(byAge)
    .map((task) => task.id);
  const order = dependencyOrder(ids, (id) => doc.tasks[id]?.dependencies ?? []);
  const members = new Set(order);
  return {
    nodes: order.map((id) => context.view(doc.tasks[id]!)),
    edges: order.flatMap((id) => doc.tasks[id]!.dependencies.filter((dependency) => members.has(dependency)).map((to) => ({ from: id, to }))),
  };
}

/** Oldest first, then by id. ISO timestamps compare as plain strings (a locale-aware compare is far slower). */
function byAge(a: Task, b: Task): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : compareIds(a.id, b.id);
}

function matchesText(task: Task, needle: string): boolean {
  return [task.id, task.title, task.description, task.result ?? '', task.summary ?? ''].some((text) => text.toLowerCase().includes(needle));
}
