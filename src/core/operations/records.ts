import { OrchestratorError } from '../../errors.js';
import { checkNoCycles } from '../graph.js';
import type { StoreDocument, Task } from '../schemas.js';
import type { BatchEntry, BatchSummary } from './batch.js';
import { rollUp, type Change } from './common.js';

/**
 * Whole task records coming back (from `db export --format md`): each keeps its id and every field. A record
 * whose task exists replaces it when they differ; the others are added. Checked as a whole before anything is
 * written, like every batch.
 */
export interface RecordsPlan {
  created: Task[];
  updated: Array<{ before: Task; after: Task; fields: string[] }>;
  unchanged: Task[];
  counter: number;
}

export function planRecords(doc: StoreDocument, records: readonly Task[], parentId: string | null): RecordsPlan {
  const ids = new Set<string>();
  for (const record of records) {
    if (ids.has(record.id))
      throw new OrchestratorError(`Task "${record.id}" is given twice.`, { code: 'INVALID_INPUT', details: { taskId: record.id } });
    if (Object.hasOwn(doc.archived, record.id)) {
      throw new OrchestratorError(`Task "${record.id}" is archived in this store; it is not brought back over its archived copy.`, {
        code: 'CONFLICT',
        hint: 'Leave its file out, or import into another data directory.',
        details: { taskId: record.id },
      });
    }
    ids.add(record.id);
  }
  if (parentId !== null && !ids.has(parentId) && !Object.hasOwn(doc.tasks, parentId)) {
    throw new OrchestratorError(`Parent task "${parentId}" does not exist.`, { code: 'NOT_FOUND', details: { taskId: parentId } });
  }
  const exists = (id: string) => ids.has(id) || Object.hasOwn(doc.tasks, id);
  const plan: RecordsPlan = { created: [], updated: [], unchanged: [], counter: doc.counters.task };
  for (const given of records) {
    // Top-level tasks of the folder go under --parent when one is given.
    const record = parentId !== null && given.parentId === null && given.id !== parentId ? { ...given, parentId } : given;
    const unknown = record.dependencies.filter((id) => !exists(id) && !Object.hasOwn(doc.archived, id));
    if (unknown.length > 0) {
      throw new OrchestratorError(
        `Task "${record.id}" depends on ${unknown.join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} neither given nor in the store.`,
        {
          code: 'INVALID_INPUT',
          details: { taskId: record.id, unknown },
        },
      );
    }
    if (record.parentId !== null && !exists(record.parentId)) {
      throw new OrchestratorError(`Task "${record.id}" is a subtask of "${record.parentId}", which is neither given nor in the store.`, {
        code: 'INVALID_INPUT',
        details: { taskId: record.id, parentId: record.parentId },
      });
    }
    const generated = /^t(\d+)$/.exec(record.id);
    if (generated) plan.counter = Math.max(plan.counter, Number(generated[1]));
    const before = Object.hasOwn(doc.tasks, record.id) ? doc.tasks[record.id] : undefined;
    if (!before) plan.created.push(record);
    else {
      const fields = changedFields(before, record);
      if (fields.length === 0) plan.unchanged.push(before);
      else plan.updated.push({ before, after: record, fields });
    }
  }
  const given = new Map(records.map((record) => [record.id, record]));
  const written = new Map([...plan.created, ...plan.updated.map(({ after }) => after)].map((task) => [task.id, task]));
  checkNoCycles(
    written.keys(),
    (id) => (written.get(id) ?? given.get(id) ?? doc.tasks[id])?.dependencies ?? [],
    (id) => (written.get(id) ?? doc.tasks[id])?.parentId,
  );
  return plan;
}

export function commitRecords(change: Change, plan: RecordsPlan): string[] {
  const { doc, tx } = change;
  if (plan.counter > doc.counters.task) doc.counters = { ...doc.counters, task: plan.counter };
  const parents = new Set<string | null>();
  for (const task of plan.created) {
    doc.tasks[task.id] = task;
    tx.emit({ op: 'create', actor: change.actor, taskId: task.id, to: task.status, data: { via: 'import' } });
    parents.add(task.parentId);
  }
  for (const { before, after, fields } of plan.updated) {
    doc.tasks[after.id] = after;
    tx.emit({ op: 'update', actor: change.actor, taskId: after.id, from: before.status, to: after.status, data: { fields, via: 'import' } });
    parents.add(before.parentId).add(after.parentId);
  }
  rollUp(change, parents);
  return [...plan.created, ...plan.updated.map(({ after }) => after)].map((task) => task.id);
}

export function summarizeRecords(plan: RecordsPlan): BatchSummary {
  const entry = (task: Task): BatchEntry => ({ ref: task.id, id: task.id, title: task.title, status: task.status, parentId: task.parentId });
  return {
    created: plan.created.map(entry),
    updated: plan.updated.map(({ after, fields }) => ({ ...entry(after), fields })),
    unchanged: plan.unchanged.map(entry),
  };
}

function changedFields(before: Task, after: Task): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof Task>;
  return [...keys].filter((key) => stableJson(before[key]) !== stableJson(after[key]));
}

/** JSON with object keys sorted, so that two equal values written in another key order compare equal. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
