import { OrchestratorError } from '../../errors.js';
import type { Transaction } from '../../store/index.js';
import { isFinished, type StoreDocument, type Task, type TaskStatus } from '../schemas.js';
import type { TaskIndex } from '../task-index.js';

/** What an operation works on: the draft of the store document and the transaction it belongs to. */
export interface Change {
  doc: StoreDocument;
  tx: Transaction;
  /** Who asks for the change: a worker id, or `cli:<user>` at the terminal. */
  actor: string;
  /** The store's shape (subtasks, dependents, pending and held tasks), kept up to date as the draft changes. */
  index: TaskIndex;
}

/** The one error for an id that names no task, whichever face asked. */
export function taskNotFound(id: string): OrchestratorError {
  return new OrchestratorError(`No task with id "${id}".`, {
    code: 'NOT_FOUND',
    hint: 'List the tasks to find the right id.',
    details: { taskId: id },
  });
}

export function getTask(doc: Pick<StoreDocument, 'tasks'>, id: string): Task {
  const task = Object.hasOwn(doc.tasks, id) ? doc.tasks[id] : undefined;
  if (!task) throw taskNotFound(id);
  return task;
}

/** Replaces a task with a changed copy and records one event for the change. */
export function replaceTask(change: Change, before: Task, changes: Partial<Task>, op: string, data?: Record<string, unknown>): Task {
  const after: Task = { ...before, ...changes, updatedAt: change.tx.now.toISOString() };
  change.doc.tasks[before.id] = after;
  change.tx.emit({
    op,
    actor: change.actor,
    taskId: before.id,
    from: before.status,
    to: after.status,
    ...(data && { data }),
  });
  return after;
}

/** The status a plan derives from its subtasks, or null for a task without subtasks. */
export function rolledUpStatus(children: readonly Task[]): TaskStatus | null {
  if (children.length === 0) return null;
  const statuses = children.map((child) => child.status);
  if (statuses.every((status) => status === 'cancelled')) return 'cancelled';
  if (statuses.every(isFinished)) return 'completed';
  if (statuses.some((status) => status === 'in_progress' || status === 'completed' || status === 'failed')) {
    return 'in_progress';
  }
  return 'pending';
}

/**
 * Brings the status of each given plan, and of every plan above it, in line with its subtasks. A plan that lost
 * its last subtask is a plain task again: if nobody holds it, it is pending.
 */
export function rollUp(change: Change, planIds: Iterable<string | null | undefined>): void {
  // Inner plans first: a walk stops at a plan it has seen, so an outer plan must come after the ones inside it.
  const pending = deepestFirst(change.doc, planIds);
  const seen = new Set<string>();
  for (let planId of pending) {
    // Walk up the chain: a plan can itself be a subtask of a larger plan.
    while (planId && !seen.has(planId)) {
      seen.add(planId);
      const plan = change.doc.tasks[planId];
      if (!plan) break;
      const derived = rolledUpStatus(change.index.childrenOf(planId).map((id) => change.doc.tasks[id]!));
      const status = derived ?? (plan.status === 'in_progress' && plan.lease === null ? 'pending' : plan.status);
      if (status !== plan.status) {
        const now = change.tx.now.toISOString();
        replaceTask(
          change,
          plan,
          {
            status,
            startedAt: status === 'pending' ? plan.startedAt : (plan.startedAt ?? now),
            completedAt: isFinished(status) ? now : null,
            assignee: null,
            lease: null,
          },
          'rollup',
        );
      }
      planId = plan.parentId ?? '';
    }
  }
}

export function formatIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).join(', ');
  return ids.length > 10 ? `${shown} and ${ids.length - 10} more` : shown;
}

/**
 * A finished plan (completed or cancelled) that would gain a subtask: the new subtask would reopen it and make
 * every task that depends on the plan wait again. That happens only when the caller asks for it.
 */
export function checkParentOpen(doc: StoreDocument, parentId: string, reopen: boolean): void {
  const parent = doc.tasks[parentId];
  if (!parent || reopen || !isFinished(parent.status)) return;
  const dependents: string[] = [];
  for (const id in doc.tasks) if (doc.tasks[id]!.dependencies.includes(parentId) && doc.tasks[id]!.status !== 'cancelled') dependents.push(id);
  const waiting = dependents.length > 0 ? ` and ${formatIds(dependents)} would wait for it again` : '';
  throw new OrchestratorError(`"${parentId}" is ${parent.status}: a new subtask would reopen it${waiting}.`, {
    code: 'CONFLICT',
    hint: 'Add the task without a parent or to another plan, or pass --reopen to reopen the plan.',
    details: { parentId, status: parent.status, dependents },
  });
}

/**
 * Plans ordered so that a plan comes before the plans it is inside: a roll-up walks up from each plan once, so
 * an outer plan must be reached after the inner ones have their new status.
 */
function deepestFirst(doc: StoreDocument, ids: Iterable<string | null | undefined>): string[] {
  const unique = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  if (unique.length < 2) return unique;
  const depth = (id: string) => {
    // Parent chains have no cycles; the set is a bound that reads nothing beyond the chain itself.
    const chain = new Set<string>();
    for (let at = doc.tasks[id]?.parentId; at && !chain.has(at); at = doc.tasks[at]?.parentId) chain.add(at);
    return chain.size;
  };
  const depths = new Map(unique.map((id) => [id, depth(id)]));
  return unique.sort((a, b) => depths.get(b)! - depths.get(a)!);
}
