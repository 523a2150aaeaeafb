import type { LoggedEvent } from '../store/index.js';
import { archiveTasks } from './archive.js';
import { childrenIndex, dependentsIndex } from './graph.js';
import type { Change } from './operations/common.js';
import type { StoreDocument, Task } from './schemas.js';

/** Which events stay in events.jsonl: the last `last` lines, or those younger than `withinMs`. */
export type EventRetention = { last: number } | { withinMs: number };

export interface OptimizeOptions {
  /** Finished tasks that finished longer ago than this are archived (0: every finished task). */
  olderThanMs: number;
  /** Without it, events.jsonl is left as it is. */
  keepEvents?: EventRetention | undefined;
}

export interface OptimizePlan {
  /** When the cut-off lies: tasks finished at or before it qualify. */
  cutoff: string;
  /** Every task that moves to the archive, plans with their subtasks. */
  taskIds: string[];
  /** How many of the oldest events move out of events.jsonl. */
  eventsMoved: number;
  /** How many events stay (the optimize change then adds its own). */
  eventsKept: number;
  /** Where the moved events go, under archive/. */
  eventsArchiveFile: string | null;
}

const FINISHED = new Set<Task['status']>(['completed', 'cancelled']);

/**
 * The top-level tasks that can leave the store: completed or cancelled at or before `cutoff`, with every subtask
 * in the same state, and no unfinished task depending on any of them. Returns the roots (what `archiveTasks`
 * takes) and every id that goes with them. A plan with one recent or unfinished subtask stays whole: archiving
 * part of a plan would change the status it derives from its subtasks.
 */
export function selectArchivable(doc: Pick<StoreDocument, 'tasks'>, cutoff: Date): { roots: string[]; taskIds: string[] } {
  const children = childrenIndex(doc.tasks);
  const dependents = dependentsIndex(doc.tasks);
  const limit = cutoff.getTime();
  const qualifies = (task: Task) =>
    FINISHED.has(task.status) &&
    Date.parse(task.completedAt ?? task.updatedAt) <= limit &&
    (dependents.get(task.id) ?? []).every((id) => FINISHED.has(doc.tasks[id]!.status));
  const roots: string[] = [];
  const taskIds: string[] = [];
  for (const task of Object.values(doc.tasks)) {
    if (task.parentId !== null && doc.tasks[task.parentId]) continue;
    const subtree = [task.id];
    let ok = true;
    for (let i = 0; ok && i < subtree.length; i++) {
      ok = qualifies(doc.tasks[subtree[i]!]!);
      subtree.push(...(children.get(subtree[i]!) ?? []));
    }
    if (!ok) continue;
    roots.push(task.id);
    taskIds.push(...subtree);
  }
  return { roots, taskIds };
}

/** How many of the oldest `events` fall outside `retention`. Events are in commit order. */
export function eventsToMove(events: readonly LoggedEvent[], retention: EventRetention, now: Date): number {
  if ('last' in retention) return Math.max(0, events.length - retention.last);
  const limit = now.getTime() - retention.withinMs;
  const firstKept = events.findIndex((event) => Date.parse(event.ts) >= limit);
  return firstKept === -1 ? events.length : firstKept;
}

/** What optimizing `doc` with `events` at `now` would do; nothing is changed. */
export function planOptimize(
  doc: Pick<StoreDocument, 'tasks'>,
  events: readonly LoggedEvent[],
  options: OptimizeOptions,
  now: Date,
  eventsArchive: (now: Date) => string,
): OptimizePlan {
  const cutoff = new Date(now.getTime() - options.olderThanMs);
  const moved = options.keepEvents ? eventsToMove(events, options.keepEvents, now) : 0;
  return {
    cutoff: cutoff.toISOString(),
    taskIds: selectArchivable(doc, cutoff).taskIds,
    eventsMoved: moved,
    eventsKept: events.length - moved,
    eventsArchiveFile: moved > 0 ? eventsArchive(now) : null,
  };
}

/**
 * Optimizes the store as one change: archives what `selectArchivable` finds, moves old events to
 * archive/events-<date>.jsonl (the store then records the compacted log's size) and records an `optimize`
 * event, so the store is rewritten even when nothing moved.
 */
export function optimizeStore(change: Change, options: OptimizeOptions, eventsArchive: (now: Date) => string): OptimizePlan {
  const { tx } = change;
  const plan = planOptimize(change.doc, tx.readEvents(), options, tx.now, eventsArchive);
  // Revision 0 is the document of a store that does not exist yet: there is nothing to optimize or rewrite.
  if (change.doc.revision === 0) return plan;
  const roots = selectArchivable(change.doc, new Date(plan.cutoff)).roots;
  const archived = roots.length > 0 ? archiveTasks(change, roots, { force: false }) : [];
  if (plan.eventsArchiveFile) tx.archiveEvents(plan.eventsMoved);
  tx.emit({ op: 'optimize', actor: change.actor, data: { archived: archived.length, eventsMoved: plan.eventsMoved, cutoff: plan.cutoff } });
  return { ...plan, taskIds: archived.map((task) => task.id) };
}
