import { OrchestratorError } from '../../errors.js';
import { childrenIndex, dependentsIndex, describeCycle, findCycle } from '../graph.js';
import { updateTaskInputSchema, type UpdateTaskInput } from '../inputs.js';
import { isFinished, type Task } from '../schemas.js';
import { checkParentOpen, formatIds, getTask, replaceTask, rollUp, type Change } from './common.js';

export function updateTask(change: Change, id: string, input: UpdateTaskInput): Task {
  const { doc } = change;
  const task = getTask(doc, id);
  const patch = updateTaskInputSchema.parse(input);

  let dependencies = patch.dependencies ?? task.dependencies;
  if (patch.addDependencies) dependencies = [...dependencies, ...patch.addDependencies];
  if (patch.removeDependencies) dependencies = dependencies.filter((dep) => !patch.removeDependencies!.includes(dep));
  dependencies = [...new Set(dependencies)];
  const dependenciesChanged = dependencies.join('\0') !== task.dependencies.join('\0');
  if (dependenciesChanged) {
    const unknown = dependencies.filter((dependency) => !(dependency in doc.tasks) && !(dependency in doc.archived));
    if (unknown.length > 0) {
      throw new OrchestratorError(`Unknown task${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, {
        code: 'INVALID_INPUT',
        details: { unknown },
      });
    }
    const cycle = findCycle([id], (taskId) => (taskId === id ? dependencies : (doc.tasks[taskId]?.dependencies ?? [])));
    if (cycle) throw new OrchestratorError(`Dependency cycle: ${describeCycle(cycle)}.`, { code: 'CYCLE', details: { cycle } });
  }

  const parentChanged = patch.parentId !== undefined && patch.parentId !== task.parentId;
  if (parentChanged && patch.parentId !== null && patch.parentId !== undefined) {
    getTask(doc, patch.parentId);
    checkParentOpen(doc, patch.parentId, patch.reopenParent ?? false);
    for (let ancestor: string | null = patch.parentId; ancestor; ancestor = doc.tasks[ancestor]?.parentId ?? null) {
      if (ancestor === id)
        throw new OrchestratorError(`Task "${id}" cannot be placed inside its own subtask "${patch.parentId}".`, { code: 'CYCLE' });
    }
  }

  let tags = patch.tags ?? task.tags;
  if (patch.addTags) tags = [...tags, ...patch.addTags];
  if (patch.removeTags) tags = tags.filter((tag) => !patch.removeTags!.includes(tag));
  tags = [...new Set(tags)];
  const tagsChanged = patch.tags !== undefined || tags.join('\0') !== task.tags.join('\0');

  const metadata = patch.metadata ? mergeMetadata(task.metadata, patch.metadata) : task.metadata;
  const changes: Partial<Task> = {
    ...(patch.title !== undefined && { title: patch.title }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.priority !== undefined && { priority: patch.priority }),
    ...(patch.role !== undefined && { role: patch.role }),
    ...(parentChanged && { parentId: patch.parentId ?? null }),
    ...(dependenciesChanged && { dependencies }),
    ...(tagsChanged && { tags }),
    ...(patch.complexity !== undefined && { complexity: patch.complexity }),
    ...(patch.estimatedEffort !== undefined && { estimatedEffort: patch.estimatedEffort }),
    ...(patch.maxAttempts !== undefined && { maxAttempts: patch.maxAttempts }),
    ...(patch.metadata !== undefined && { metadata }),
  };
  const updated = replaceTask(change, task, changes, 'update', { fields: Object.keys(changes) });
  // Both the new plan and the one that lost a subtask may change status.
  if (parentChanged) rollUp(change, [updated.parentId, task.parentId]);
  return change.doc.tasks[updated.id]!;
}

export interface CancelOptions {
  reason?: string | undefined;
  force: boolean;
}

/** Cancels a task and, for a plan, its unfinished subtasks. Returns every task it cancelled. */
export function cancelTask(change: Change, id: string, options: CancelOptions): Task[] {
  const { doc } = change;
  const task = getTask(doc, id);
  if (isFinished(task.status)) {
    throw new OrchestratorError(`Task "${id}" is already ${task.status}.`, { code: 'CONFLICT' });
  }
  const subtree = collectSubtree(change, id).filter((taskId) => !isFinished(doc.tasks[taskId]!.status));
  const inside = new Set(subtree);
  const waiting = unfinishedDependents(change, subtree).filter((dependent) => !inside.has(dependent));
  if (waiting.length > 0 && !options.force) {
    throw new OrchestratorError(`Task "${id}" cannot be cancelled: ${formatIds(waiting)} depend${waiting.length === 1 ? 's' : ''} on it.`, {
      code: 'CONFLICT',
      hint: 'Cancel or re-plan those tasks first, or pass --force to cancel it anyway (they stay blocked).',
      details: { dependents: waiting, forceable: true },
    });
  }
  const now = change.tx.now.toISOString();
  const cancelled = subtree.map((taskId) =>
    replaceTask(
      change,
      doc.tasks[taskId]!,
      {
        status: 'cancelled',
        cancelReason: options.reason ?? null,
        lease: null,
        completedAt: now,
      },
      'cancel',
      { ...(options.reason && { reason: options.reason }), ...(taskId !== id && { via: id }) },
    ),
  );
  rollUp(change, [task.parentId]);
  return cancelled.map((cancelledTask) => doc.tasks[cancelledTask.id]!);
}

/**
 * Deletes a task (and, for a plan, its subtasks). Refuses while other tasks depend on it unless forced; forcing
 * also removes it from their dependency lists so nothing points at a task that is gone.
 */
export function deleteTask(change: Change, id: string, options: { force: boolean }): Task[] {
  const { doc } = change;
  getTask(doc, id);
  const subtree = collectSubtree(change, id);
  const inside = new Set(subtree);
  const dependents = dependentsIndex(doc.tasks);
  const outside = [...new Set(subtree.flatMap((taskId) => dependents.get(taskId) ?? []))].filter((dep) => !inside.has(dep));
  if (!options.force && (outside.length > 0 || subtree.length > 1)) {
    const reasons = [
      ...(outside.length > 0 ? [`${formatIds(outside)} depend${outside.length === 1 ? 's' : ''} on it`] : []),
      ...(subtree.length > 1 ? [`it has ${subtree.length - 1} subtask${subtree.length > 2 ? 's' : ''}`] : []),
    ];
    throw new OrchestratorError(`Task "${id}" was not deleted: ${reasons.join(' and ')}.`, {
      code: 'CONFLICT',
      hint: 'Pass --force to delete the subtasks too and drop the dependency on it, or cancel the task instead.',
      details: { dependents: outside, subtasks: subtree.slice(1), forceable: true },
    });
  }
  const removed = subtree.map((taskId) => doc.tasks[taskId]!);
  for (const task of removed) {
    delete doc.tasks[task.id];
    change.tx.emit({ op: 'delete', actor: change.actor, taskId: task.id, from: task.status });
  }
  for (const dependentId of outside) {
    const dependent = doc.tasks[dependentId]!;
    replaceTask(change, dependent, { dependencies: dependent.dependencies.filter((dep) => !inside.has(dep)) }, 'update', {
      fields: ['dependencies'],
      reason: `deleted ${id}`,
    });
  }
  rollUp(change, [removed[0]!.parentId]);
  return removed;
}

/** Unfinished tasks that depend on any of `ids`. */
function unfinishedDependents(change: Change, ids: readonly string[]): string[] {
  const dependents = dependentsIndex(change.doc.tasks);
  const found = new Set<string>();
  for (const id of ids) {
    for (const dependent of dependents.get(id) ?? []) {
      if (!isFinished(change.doc.tasks[dependent]!.status)) found.add(dependent);
    }
  }
  return [...found];
}

/** The task and all its subtasks, parents before children. */
function collectSubtree(change: Change, id: string): string[] {
  const children = childrenIndex(change.doc.tasks);
  const order = [id];
  for (let i = 0; i < order.length; i++) order.push(...(children.get(order[i]!) ?? []));
  return order;
}

function mergeMetadata(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
