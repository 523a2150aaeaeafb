import { OrchestratorError } from '../../errors.js';
import { holderByToken } from '../claims.js';
import type { ArtifactRef } from '../schemas.js';
import { blockedBy, leaseExpired, bestReady } from '../scheduling.js';
import type { StoreDocument, Task } from '../schemas.js';
import type { TaskIndex } from '../task-index.js';
import { formatIds, getTask, replaceTask, rollUp, type Change } from './common.js';

export interface LeaseOptions {
  worker: string;
  leaseSeconds: number;
}

/**
 * Returns every in-progress task whose lease ran out to pending, or marks it failed once it has used up its
 * attempts. Runs inside every claim, so an expired task is back in the pool before anyone picks.
 */
export function expireLeases(change: Change): Task[] {
  const expired: Task[] = [];
  for (const id of [...change.index.inProgress]) {
    // Looked at without making it part of what the change depends on: only a task found expired is (and a
    // heartbeat that lands meanwhile then makes the change run again, where changes run side by side).
    if (!leaseExpired(change.index.peek(id)!, change.tx.now)) continue;
    const task = getTask(change.doc, id);
    if (!leaseExpired(task, change.tx.now)) continue;
    const attempts = task.attempts + 1;
    const exhausted = attempts >= task.maxAttempts;
    const holder = task.lease?.owner ?? task.assignee;
    expired.push(
      replaceTask(
        change,
        task,
        {
          status: exhausted ? 'failed' : 'pending',
          attempts,
          assignee: null,
          lease: null,
          ...(exhausted && { error: `The lease expired ${attempts} times (last held by ${holder}).` }),
        },
        'expire',
        { holder, attempts },
      ),
    );
  }
  rollUp(change, new Set(expired.map((task) => task.parentId)));
  return expired;
}

/** How stale a worker's last-seen time may get before a claim attempt records it again. */
const LAST_SEEN_RESOLUTION_MS = 30_000;
/** A claim that keeps colliding with other claimers picks among at most this many equally ranked ready tasks. */
const MAX_SPREAD = 32;

/**
 * Records that a worker was seen, for listing workers and for diagnostics. Refreshing the time alone is skipped
 * while it is recent: otherwise every idle poll for work would rewrite the whole store.
 */
export function touchWorker(change: Change, worker: string, roles: readonly string[] = []): void {
  const now = change.tx.now.toISOString();
  const known = change.doc.workers[worker];
  if (!workerNeedsTouch(change.doc, worker, roles, change.tx.now)) return;
  change.doc.workers[worker] = {
    id: worker,
    roles: roles.length > 0 ? [...roles] : (known?.roles ?? []),
    slot: known?.slot ?? null,
    firstSeen: known?.firstSeen ?? now,
    lastSeen: now,
  };
  change.tx.markChanged();
}

/** Whether `touchWorker` would write: a worker not seen recently, or with other roles than it had. */
function workerNeedsTouch(doc: Pick<StoreDocument, 'workers'>, worker: string, roles: readonly string[], now: Date): boolean {
  const known = Object.hasOwn(doc.workers, worker) ? doc.workers[worker] : undefined;
  const sameRoles = roles.length === 0 || (known !== undefined && known.roles.join('\0') === roles.join('\0'));
  return !(known && sameRoles && now.getTime() - Date.parse(known.lastSeen) < LAST_SEEN_RESOLUTION_MS);
}

/**
 * Whether a claim by this worker would change anything: a task it could get, a lease to take back, or the
 * worker to record as seen. When not, `next` answers "nothing" without taking the store's lock, so that agents
 * polling an empty queue do not queue behind each other. (A task that becomes ready a moment later is simply
 * found by the next poll.)
 */
export function claimWouldChange(
  doc: Pick<StoreDocument, 'tasks' | 'archived' | 'workers'>,
  index: TaskIndex,
  options: { worker: string; roles: readonly string[]; parentId?: string | undefined },
  now: Date,
): boolean {
  if (bestReady(doc, { roles: options.roles, parentId: options.parentId }, index)) return true;
  for (const id of index.inProgress) if (leaseExpired(doc.tasks[id]!, now)) return true;
  return workerNeedsTouch(doc, options.worker, options.roles, now);
}

