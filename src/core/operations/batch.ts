import { OrchestratorError } from '../../errors.js';
import type { TaskDraftData, TaskSource } from '../batch-inputs.js';
import { checkNoCycles, childrenIndex } from '../graph.js';
import { isFinished, type StoreDocument, type Task, type TaskStatus } from '../schemas.js';
import { checkParentOpen, getTask, replaceTask, rollUp, type Change } from './common.js';
import { blankTask, generateTaskId, type CreateDefaults } from './create.js';

/** One task of a batch as it will be, or was, written. */
export interface BatchEntry {
  ref: string;
  id: string;
  title: string;
  status: TaskStatus;
  parentId: string | null;
}

/** What a batch does to the store: the same answer for a dry run and for the change itself. */
export interface BatchSummary {
  created: BatchEntry[];
  /** Tasks an earlier batch brought in from the same source, with the fields this one changes. */
  updated: Array<BatchEntry & { fields: string[] }>;
  unchanged: BatchEntry[];
}

export interface BatchOptions {
  parentId: string | null;
  /** Names the change in the events: "import", "template". */
  via: string;
}

interface PlannedUpdate {
  ref: string;
  before: Task;
  changes: Partial<Task>;
}

/** Every write a batch makes, computed from one document before anything is written. */
export interface BatchPlan {
  counters: StoreDocument['counters'];
  created: Array<{ ref: string; task: Task }>;
  updated: PlannedUpdate[];
  unchanged: Array<{ ref: string; task: Task }>;
}

/** The `metadata.source` an earlier batch left on a task, when it has one. */
export function sourceOf(task: Task): TaskSource | undefined {
  const source = task.metadata.source as Partial<TaskSource> | undefined;
  if (!source || typeof source !== 'object' || typeof source.format !== 'string' || typeof source.id !== 'string') return undefined;
  return source as TaskSource;
}

const sourceKey = (format: string, id: string) => `${format}\0${id}`;

/**
 * Works out what a batch does to `doc`: which entries create tasks (and with which ids), which update the tasks
 * an earlier batch made from the same source, and which change nothing. Everything is checked here (references,
 * parents, cycles) so that the change itself cannot fail half-way, and a dry run gives the same answer.
 */
export function planBatch(
  doc: StoreDocument,
  drafts: readonly TaskDraftData[],
  options: BatchOptions,
  now: Date,
  defaults: CreateDefaults,
): BatchPlan {
  checkRefs(drafts);
  const root = options.parentId ?? null;
  if (root !== null) checkRoot(doc, root);
  const matches = matchSources(doc, drafts, root);
  const byRef = new Map(drafts.map((draft) => [draft.ref, draft]));

  // Ids: a matched task keeps its own; a new one gets the next generated id, as createTasks would give it.
  const counters = { ...doc.counters };
  const scratch = { counters, tasks: doc.tasks, archived: doc.archived } as StoreDocument;
  const taken = new Set<string>();
  const ids = new Map<string, string>();
  for (const draft of drafts) ids.set(draft.ref, matches.get(draft.ref)?.id ?? generateTaskId(scratch, taken));

  const format = drafts.find((draft) => draft.source)?.source?.format;
  const earlier = format ? sourceIndex(doc, root, format) : new Map<string, Task>();
  const resolve = (draft: TaskDraftData, reference: string): string => {
    const id = ids.get(reference) ?? (format ? earlier.get(sourceKey(format, reference))?.id : undefined);
    if (id === undefined) {
      throw new OrchestratorError(
        `"${draft.title}" (${draft.ref}) depends on "${reference}", which is neither in this batch nor brought in before.`,
        {
          code: 'INVALID_INPUT',
          hint: 'Check the dependency, or include the task it names.',
          details: { ref: draft.ref, unknown: reference },
        },
      );
    }
    if (id === ids.get(draft.ref)) throw new OrchestratorError(`"${draft.title}" (${draft.ref}) cannot depend on itself.`, { code: 'CYCLE' });
    return id;
  };

  const iso = now.toISOString();
  const plan: BatchPlan = { counters, created: [], updated: [], unchanged: [] };
  const sameSource = new Set([...earlier.values()].map((task) => task.id));
  const newDependencies = new Map<string, string[]>();
  const newParents = new Map<string, string | null>();
  for (const draft of drafts) {
    const id = ids.get(draft.ref)!;
    if (draft.parent !== undefined && draft.parent !== null && !byRef.has(draft.parent)) {
      throw new OrchestratorError(`"${draft.title}" (${draft.ref}) is a subtask of "${draft.parent}", which is not in this batch.`, {
        code: 'INVALID_INPUT',
        details: { ref: draft.ref, parent: draft.parent },
      });
    }
    const parentId = draft.parent ? ids.get(draft.parent)! : undefined;
    const dependencies = [...new Set(draft.dependencies.map((reference) => resolve(draft, reference)))];
    const existing = matches.get(draft.ref);
    if (!existing) {
      const task = newTask(id, draft, { parentId: parentId ?? root, dependencies }, iso, defaults);
      plan.created.push({ ref: draft.ref, task });
      newDependencies.set(id, task.dependencies);
      newParents.set(id, task.parentId);
      continue;
    }
    // A root of the batch stays where it was put, unless the batch names a place for its roots.
    const parent = parentId ?? root ?? existing.parentId;
    const changes = changesFor(existing, draft, { parentId: parent, dependencies, sameSource }, iso);
    newDependencies.set(id, (changes.dependencies as string[] | undefined) ?? existing.dependencies);
    newParents.set(id, changes.parentId !== undefined ? changes.parentId : existing.parentId);
    if (Object.keys(changes).length === 0) plan.unchanged.push({ ref: draft.ref, task: existing });
    else plan.updated.push({ ref: draft.ref, before: existing, changes });
  }
  checkCycles(doc, newDependencies, newParents, drafts, ids);
  return plan;
}

