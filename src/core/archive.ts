import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { OrchestratorError } from '../errors.js';
import { childrenIndex, dependentsIndex } from './graph.js';
import { formatIds, getTask, rollUp, type Change } from './operations/common.js';
import { taskSchema, type Task } from './schemas.js';

/** One line of archive/tasks.jsonl. When a task appears twice, the last line is the one that counts. */
export interface ArchivedTask {
  archivedAt: string;
  task: Task;
}

export const ARCHIVE_FILE = 'tasks.jsonl';

const UNFINISHED = new Set<Task['status']>(['pending', 'in_progress', 'failed']);

/**
 * Moves tasks (with their subtasks) out of the store into archive/tasks.jsonl. The store keeps each id and
 * final status, so tasks that depended on them still see their dependencies as done. Archiving a task that is
 * not completed while unfinished tasks wait for it is refused unless forced. The archive is written before the store: a crash in between leaves a task in
 * both, and the store's copy wins.
 */
export function archiveTasks(change: Change, ids: readonly string[], options: { force: boolean; archiveDir: string }): Task[] {
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
  mkdirSync(options.archiveDir, { recursive: true });
  appendFileSync(path.join(options.archiveDir, ARCHIVE_FILE), entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
  for (const { task } of entries) {
    delete doc.tasks[task.id];
    doc.archived[task.id] = { status: task.status, archivedAt };
    tx.emit({ op: 'archive', actor: change.actor, taskId: task.id, from: task.status });
  }
  rollUp(change, new Set(entries.map((entry) => entry.task.parentId)));
  return entries.map((entry) => entry.task);
}

/** Archived tasks by id (the last line for an id wins). Lines that do not parse are skipped and counted. */
export async function readArchive(archiveDir: string): Promise<{ tasks: Map<string, ArchivedTask>; skipped: number }> {
  let text: string;
  try {
    text = await readFile(path.join(archiveDir, ARCHIVE_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { tasks: new Map(), skipped: 0 };
    throw error;
  }
  const tasks = new Map<string, ArchivedTask>();
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line) as ArchivedTask;
      tasks.set(taskSchema.parse(entry.task).id, { archivedAt: String(entry.archivedAt), task: entry.task });
    } catch {
      skipped++;
    }
  }
  return { tasks, skipped };
}