/** Claims one task for a worker. Claiming a task you already hold renews the lease. */
export function claimTask(change: Change, id: string, options: LeaseOptions & { force: boolean }): Task {
  expireLeases(change);
  const { doc } = change;
  const task = getTask(doc, id);
  touchWorker(change, options.worker);
  if (change.index.hasChildren(id)) {
    throw new OrchestratorError(`Task "${id}" is a plan; its subtasks are the work. Claim one of them.`, { code: 'CONFLICT' });
  }
  if (task.status === 'in_progress') {
    if (task.assignee === options.worker) return renewLease(change, task, options, 'renew');
    if (!options.force) {
      throw new OrchestratorError(`Task "${id}" is held by ${task.assignee} until ${task.lease?.expiresAt ?? 'it is released'}.`, {
        code: 'CONFLICT',
        hint: 'Pick another task, wait for the lease to expire, or pass --force to take it over.',
        details: { assignee: task.assignee, expiresAt: task.lease?.expiresAt },
      });
    }
  } else if (task.status !== 'pending') {
    throw new OrchestratorError(`Task "${id}" is ${task.status} and cannot be started.`, {
      code: 'CONFLICT',
      hint: task.status === 'failed' || task.status === 'cancelled' ? 'Reset it to pending first.' : undefined,
    });
  }
  const waiting = blockedBy(task, doc);
  if (waiting.length > 0 && !options.force) {
    throw new OrchestratorError(`Task "${id}" is blocked by ${formatIds(waiting)}.`, {
      code: 'CONFLICT',
      hint: 'Complete those tasks first, pick a ready task, or pass --force to start it anyway.',
      details: { blockedBy: waiting },
    });
  }
  return start(change, task, options);
}

/** Atomically claims the best ready task for a worker, or returns null when none is ready. */
export function claimNext(change: Change, options: LeaseOptions & { roles: readonly string[]; parentId?: string | undefined }): Task | null {
  expireLeases(change);
  touchWorker(change, options.worker, options.roles);
  const spread = Math.min(MAX_SPREAD, 2 ** change.tx.contention);
  const choice = bestReady(
    change.index.document,
    { roles: options.roles, parentId: options.parentId, skip: change.tx.busy('tasks'), spread },
    change.index,
  );
  if (!choice) return null;
  // What the claim depends on: the task as it is, and every dependency still completed.
  const best = getTask(change.doc, choice.id);
  if (best.status !== 'pending' || blockedBy(best, change.doc).length > 0) return null;
  return start(change, best, options);
}

/** Options of the calls a holder makes: its worker id, or the token of its claim, which stands for the holder. */
export interface HolderOptions {
  worker: string;
  claimToken?: string | undefined;
}

/** The worker a call acts as: the holder named by its claim token, or the worker it gives. */
export function actingWorker(task: Task, options: HolderOptions): string {
  return options.claimToken === undefined ? options.worker : holderByToken(task, options.claimToken);
}

export function heartbeat(change: Change, id: string, options: LeaseOptions & HolderOptions): Task {
  const task = getTask(change.doc, id);
  const worker = actingWorker(task, options);
  touchWorker(change, worker);
  if (task.status !== 'in_progress' || task.assignee !== worker) {
    throw new OrchestratorError(`${worker} does not hold task "${id}" (it is ${describeHolder(task)}).`, {
      code: 'CONFLICT',
      hint: 'Claim it again if it is pending; otherwise leave it to its holder.',
    });
  }
  return renewLease(change, task, { ...options, worker }, 'heartbeat');
}

export interface CompleteOptions extends HolderOptions {
  result?: string | undefined;
  summary?: string | undefined;
  artifacts: readonly ArtifactRef[];
  metadata?: Record<string, unknown> | undefined;
  force: boolean;
}

/**
 * Completes a task. Only the worker holding it may, unless forced. A ready pending task may be completed in one
 * step (start and finish), which is what a person at the terminal expects.
 */
export function completeTask(change: Change, id: string, options: CompleteOptions): Task {
  const task = getTask(change.doc, id);
  const worker = actingWorker(task, options);
  checkFinishable(change, task, worker, options.force, 'complete');
  const now = change.tx.now.toISOString();
  const completed = replaceTask(
    change,
    task,
    {
      status: 'completed',
      assignee: worker,
      lease: null,
      result: options.result ?? task.result,
      summary: options.summary ?? task.summary,
      artifacts: [...task.artifacts, ...options.artifacts],
      error: null,
      ...(options.metadata && { metadata: { ...task.metadata, ...options.metadata } }),
      startedAt: task.startedAt ?? now,
      completedAt: now,
    },
    'complete',
    force(options.force, task, worker),
  );
  rollUp(change, [task.parentId]);
  return change.doc.tasks[completed.id]!;
}