/** Writes a plan made by planBatch from this same document. Returns the ids of the tasks it wrote. */
export function commitBatch(change: Change, plan: BatchPlan, via: string): string[] {
  const { doc, tx } = change;
  // Only when ids were generated: a batch that changes nothing must not write (the counters are in the header).
  if (plan.created.length > 0) doc.counters = plan.counters;
  const parents = new Set<string | null>();
  for (const { task } of plan.created) {
    doc.tasks[task.id] = task;
    tx.emit({ op: 'create', actor: change.actor, taskId: task.id, to: task.status, data: { via } });
    parents.add(task.parentId);
  }
  for (const { before, changes } of plan.updated) {
    replaceTask(change, doc.tasks[before.id]!, changes, 'update', { fields: Object.keys(changes), via });
    parents.add(before.parentId);
    if (changes.parentId !== undefined) parents.add(changes.parentId);
  }
  // New subtasks make their parents plans: the roll-up gives those their derived status.
  rollUp(change, parents);
  return [...plan.created.map(({ task }) => task.id), ...plan.updated.map(({ before }) => before.id)];
}

/** The plan in the words of both faces: ids, titles and statuses as they are after the change. */
export function summarizeBatch(plan: BatchPlan): BatchSummary {
  const entry = (ref: string, task: Task): BatchEntry => ({ ref, id: task.id, title: task.title, status: task.status, parentId: task.parentId });
  return {
    created: plan.created.map(({ ref, task }) => entry(ref, task)),
    updated: plan.updated.map(({ ref, before, changes }) => ({ ...entry(ref, { ...before, ...changes }), fields: Object.keys(changes) })),
    unchanged: plan.unchanged.map(({ ref, task }) => entry(ref, task)),
  };
}

function checkRefs(drafts: readonly TaskDraftData[]): void {
  const seen = new Set<string>();
  for (const draft of drafts) {
    if (seen.has(draft.ref)) {
      throw new OrchestratorError(`Two entries of the batch are both named "${draft.ref}".`, {
        code: 'INVALID_INPUT',
        hint: 'Every entry needs its own key or id.',
        details: { ref: draft.ref },
      });
    }
    seen.add(draft.ref);
  }
}

/** A batch goes into an existing plan that is still open (adding to a finished plan would reopen it). */
function checkRoot(doc: StoreDocument, root: string): void {
  getTask(doc, root);
  checkParentOpen(doc, root, false);
}

/** The tasks of `format` brought in before, by source id; only inside `root` when the batch goes there. */
function sourceIndex(doc: StoreDocument, root: string | null, format: string): Map<string, Task> {
  const inside = root === null ? undefined : subtreeOf(doc, root);
  const found = new Map<string, Task>();
  for (const id in doc.tasks) {
    const task = doc.tasks[id]!;
    const source = sourceOf(task);
    if (!source || source.format !== format || (inside && !inside.has(id))) continue;
    const key = sourceKey(format, source.id);
    const other = found.get(key);
    if (other) {
      throw new OrchestratorError(
        `Tasks ${other.id} and ${task.id} were both brought in from ${format} "${source.id}"; it is unclear which to update.`,
        {
          code: 'CONFLICT',
          hint: 'Pass --parent with the plan that holds the copy to update, or delete one of them.',
          details: { taskIds: [other.id, task.id], source },
        },
      );
    }
    found.set(key, task);
  }
  return found;
}

