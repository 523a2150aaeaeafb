import { OrchestratorError } from '../../errors.js';
import { MAX_BULK_TASKS, type BulkData } from '../bulk-inputs.js';
import { dependencyOrder } from '../graph.js';
import { listTasks } from '../queries.js';
import { isFinished, type Task, type TaskStatus } from '../schemas.js';
import { getTask, type Change } from './common.js';
import { cancelTask, deleteTask, updateTask } from './edit.js';
import { resetTask } from './lifecycle.js';

export interface BulkOutcome {
  /** The tasks chosen: the ids given, or the ones the filter matched at the moment of the change. */
  selected: string[];
  /** Every task the change touched, as it is afterwards (subtasks cancelled with their plan included). */
  changed: Task[];
  /** Deleted tasks, as they were. */
  deleted: Task[];
  /** Chosen tasks an earlier step of the same change already took care of (a plan's subtask, cancelled with it). */
  covered: string[];
}

/**
 * Applies one action to every chosen task inside one change: if any of them is refused, the error stops the
 * change and nothing is written. Tasks are taken in an order that lets the action through where it can: a plan's
 * subtasks before the plan and a task before the tasks it depends on, so that choosing a plan with its subtasks,
 * or a task with everything waiting on it, works without --force.
 */
export function bulkChange(change: Change, input: BulkData): BulkOutcome {
  const { doc } = change;
  const chosen = input.ids ? [...new Set(input.ids)] : select(change, input.filter ?? {});
  for (const id of chosen) getTask(doc, id);
  const start = new Map(chosen.map((id) => [id, doc.tasks[id]!.status]));
  const order = outsideIn(change, chosen);
  const changed = new Map<string, Task>();
  const deleted: Task[] = [];
  const covered: string[] = [];
  for (const id of order) {
    const task = Object.hasOwn(doc.tasks, id) ? doc.tasks[id]! : undefined;
    if (!task || alreadyDone(input.action, start.get(id)!, task.status)) {
      covered.push(id);
      if (task) changed.set(id, task);
      continue;
    }
    try {
      const touched = apply(change, id, input);
      if (input.action === 'delete') deleted.push(...touched);
      else for (const item of touched) changed.set(item.id, item);
    } catch (error) {
      throw explain(error, id, chosen.length);
    }
  }
  // Tasks a later step deleted, or changed again, are reported as they finally are.
  for (const id of changed.keys()) {
    const now = Object.hasOwn(doc.tasks, id) ? doc.tasks[id] : undefined;
    if (now) changed.set(id, now);
    else changed.delete(id);
  }
  return { selected: chosen, changed: [...changed.values()], deleted, covered };
}

/** The tasks a filter matches in the document being changed, oldest first. */
function select(change: Change, filter: NonNullable<BulkData['filter']>): string[] {
  const matched = listTasks(change.doc, { ...filter, offset: 0 }, change.tx.now);
  if (matched.total > MAX_BULK_TASKS) {
    throw new OrchestratorError(`The filter matches ${matched.total} tasks; at most ${MAX_BULK_TASKS} change at once.`, {
      code: 'INVALID_INPUT',
      hint: 'Narrow the filter (a status, a role, a plan).',
    });
  }
  return matched.tasks.map((task) => task.id);
}

function apply(change: Change, id: string, input: BulkData): Task[] {
  switch (input.action) {
    case 'update':
      return [updateTask(change, id, input.patch)];
    case 'cancel':
      return cancelTask(change, id, { reason: input.reason, force: input.force });
    case 'reset':
      return [resetTask(change, id, { force: input.force })];
    case 'delete':
      return deleteTask(change, id, { force: input.force });
  }
}

/** A chosen task that an earlier step of this change already brought where the action would (a cancelled plan's subtask). */
function alreadyDone(action: BulkData['action'], before: TaskStatus, now: TaskStatus): boolean {
  if (action === 'cancel') return !isFinished(before) && isFinished(now);
  if (action === 'reset') return before !== 'pending' && now === 'pending';
  return false;
}

/** Subtasks before their plan, dependents before what they depend on; anything else in the order given. */
function outsideIn(change: Change, chosen: readonly string[]): string[] {
  const members = new Set(chosen);
  const before = (id: string): string[] => [
    ...change.index.childrenOf(id).filter((child) => members.has(child)),
    ...[...(change.index.dependents.get(id) ?? [])].filter((dependent) => members.has(dependent)),
  ];
  const order = dependencyOrder(chosen, before);
  if (order.length === chosen.length) return order;
  const placed = new Set(order);
  return [...order, ...chosen.filter((id) => !placed.has(id))];
}

function explain(error: unknown, id: string, count: number): unknown {
  if (!(error instanceof OrchestratorError) || count === 1) return error;
  return new OrchestratorError(`${error.message} Nothing was changed: the ${count} tasks change together or not at all.`, {
    code: error.code,
    ...(error.hint !== undefined && { hint: error.hint }),
    cause: error,
    details: { ...error.details, taskId: id },
  });
}
