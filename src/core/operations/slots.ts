import { OrchestratorError } from '../../errors.js';
import type { Worker } from '../schemas.js';
import { holdsLiveTask } from '../workers.js';
import type { Change } from './common.js';
import { touchWorker } from './lifecycle.js';

/**
 * Numbered worker slots, for clients that cap how many workers run at once. A slot belongs to one worker
 * (`workers[id].slot`). A slot whose worker has not been seen for `staleSeconds` and holds no live task is free
 * again, so a client that crashed without releasing its slot does not keep it forever.
 */
export interface SlotOptions {
  /** How many slots exist; 0 means no limit. */
  limit: number;
  staleSeconds: number;
}

export function claimSlot(change: Change, options: SlotOptions & { worker?: string | undefined }): { slot: number; worker: string } {
  const { doc } = change;
  const own = options.worker ? doc.workers[options.worker]?.slot : null;
  if (options.worker && own) {
    touchWorker(change, options.worker);
    return { slot: own, worker: options.worker };
  }
  const bound = options.limit > 0 ? options.limit : Object.values(doc.workers).filter((worker) => worker.slot !== null).length + 1;
  for (let slot = 1; slot <= bound; slot++) {
    const holder = holderOf(change, slot);
    if (holder && !isStale(change, holder, options.staleSeconds)) continue;
    if (holder) setSlot(change, holder.id, null);
    const worker = options.worker ?? placeholderName(change, slot);
    setSlot(change, worker, slot);
    return { slot, worker };
  }
  const holders = Object.values(doc.workers)
    .filter((worker) => worker.slot !== null)
    .map((worker) => `${worker.slot}: ${worker.id}`);
  throw new OrchestratorError(`All ${options.limit} worker slots are taken (${holders.join(', ')}).`, {
    code: 'CONFLICT',
    hint: `Release one with release_worker_slot, or wait: a slot whose worker has not been seen for ${Math.round(options.staleSeconds / 60)} minutes and holds no task is freed.`,
    details: { limit: options.limit },
  });
}

/** Frees a slot. Releasing a slot nobody holds changes nothing. */
export function releaseSlot(change: Change, slot: number): { released: boolean; worker: string | null } {
  const holder = holderOf(change, slot);
  if (!holder) return { released: false, worker: null };
  setSlot(change, holder.id, null);
  return { released: true, worker: holder.id };
}

/**
 * Makes `slot` the worker's slot. A slot held by another worker moves only when that worker holds no live task
 * (as when a slot claimed anonymously is first used under a worker id).
 */
export function bindSlot(change: Change, worker: string, slot: number, options: SlotOptions): void {
  if (options.limit > 0 && slot > options.limit) {
    throw new OrchestratorError(`There is no worker slot ${slot}; slots are numbered 1 to ${options.limit}.`, {
      code: 'INVALID_INPUT',
      hint: 'Claim a slot with claim_worker_slot and pass the number it returns.',
    });
  }
  const holder = holderOf(change, slot);
  if (holder?.id === worker) return;
  if (holder && holdsLiveTask(change.doc, holder.id, change.tx.now)) {
    throw new OrchestratorError(`Worker slot ${slot} belongs to ${holder.id}, which is working on a task.`, {
      code: 'CONFLICT',
      hint: 'Pass the slot number your own claim_worker_slot call returned.',
    });
  }
  if (holder) setSlot(change, holder.id, null);
  setSlot(change, worker, slot);
}

function holderOf(change: Change, slot: number): Worker | undefined {
  return Object.values(change.doc.workers).find((worker) => worker.slot === slot);
}

function isStale(change: Change, worker: Worker, staleSeconds: number): boolean {
  const idle = (change.tx.now.getTime() - Date.parse(worker.lastSeen)) / 1000;
  return idle > staleSeconds && !holdsLiveTask(change.doc, worker.id, change.tx.now);
}

function setSlot(change: Change, worker: string, slot: number | null): void {
  if (slot !== null) touchWorker(change, worker);
  const known = change.doc.workers[worker];
  if (!known) return;
  change.doc.workers[worker] = { ...known, slot };
  change.tx.markChanged();
}

/** `worker-<slot>`, the id a slot claimed without a worker id is held under, unless that worker holds another slot. */
function placeholderName(change: Change, slot: number): string {
  for (let suffix = 1; suffix < 1000; suffix++) {
    const name = suffix === 1 ? `worker-${slot}` : `worker-${slot}-${suffix}`;
    const existing = change.doc.workers[name];
    if (!existing || existing.slot === null || existing.slot === slot) return name;
  }
  return `worker-${slot}-${change.tx.now.getTime()}`;
}
