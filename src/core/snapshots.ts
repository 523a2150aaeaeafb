import type { StoreDocument } from './schemas.js';
import type { TaskStore } from './task-store.js';

/**
 * Replaces the store with a snapshot's text after validating it, keeping a copy of what it replaces in
 * `backupFile`. The id counter never goes back: ids handed out after the snapshot was taken are not reused,
 * so the history of one id is the history of one task.
 */
export function restoreStore(
  store: TaskStore,
  text: string,
  options: { source: string; backupFile: string; actor: string },
): Promise<{ document: StoreDocument; backupFile: string | undefined }> {
  return store.restore(text, {
    source: options.source,
    backupFile: options.backupFile,
    event: { op: 'restore', actor: options.actor, data: { from: options.source } },
    adjust: (restored, current) =>
      current ? { ...restored, counters: { ...restored.counters, task: Math.max(restored.counters.task, current.counters.task) } } : restored,
  });
}
