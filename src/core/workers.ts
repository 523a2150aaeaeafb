import { leaseExpired } from './scheduling.js';
import type { StoreDocument, Worker } from './schemas.js';
import { valuesOf } from './values.js';

export interface HeldTask {
  id: string;
  title: string;
  expiresAt: string | null;
  leaseExpired: boolean;
}

export interface WorkerSummary extends Worker {
  /** Tasks in progress under this worker. */
  holding: HeldTask[];
  /** Seconds since the worker last did anything with the store. */
  idleSeconds: number;
  /** Not seen for longer than the stale time and holding nothing live: its slot may be given to someone else. */
  stale: boolean;
}

export interface SlotSummary {
  /** 0 means no limit. */
  limit: number;
  used: number;
  /** Free slots, stale ones included; null when there is no limit. */
  free: number | null;
}

export interface WorkerListing {
  workers: WorkerSummary[];
  slots: SlotSummary;
}

/** Who works on the store, what each one holds and when it was last seen; most recently seen first. */
export function listWorkers(
  doc: Pick<StoreDocument, 'tasks' | 'workers'>,
  now: Date,
  options: { staleSeconds: number; slotLimit: number },
): WorkerListing {
  const holding = new Map<string, HeldTask[]>();
  for (const task of valuesOf(doc.tasks)) {
    if (task.status !== 'in_progress' || !task.assignee) continue;
    const list = holding.get(task.assignee) ?? [];
    list.push({ id: task.id, title: task.title, expiresAt: task.lease?.expiresAt ?? null, leaseExpired: leaseExpired(task, now) });
    holding.set(task.assignee, list);
  }
  const workers = Object.values(doc.workers)
    .map((worker) => {
      const held = holding.get(worker.id) ?? [];
      const idleSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(worker.lastSeen)) / 1000));
      return {
        ...worker,
        holding: held,
        idleSeconds,
        stale: idleSeconds > options.staleSeconds && held.every((task) => task.leaseExpired),
      };
    })
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen) || a.id.localeCompare(b.id));
  const used = workers.filter((worker) => worker.slot !== null && !worker.stale).length;
  return {
    workers,
    slots: { limit: options.slotLimit, used, free: options.slotLimit === 0 ? null : Math.max(0, options.slotLimit - used) },
  };
}

/** Whether a worker holds a task with a live lease. */
export function holdsLiveTask(doc: Pick<StoreDocument, 'tasks'>, worker: string, now: Date): boolean {
  return valuesOf(doc.tasks).some((task) => task.status === 'in_progress' && task.assignee === worker && !leaseExpired(task, now));
}
