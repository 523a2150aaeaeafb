import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { isInputRequiredResult } from '@modelcontextprotocol/server';
import { claimTokenOf, errorField, FIELD_LIMITS, type TaskView } from '../../core/index.js';
import { claimTokenArg, leaseSecondsArg, optionalWorkerIdArg, roleArg, taskIdArg } from '../args.js';
import type { Connection } from '../connection.js';
import { plural, taskLine } from '../present.js';
import { specialistContext } from '../specialist.js';
import { claimOutput, statusCountsOutput, taskViewOutput, workerListingOutput } from '../outputs.js';
import { ADDITIVE, ADDITIVE_IDEMPOTENT, DESTRUCTIVE, defineTool, forced, READ_ONLY } from '../tool.js';

/** What follows a task's specialist context: who holds it, until when, and how to finish it from any connection. */
export function claimFooter(task: TaskView, worker: string, claimToken: string | null): string {
  return (
    `\n\n---\nClaimed by ${worker} until ${task.lease?.expiresAt} (orchestrator_heartbeat extends it). ` +
    `Finish with orchestrator_complete_subtask or orchestrator_fail_task, task_id "${task.id}"` +
    (claimToken ? `, claim_token "${claimToken}" (it works from any connection).` : '.')
  );
}

/** Several agents on one store: claim the best ready task atomically, keep it alive, give it back. */
export function registerCoordinationTools(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_get_next_task',
    {
      title: 'Claim the next ready task',
      description:
        'Atomically claims the best ready task (by priority, then tasks waiting on it, then age) and returns it with its specialist context. No two workers ever get the same task. task is null when nothing is ready.',
      input: {
        worker_id: optionalWorkerIdArg,
        roles: z.array(roleArg).max(FIELD_LIMITS.roles).optional().describe('Only tasks for these roles (tasks without one suit all)'),
        plan_id: taskIdArg.optional().describe('Only subtasks of this plan'),
        lease_seconds: leaseSecondsArg,
      },
      output: claimOutput.partial({ claimToken: true, leaseExpiresAt: true, context: true }).extend({
        task: taskViewOutput.nullable().describe('The task claimed, or null when nothing is ready'),
        counts: statusCountsOutput.optional().describe('When nothing is ready: the tasks per status'),
      }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const { service } = connection;
      const roles = args.roles ?? [];
      const worker = args.worker_id ?? connection.defaultWorker();
      const task = await service.next(
        {
          worker,
          roles,
          ...(args.plan_id && { parentId: args.plan_id }),
          ...(args.lease_seconds && { leaseSeconds: args.lease_seconds }),
        },
        call.change(),
      );
      if (!task) {
        const { counts } = await service.list({ limit: 1 });
        const text = `Nothing is ready for ${worker}${roles.length > 0 ? ` (roles ${roles.join(', ')})` : ''}: ${counts.pending} pending (waiting for dependencies or other roles), ${counts.in_progress} in progress. Try again after other tasks complete.`;
        return { text, data: { task: null, workerId: worker, counts } };
      }
      connection.remember(task.id, worker);
      const context = await specialistContext(connection, task);
      const claimToken = claimTokenOf(task);
      return {
        text: context.markdown + claimFooter(task, worker, claimToken),
        data: { task, workerId: worker, claimToken, leaseExpiresAt: task.lease?.expiresAt ?? null, context: context.structured },
      };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_heartbeat',
    {
      title: 'Extend a claim',
      description: 'Extends the lease on a task you hold, so it is not handed to another worker while you work.',
      input: { task_id: taskIdArg, claim_token: claimTokenArg, worker_id: optionalWorkerIdArg, lease_seconds: leaseSecondsArg },
      output: z.object({ task: taskViewOutput, claimToken: z.string().nullable(), leaseExpiresAt: z.string().nullable() }),
      annotations: ADDITIVE_IDEMPOTENT,
    },
    async (args, call) => {
      const task = await connection.service.heartbeat(
        args.task_id,
        {
          worker: connection.workerFor(args.task_id, args.worker_id),
          ...(args.claim_token && { claimToken: args.claim_token }),
          ...(args.lease_seconds && { leaseSeconds: args.lease_seconds }),
        },
        call.change(),
      );
      return {
        text: `${task.id} is held by ${task.assignee} until ${task.lease?.expiresAt}.`,
        data: { task, claimToken: claimTokenOf(task), leaseExpiresAt: task.lease?.expiresAt ?? null },
      };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_fail_task',
    {
      title: 'Report a task as failed',
      description: 'Marks a task you hold as failed, with the error. Its dependents stay blocked until it is reset and done.',
      input: {
        task_id: taskIdArg,
        error: errorField.describe('What went wrong, for whoever retries'),
        claim_token: claimTokenArg,
        worker_id: optionalWorkerIdArg,
      },
      output: z.object({ task: taskViewOutput }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.fail(
        args.task_id,
        {
          worker: connection.workerFor(args.task_id, args.worker_id),
          ...(args.claim_token && { claimToken: args.claim_token }),
          error: args.error,
        },
        call.change(),
      );
      const reset = connection.offers('orchestrator_reset_task') ? 'orchestrator_reset_task' : '`orchestrator tasks reset`';
      return {
        text: `${task.id} failed (attempt ${task.attempts} of ${task.maxAttempts}). ${reset} returns it to pending when it can be retried.`,
        data: { task },
      };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_reset_task',
    {
      title: 'Return a task to pending',
      description:
        'Returns a failed, cancelled or expired task to pending with fresh attempts. A task held with a live lease, or completed, needs force.',
      input: {
        task_id: taskIdArg,
        force: z
          .boolean()
          .default(false)
          .describe('Take the task back even from a live holder or from completed; only when you know its holder is gone or the result is wrong'),
        worker_id: optionalWorkerIdArg.describe('Who resets it (kept in the history)'),
      },
      output: z.object({ task: taskViewOutput }),
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const actor = args.worker_id ?? connection.defaultWorker();
      const task = await forced(connection, call, args.force, (force) => connection.service.reset(args.task_id, { actor, force }, call.change()));
      if (isInputRequiredResult(task)) return task;
      return { text: `${taskLine(task)}: back to pending.`, data: { task } };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_list_workers',
    {
      title: 'List workers',
      description: 'Every worker of this store: what it holds and until when, when it was last seen, its slot, and the slot limit.',
      input: {},
      output: workerListingOutput,
      annotations: READ_ONLY,
    },
    async () => {
      const listing = await connection.service.workers();
      const lines = listing.workers.map((worker) => {
        const held = worker.holding.length > 0 ? `holds ${worker.holding.map((task) => task.id).join(', ')}` : 'holds nothing';
        return `- ${worker.id}: ${held}, last seen ${worker.idleSeconds} s ago${worker.slot !== null ? `, slot ${worker.slot}` : ''}${worker.stale ? ' (stale)' : ''}`;
      });
      const slots =
        listing.slots.limit === 0 ? `${listing.slots.used} slots in use (no limit)` : `${listing.slots.used} of ${listing.slots.limit} slots in use`;
      return { text: [`${plural(listing.workers.length, 'worker')}; ${slots}.`, ...lines].join('\n'), data: { ...listing } };
    },
  );
}
