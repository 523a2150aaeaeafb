import { readArchive, type Task, type TaskService } from '../core/index.js';

export type ExportedTask = Task & { archived: boolean; archivedAt: string | null };

export interface ExportData {
  exportedAt: string;
  tasks: ExportedTask[];
}

/** Every task in the store, and with `includeArchived` every archived one, oldest first. */
export async function runExport(options: { includeArchived: boolean }, deps: { service: TaskService; now: () => Date }): Promise<ExportData> {
  const doc = await deps.service.snapshot();
  const tasks: ExportedTask[] = Object.values(doc.tasks).map((task) => ({ ...task, archived: false, archivedAt: null }));
  if (options.includeArchived) {
    const { tasks: archive } = await readArchive(deps.service.store);
    for (const [id, entry] of archive) {
      // A task in both places was being archived when a process died: the store's copy is the one that counts.
      if (doc.tasks[id]) continue;
      tasks.push({ ...entry.task, archived: true, archivedAt: entry.archivedAt });
    }
  }
  tasks.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  return { exportedAt: deps.now().toISOString(), tasks };
}