export function failTask(change: Change, id: string, options: HolderOptions & { error: string; force: boolean }): Task {
  const task = getTask(change.doc, id);
  const worker = actingWorker(task, options);
  checkFinishable(change, task, worker, options.force, 'fail');
  const failed = replaceTask(
    change,
    task,
    {
      status: 'failed',
      assignee: worker,
      lease: null,
      error: options.error,
      attempts: task.attempts + 1,
    },
    'fail',
    { error: options.error, ...force(options.force, task, worker) },
  );
  rollUp(change, [task.parentId]);
  return change.doc.tasks[failed.id]!;
}

/**
 * Returns a failed, cancelled or expired task to pending with a fresh set of attempts. A task someone holds
 * with a live lease, or a completed one, is reset only when forced.
 */
export function resetTask(change: Change, id: string, options: { force: boolean }): Task {
  const task = getTask(change.doc, id);
  const expired = leaseExpired(task, change.tx.now);
  const resettable = task.status === 'failed' || task.status === 'cancelled' || expired;
  if (task.status === 'pending') {
    throw new OrchestratorError(`Task "${id}" is already pending.`, { code: 'CONFLICT' });
  }
  if (!resettable && !options.force) {
    throw new OrchestratorError(`Task "${id}" is ${describeHolder(task)}; only failed, cancelled or expired tasks are reset.`, {
      code: 'CONFLICT',
      hint: 'Pass --force to take the task back anyway.',
      details: { forceable: true },
    });
  }
  const reset = replaceTask(
    change,
    task,
    {
      status: 'pending',
      assignee: null,
      lease: null,
      error: null,
      cancelReason: null,
      attempts: 0,
      completedAt: null,
    },
    'reset',
    { ...(expired && { expired: true }), ...(options.force && !resettable && { forced: true }) },
  );
  rollUp(change, [task.parentId]);
  return change.doc.tasks[reset.id]!;
}

function start(change: Change, task: Task, options: LeaseOptions): Task {
  const now = change.tx.now;
  const started = replaceTask(
    change,
    task,
    {
      status: 'in_progress',
      assignee: options.worker,
      lease: { owner: options.worker, expiresAt: new Date(now.getTime() + options.leaseSeconds * 1000).toISOString() },
      startedAt: now.toISOString(),
      completedAt: null,
      error: null,
    },
    'claim',
    task.status === 'in_progress' ? { takenFrom: task.assignee } : undefined,
  );
  rollUp(change, [task.parentId]);
  return started;
}

function renewLease(change: Change, task: Task, options: LeaseOptions, op: string): Task {
  const expiresAt = new Date(change.tx.now.getTime() + options.leaseSeconds * 1000).toISOString();
  return replaceTask(change, task, { lease: { owner: options.worker, expiresAt } }, op, { expiresAt });
}

/** Refuses to finish a task the worker does not hold (or a blocked one, or a plan), unless forced. */
export function checkFinishable(change: Change, task: Task, worker: string, forced: boolean, verb: string): void {
  if (forced) return;
  if (task.status === 'in_progress') {
    if (task.assignee === worker) return;
    throw new OrchestratorError(`Task "${task.id}" is held by ${task.assignee}; ${worker} cannot ${verb} it.`, {
      code: 'FORBIDDEN',
      hint: `Only the worker holding a task may ${verb} it. Pass the right worker id (--worker), or pass --force.`,
      details: { assignee: task.assignee },
    });
  }
  if (task.status === 'pending') {
    if (change.index.hasChildren(task.id)) {
      throw new OrchestratorError(`Task "${task.id}" is a plan; it completes when its subtasks do.`, { code: 'CONFLICT' });
    }
    const waiting = blockedBy(task, change.doc);
    if (waiting.length === 0) return;
    throw new OrchestratorError(`Task "${task.id}" is blocked by ${formatIds(waiting)}.`, {
      code: 'CONFLICT',
      hint: 'Complete those tasks first, or pass --force.',
      details: { blockedBy: waiting },
    });
  }
  throw new OrchestratorError(`Task "${task.id}" is ${task.status}; it cannot ${verb === 'complete' ? 'be completed' : 'fail'} now.`, {
    code: 'CONFLICT',
    hint: task.status === 'completed' ? undefined : 'Reset it to pending first.',
  });
}

function force(forced: boolean, task: Task, worker: string): Record<string, unknown> | undefined {
  return forced && task.assignee !== null && task.assignee !== worker ? { forced: true, assignee: task.assignee } : undefined;
}

function describeHolder(task: Task): string {
  return task.status === 'in_progress' ? `held by ${task.assignee}` : task.status;
}
