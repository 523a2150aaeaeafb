import type { LoggedEvent } from '../store/index.js';
import type { IntegrityProblem } from './integrity.js';
import type { StoreDocument, TaskStatus } from './schemas.js';

/** What the history says a task should look like now: from the last event that changed it. */
interface Expected {
  event: LoggedEvent;
  /** Absent: removed from the store (deleted or archived). */
  status?: TaskStatus;
  /** Who must hold it or have finished it, for the events a worker makes. */
  assignee?: string;
  archived?: boolean;
}

/** Events made by the worker who then holds (or finished) the task. */
const WORKER_EVENTS = new Set(['claim', 'complete', 'fail']);
/** Events that leave the holder as it was. */
const KEEPS_HOLDER = new Set(['heartbeat', 'renew', 'update']);

/**
 * Whether events.jsonl and the store agree: the last event of each task says what the task must look like now
 * (its status, and for claims and completions who holds it), and a task made after the history begins must have
 * an event that made it. A claim or a completion whose effect is missing, or a change without its event, is a
 * store that lost or gained something behind the history's back (a crash of a version without fencing, a hand
 * edit, a restore of only one of the two files).
 */
export function checkHistory(doc: Pick<StoreDocument, 'tasks' | 'archived'>, events: readonly LoggedEvent[]): IntegrityProblem[] {
  const expected = new Map<string, Expected>();
  let since: string | undefined = events[0]?.ts;
  for (const event of events) {
    if (event.op === 'restore') {
      // What came before a restore describes a store that was replaced.
      expected.clear();
      since = event.ts;
      continue;
    }
    if (typeof event.taskId !== 'string') continue;
    if (event.op === 'delete' || event.op === 'archive') {
      expected.set(event.taskId, { event, archived: event.op === 'archive' });
    } else if (typeof event.to === 'string') {
      const worker = WORKER_EVENTS.has(String(event.op)) && typeof event.actor === 'string' ? event.actor : undefined;
      const before = expected.get(event.taskId);
      // A heartbeat or an update keeps the holder of the last claim.
      const assignee = worker ?? (KEEPS_HOLDER.has(String(event.op)) ? before?.assignee : undefined);
      expected.set(event.taskId, { event, status: event.to as TaskStatus, ...(assignee && { assignee }) });
    }
  }

  const problems: IntegrityProblem[] = [];
  const mismatch = (taskId: string, message: string) => problems.push({ kind: 'history-mismatch', taskIds: [taskId], message, safeFix: false });
  for (const [taskId, want] of expected) {
    const task = Object.hasOwn(doc.tasks, taskId) ? doc.tasks[taskId] : undefined;
    const said = `the history says ${describeEvent(want.event)}`;
    if (want.status === undefined) {
      if (task) mismatch(taskId, `${taskId}: ${said}, but the store still has it (${task.status}).`);
      else if (want.archived && !Object.hasOwn(doc.archived, taskId)) mismatch(taskId, `${taskId}: ${said}, but the store has no record of it.`);
      continue;
    }
    if (!task) {
      if (!Object.hasOwn(doc.archived, taskId)) mismatch(taskId, `${taskId}: ${said}, but the store has no such task.`);
      continue;
    }
    if (task.status !== want.status) {
      mismatch(taskId, `${taskId}: ${said}, but the store has it ${task.status}.`);
    } else if (want.assignee !== undefined && (want.status === 'in_progress' || want.status === 'completed') && task.assignee !== want.assignee) {
      mismatch(
        taskId,
        `${taskId}: ${said}, but the store has it ${task.status === 'in_progress' ? 'held' : 'finished'} by ${task.assignee ?? 'nobody'}.`,
      );
    }
  }
  if (since !== undefined) {
    for (const id in doc.tasks) {
      const task = doc.tasks[id]!;
      if (!expected.has(id) && task.createdAt > since) {
        mismatch(id, `${id}: the store has it ${task.status} (created ${task.createdAt}), but the history has no event for it.`);
      }
    }
  }
  return problems;
}

function describeEvent(event: LoggedEvent): string {
  const by = typeof event.actor === 'string' ? ` by ${event.actor}` : '';
  const what = event.op === 'delete' || event.op === 'archive' ? `${event.op}d` : `${event.op} → ${String(event.to)}`;
  return `${what}${by} (revision ${event.rev}, ${event.ts})`;
}