function matchSources(doc: StoreDocument, drafts: readonly TaskDraftData[], root: string | null): Map<string, Task> {
  const matches = new Map<string, Task>();
  const indexes = new Map<string, Map<string, Task>>();
  for (const draft of drafts) {
    if (!draft.source) continue;
    const { format, id } = draft.source;
    if (!indexes.has(format)) indexes.set(format, sourceIndex(doc, root, format));
    const task = indexes.get(format)!.get(sourceKey(format, id));
    if (task) matches.set(draft.ref, task);
  }
  return matches;
}

function subtreeOf(doc: StoreDocument, root: string): Set<string> {
  const children = childrenIndex(doc.tasks);
  const order = [root];
  for (let i = 0; i < order.length; i++) order.push(...(children.get(order[i]!) ?? []));
  return new Set(order);
}

function newTask(
  id: string,
  draft: TaskDraftData,
  where: { parentId: string | null; dependencies: string[] },
  now: string,
  defaults: CreateDefaults,
): Task {
  return blankTask(id, draft.title, now, {
    description: draft.description ?? '',
    status: draft.status,
    parentId: where.parentId,
    role: draft.role ?? null,
    dependencies: where.dependencies,
    priority: draft.priority ?? 'normal',
    complexity: draft.complexity ?? null,
    estimatedEffort: draft.estimatedEffort ?? null,
    tags: [...new Set(draft.tags)],
    maxAttempts: defaults.maxAttempts,
    metadata: draft.source ? { ...draft.metadata, source: draft.source } : draft.metadata,
    completedAt: isFinished(draft.status) ? now : null,
  });
}

/**
 * What an entry changes on the task an earlier batch made from the same source. The source decides the fields it
 * carries: a field it leaves out keeps what was set here since, tags are added to, and dependencies on tasks
 * that did not come from this source stay. The status follows the source only when the source's own status
 * changed since the last time, so work done here is not undone by bringing the same file in again.
 */
function changesFor(
  task: Task,
  draft: TaskDraftData,
  where: { parentId: string | null; dependencies: string[]; sameSource: Set<string> },
  now: string,
): Partial<Task> {
  const changes: Partial<Task> = {};
  const set = <K extends keyof Task>(key: K, value: Task[K]) => {
    if (JSON.stringify(value) !== JSON.stringify(task[key])) changes[key] = value;
  };
  set('title', draft.title);
  if (draft.description !== undefined && draft.description !== '') set('description', draft.description);
  if (draft.role !== undefined) set('role', draft.role);
  if (draft.priority !== undefined) set('priority', draft.priority);
  if (draft.complexity !== undefined) set('complexity', draft.complexity);
  if (draft.estimatedEffort !== undefined) set('estimatedEffort', draft.estimatedEffort);
  set('tags', [...new Set([...task.tags, ...draft.tags])]);
  const kept = task.dependencies.filter((id) => !where.sameSource.has(id) && !where.dependencies.includes(id));
  set('dependencies', [...where.dependencies, ...kept]);
  set('parentId', where.parentId);
  const metadata = { ...task.metadata, ...draft.metadata, ...(draft.source && { source: draft.source }) };
  set('metadata', metadata);
  const previous = sourceOf(task)?.status;
  const statusMoved = draft.source?.status !== undefined && draft.source.status !== previous;
  if (statusMoved && draft.status !== task.status) {
    for (const [key, value] of Object.entries(statusChange(task, draft.status, now))) set(key as keyof Task, value as never);
  }
  return changes;
}

function statusChange(task: Task, status: TaskStatus, now: string): Partial<Task> {
  const finished = isFinished(status);
  return {
    status,
    assignee: finished ? task.assignee : null,
    lease: null,
    completedAt: finished ? now : null,
    ...(status === 'pending' && { error: null, cancelReason: null }),
  };
}

function checkCycles(
  doc: StoreDocument,
  dependencies: Map<string, string[]>,
  parents: Map<string, string | null>,
  drafts: readonly TaskDraftData[],
  ids: Map<string, string>,
): void {
  const titles = new Map(drafts.map((draft) => [ids.get(draft.ref)!, `"${draft.title}"`]));
  checkNoCycles(
    dependencies.keys(),
    (id) => dependencies.get(id) ?? doc.tasks[id]?.dependencies ?? [],
    (id) => (parents.has(id) ? parents.get(id) : doc.tasks[id]?.parentId),
    (id) => titles.get(id) ?? id,
  );
}
