import { OrchestratorError } from '../errors.js';
import type { Task } from './schemas.js';

// A claim token names one claim of a task: the task, the attempt, and when that claim started. It lets whoever
// holds it complete, fail or heartbeat the task from any connection (an agent whose connection was replaced gets
// a new default worker id, but keeps its token); a token of an earlier claim is refused.

/** The token of the claim a task is under, or null when nobody holds it. */
export function claimTokenOf(task: Task): string | null {
  if (task.status !== 'in_progress' || task.startedAt === null) return null;
  return `${task.id}:${task.attempts + 1}:${Date.parse(task.startedAt).toString(36)}`;
}

interface ClaimToken {
  taskId: string;
  attempt: number;
  startedMs: number;
}

function parseClaimToken(token: string): ClaimToken {
  const match = /^([A-Za-z0-9._-]{1,64}):(\d{1,6}):([0-9a-z]{1,12})$/.exec(token);
  if (!match) {
    throw new OrchestratorError(`"${token}" is not a claim token.`, {
      code: 'INVALID_INPUT',
      hint: 'Pass the claimToken a claim returned (e.g. "t12:1:m9x2k3a0"), or leave it out and give the worker id.',
    });
  }
  return { taskId: match[1]!, attempt: Number(match[2]), startedMs: parseInt(match[3]!, 36) };
}

/**
 * The worker a claim token acts for: the holder of the task, when the token names the claim the task is under.
 * A token of a claim that ended (the lease expired and the task was re-queued, or it was finished or reset) is
 * refused with what became of the task and who holds it now.
 */
export function holderByToken(task: Task, token: string): string {
  const claim = parseClaimToken(token);
  if (claim.taskId !== task.id) {
    throw new OrchestratorError(`The claim token ${token} is for task "${claim.taskId}", not "${task.id}".`, {
      code: 'INVALID_INPUT',
      hint: `Pass task_id "${claim.taskId}", or the token of your claim on "${task.id}".`,
    });
  }
  const current = task.startedAt === null ? NaN : Date.parse(task.startedAt);
  if (task.status === 'in_progress' && task.assignee !== null && current === claim.startedMs) return task.assignee;
  throw new OrchestratorError(`The claim ${token} on task "${task.id}" (attempt ${claim.attempt}) is over: ${whatBecame(task)}.`, {
    code: 'CONFLICT',
    hint:
      task.status === 'pending'
        ? 'Claim it again to work on it.'
        : task.status === 'in_progress'
          ? 'Leave it to its holder, or take another task.'
          : 'Leave it; take another task.',
    details: { claimToken: token, status: task.status, assignee: task.assignee, currentClaim: claimTokenOf(task) },
  });
}

function whatBecame(task: Task): string {
  switch (task.status) {
    case 'in_progress':
      return `the task was re-queued and is held by ${task.assignee} now (attempt ${task.attempts + 1}, lease until ${task.lease?.expiresAt ?? '?'})`;
    case 'pending':
      return 'the task was re-queued (its lease expired, it was revised or reset) and nobody holds it now';
    case 'completed':
      return `the task was completed${task.assignee ? ` by ${task.assignee}` : ''} at ${task.completedAt}`;
    case 'failed':
      return `the task failed${task.assignee ? ` (last held by ${task.assignee})` : ''}: ${task.error ?? 'no error given'}`;
    case 'cancelled':
      return 'the task was cancelled';
  }
}
