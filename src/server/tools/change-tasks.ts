import { isInputRequiredResult, type McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { BULK_ACTIONS, dependencyListField, reasonField, type BulkInput, type UpdateTaskInput } from '../../core/index.js';
import { dependenciesArg, priorityArg, roleArg, tagsArg, taskFilterArgs, taskIdArg, toTaskFilter } from '../args.js';
import type { Connection } from '../connection.js';
import { taskViewOutput } from '../outputs.js';
import { plural, taskLines } from '../present.js';
import { DESTRUCTIVE, defineTool, forced } from '../tool.js';

const ids = z.array(z.string());

/**
 * One action on many tasks, in one change: all of them or none. In the tasks toolset, not in the default profile:
 * an agent's loop does not need it, and every agent pays for each listed tool.
 */
export function registerChangeTasksTool(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_change_tasks',
    {
      title: 'Change many tasks at once',
      description:
        'Updates, cancels, resets or deletes every task named in task_ids, or every task the filter matches, in one change: if any ' +
        'is refused, nothing changes. dry_run shows what would change (refusals included).',
      input: {
        action: z.enum(BULK_ACTIONS).describe('update (with changes), cancel, reset (back to pending) or delete'),
        task_ids: z.array(taskIdArg).min(1).max(10_000).optional().describe('The tasks (or give filter)'),
        filter: z.object(taskFilterArgs).optional().describe('Or choose the tasks by what they are, when the change is made'),
        changes: z
          .object({
            priority: priorityArg,
            specialist_type: roleArg.nullable().optional().describe('New role, or null for none'),
            parent_id: taskIdArg.nullable().optional().describe('Move into this plan, or null'),
            add_dependencies: dependenciesArg.optional(),
            remove_dependencies: dependencyListField.optional().describe('Remove these dependencies'),
            add_tags: tagsArg.optional(),
            remove_tags: tagsArg.optional(),
          })
          .optional()
          .describe('For update: the fields to set on every task'),
        reason: reasonField.optional().describe('For cancel: why'),
        force: z.boolean().default(false).describe('Even though other tasks depend on them (or, for reset, they are held or done)'),
        dry_run: z.boolean().default(false).describe('Only show what would change'),
      },
      output: z.object({
        action: z.enum(BULK_ACTIONS),
        dryRun: z.boolean(),
        selected: ids.describe('The tasks chosen: the ids given, or those the filter matched'),
        tasks: z.array(taskViewOutput).describe("Every task changed, as it is afterwards (a cancelled plan's subtasks too)"),
        deleted: ids,
        covered: ids.describe('Chosen tasks an earlier step of the same change already took care of'),
      }),
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const selection = {
        ...(args.task_ids && { ids: args.task_ids }),
        ...(args.filter && { filter: toTaskFilter(args.filter) }),
      };
      const base = { actor: connection.defaultWorker(), ...selection };
      const input = (force: boolean): BulkInput => {
        switch (args.action) {
          case 'update':
            return { ...base, force, action: 'update', patch: patchOf(args.changes ?? {}) };
          case 'cancel':
            return { ...base, force, action: 'cancel', ...(args.reason && { reason: args.reason }) };
          default:
            return { ...base, force, action: args.action };
        }
      };
      const result = args.dry_run
        ? await connection.service.bulk(input(args.force), { dryRun: true, waiting: call.change() })
        : await forced(connection, call, args.force, (force) => connection.service.bulk(input(force), { waiting: call.change() }));
      if (isInputRequiredResult(result)) return result;
      const data = { ...result, dryRun: args.dry_run, deleted: result.deleted.map((task) => task.id) };
      const done = { update: 'Updated', cancel: 'Cancelled', reset: 'Reset', delete: 'Deleted' }[args.action];
      const count = plural(args.action === 'delete' ? result.deleted.length : result.tasks.length, 'task');
      const head =
        result.selected.length === 0
          ? 'No task matches; nothing changed.'
          : args.dry_run
            ? `Would ${args.action} ${count} (nothing was changed):`
            : `${done} ${count} in one change:`;
      const body = args.action === 'delete' ? result.deleted.map((task) => `- ${task.id} ${task.title}`).join('\n') : taskLines(result.tasks);
      return { text: result.selected.length === 0 ? head : `${head}\n${body}`, data };
    },
  );
}

function patchOf(changes: {
  priority?: UpdateTaskInput['priority'];
  specialist_type?: string | null | undefined;
  parent_id?: string | null | undefined;
  add_dependencies?: string[] | undefined;
  remove_dependencies?: string[] | undefined;
  add_tags?: string[] | undefined;
  remove_tags?: string[] | undefined;
}): UpdateTaskInput {
  return {
    priority: changes.priority,
    role: changes.specialist_type,
    parentId: changes.parent_id,
    addDependencies: changes.add_dependencies,
    removeDependencies: changes.remove_dependencies,
    addTags: changes.add_tags,
    removeTags: changes.remove_tags,
  };
}
