import { OrchestratorError } from '../errors.js';
import { childrenIndex, dependentsIndex } from './graph.js';
import { formatIds, getTask, rollUp, type Change } from './operations/common.js';
import { taskSchema, type Task } from './schemas.js';

/** One record of the store's archive. When a task appears twice, the last record is the one that counts. */
export interface ArchivedTask {
  archivedAt: string;
  task: Task;
}

/** Where the store keeps what it moved out (archive/tasks.jsonl, or a table). */
export interface ArchiveSource {
  readArchive(): Promise<{ records: unknown[]; skipped: number }>;
}

const UNFINISHED = new Set<Task['status']>(['pending', 'in_progress', 'failed']);

/**
 * Moves tasks (with their subtasks) out of the store into its archive, in the same change. The store keeps each
 * id and final status, so tasks that depended on them still see their dependencies as done. Archiving a task
 * that is not completed while unfinished tasks wait for it is refused unless forced.
 */
export function archiveTasks(change: Change, ids: readonly string[], options: { force: boolean }): Task[] {
  const { doc, tx } = change;
  const children = childrenIndex(doc.tasks);
  const selected: string[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    getTask(doc, id);
    for (let i = selected.push(id) - 1; i < selected.length; i++) {
      const current = selected[i]!;
      if (seen.has(current)) continue;
      seen.add(current);
      selected.push(...(children.get(current) ?? []));
    }
  }
  const unique = [...seen];
  const dependents = dependentsIndex(doc.tasks);
  // A completed task can always go: the store keeps its status for the tasks that depend on it. Any other
  // status would leave its dependents waiting for something nobody can see any more.
  const waiting = [...new Set(unique.filter((id) => doc.tasks[id]!.status !== 'completed').flatMap((id) => dependents.get(id) ?? []))].filter(
    (id) => !seen.has(id) && UNFINISHED.has(doc.tasks[id]!.status),
  );
  if (waiting.length > 0 && !options.force) {
    throw new OrchestratorError(`Not archived: ${formatIds(waiting)} still depend${waiting.length === 1 ? 's' : ''} on ${formatIds(ids)}.`, {
      code: 'CONFLICT',
      hint: 'Finish or cancel those tasks first, or pass --force.',
      details: { dependents: waiting, forceable: true },
    });
  }
  const archivedAt = tx.now.toISOString();
  const entries = unique.map((id) => ({ archivedAt, task: doc.tasks[id]! }));
  tx.archive(entries);
  for (const { task } of entries) {
    delete doc.tasks[task.id];
    doc.archived[task.id] = { status: task.status, archivedAt };
    tx.emit({ op: 'archive', actor: change.actor, taskId: task.id, from: task.status });
  }
  rollUp(change, new Set(entries.map((entry) => entry.task.parentId)));
  return entries.map((entry) => entry.task);
}

/** Archived tasks by id (the last record for an id wins). Records that do not validate are skipped and counted. */
export async function readArchive(store: ArchiveSource): Promise<{ tasks: Map<string, ArchivedTask>; skipped: number }> {
  const { records, skipped: unreadable } = await store.readArchive();
  const tasks = new Map<string, ArchivedTask>();
  let skipped = unreadable;
  for (const record of records) {
    const entry = record as Partial<ArchivedTask>;
    const parsed = taskSchema.safeParse(entry?.task);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    tasks.set(parsed.data.id, { archivedAt: String(entry.archivedAt), task: entry.task as Task });
  }
  return { tasks, skipped };
}
