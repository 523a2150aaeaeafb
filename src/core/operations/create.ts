import { OrchestratorError } from '../../errors.js';
import { checkNoCycles } from '../graph.js';
import { createTaskInputSchema, type CreateTaskData, type CreateTaskInput } from '../inputs.js';
import type { StoreDocument, Task } from '../schemas.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import { checkParentOpen, rollUp, type Change } from './common.js';

export interface CreateDefaults {
  maxAttempts: number;
}

/**
 * Creates tasks as one change: every task is checked (ids, dependencies, parents, cycles) before any is added,
 * so a batch is created whole or not at all. Dependencies and parents may name tasks of the same batch.
 */
export function createTasks(change: Change, inputs: readonly CreateTaskInput[], defaults: CreateDefaults): Task[] {
  const { doc, tx } = change;
  const data = inputs.map((input) => createTaskInputSchema.parse(input));
  const ids = assignIds(doc, data);
  const batch = new Set(ids);
  const exists = (id: string) => id in doc.tasks || batch.has(id);
  const isDependable = (id: string) => exists(id) || id in doc.archived;

  data.forEach((input, index) => {
    const unknown = input.dependencies.filter((dependency) => !isDependable(dependency));
    if (unknown.length > 0) {
      throw new OrchestratorError(`Task "${input.title}" depends on unknown task${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}.`, {
        code: 'INVALID_INPUT',
        hint: 'Create the dependencies first, or check the ids.',
        details: { unknown },
      });
    }
    if (input.dependencies.includes(ids[index]!)) {
      throw new OrchestratorError(`Task "${ids[index]}" cannot depend on itself.`, { code: 'CYCLE' });
    }
    if (input.parentId && !exists(input.parentId)) {
      throw new OrchestratorError(`Parent task "${input.parentId}" does not exist.`, { code: 'INVALID_INPUT' });
    }
    if (input.parentId) checkParentOpen(doc, input.parentId, input.reopenParent);
  });

  const newDependencies = new Map(ids.map((id, index) => [id, data[index]!.dependencies]));
  const dependenciesOf = (id: string) => newDependencies.get(id) ?? doc.tasks[id]?.dependencies ?? [];
  const newParents = new Map(ids.map((id, index) => [id, data[index]!.parentId ?? null]));
  checkNoCycles(ids, dependenciesOf, (id) => (newParents.has(id) ? newParents.get(id) : doc.tasks[id]?.parentId));

  const now = tx.now.toISOString();
  const created = data.map((input, index) => {
    const task = newTask(ids[index]!, input, now, defaults);
    doc.tasks[task.id] = task;
    tx.emit({ op: 'create', actor: change.actor, taskId: task.id, to: task.status });
    return task;
  });
  // A leaf that gains subtasks becomes a plan: the roll-up gives it its derived status and drops any claim.
  rollUp(change, new Set(created.map((task) => task.parentId)));
  return created.map((task) => doc.tasks[task.id]!);
}

function assignIds(doc: StoreDocument, data: readonly CreateTaskData[]): string[] {
  const taken = new Set<string>();
  for (const input of data) {
    if (!input.id) continue;
    if (input.id in doc.tasks || input.id in doc.archived || taken.has(input.id)) {
      throw new OrchestratorError(`A task with id "${input.id}" already exists.`, {
        code: 'CONFLICT',
        hint: 'Choose another id, or leave it out to get a generated one.',
      });
    }
    taken.add(input.id);
  }
  return data.map((input) => input.id ?? generateTaskId(doc, taken));
}

/** The next free generated id (`t<n>`), added to `taken`. Advances the store's counter. */
export function generateTaskId(doc: StoreDocument, taken: Set<string>): string {
  let id: string;
  do {
    doc.counters = { ...doc.counters, task: doc.counters.task + 1 };
    id = `t${doc.counters.task}`;
  } while (id in doc.tasks || id in doc.archived || taken.has(id));
  taken.add(id);
  return id;
}

function newTask(id: string, input: CreateTaskData, now: string, defaults: CreateDefaults): Task {
  return blankTask(id, input.title, now, {
    description: input.description,
    parentId: input.parentId ?? null,
    role: input.role ?? null,
    dependencies: [...new Set(input.dependencies)],
    priority: input.priority,
    complexity: input.complexity ?? null,
    estimatedEffort: input.estimatedEffort ?? null,
    tags: [...new Set(input.tags)],
    maxAttempts: input.maxAttempts ?? defaults.maxAttempts,
    metadata: input.metadata,
  });
}

/** A task as it is made: pending, unclaimed, with nothing done yet; `fields` set what differs. */
export function blankTask(id: string, title: string, now: string, fields: Partial<Task> = {}): Task {
  return {
    id,
    title,
    description: '',
    status: 'pending',
    parentId: null,
    role: null,
    dependencies: [],
    priority: 'normal',
    complexity: null,
    estimatedEffort: null,
    tags: [],
    assignee: null,
    lease: null,
    attempts: 0,
    maxAttempts: DEFAULT_SETTINGS.maxAttempts,
    result: null,
    summary: null,
    artifacts: [],
    error: null,
    cancelReason: null,
    metadata: {},
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    completedAt: null,
    ...fields,
  };
}
