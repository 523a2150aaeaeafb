import { isInputRequiredResult, type McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  complexityField,
  dependencyListField,
  descriptionField,
  effortField,
  metadataSchema,
  reasonField,
  titleField,
  type TaskFilter,
} from '../../core/index.js';
import { dependenciesArg, priorityArg, roleArg, tagsArg, taskFilterArgs, taskIdArg, toTaskFilter } from '../args.js';
import type { Connection } from '../connection.js';
import { plural, taskLine, taskLines } from '../present.js';
import { taskListOutput, taskViewOutput } from '../outputs.js';
import { ADDITIVE, DESTRUCTIVE, defineTool, forced, READ_ONLY } from '../tool.js';

const taskOutput = z.object({ task: taskViewOutput });

const metadataArg = metadataSchema.describe('Free-form data; on update keys merge, and null removes one');

/** Generic tasks: create, change, remove and find tasks outside the plan workflow. */
export function registerTaskTools(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_create_generic_task',
    {
      title: 'Create a task',
      description: 'Creates one task, optionally in a plan (parent_id), with dependencies, role, priority, tags and metadata.',
      input: {
        title: titleField.describe('Short name'),
        description: descriptionField.optional().describe('What to do'),
        task_id: taskIdArg.optional().describe('Your own id (default: generated, e.g. "t7")'),
        parent_id: taskIdArg.optional().describe('Make it a subtask of this plan'),
        dependencies: dependenciesArg.optional(),
        specialist_type: roleArg.optional(),
        priority: priorityArg,
        tags: tagsArg.optional(),
        complexity: complexityField.optional().describe('E.g. simple, complex'),
        estimated_effort: effortField.optional().describe('E.g. "2 hours"'),
        metadata: metadataArg.optional(),
      },
      output: taskOutput,
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.create(
        {
          title: args.title,
          ...(args.description !== undefined && { description: args.description }),
          ...(args.task_id && { id: args.task_id }),
          ...(args.parent_id && { parentId: args.parent_id }),
          dependencies: args.dependencies ?? [],
          role: args.specialist_type ?? null,
          ...(args.priority && { priority: args.priority }),
          tags: args.tags ?? [],
          ...(args.complexity && { complexity: args.complexity }),
          ...(args.estimated_effort && { estimatedEffort: args.estimated_effort }),
          metadata: args.metadata ?? {},
        },
        connection.defaultWorker(),
        call.change(),
      );
      return { text: `Created ${taskLine(task)}.`, data: { task } };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_update_task',
    {
      title: 'Change a task',
      description: 'Changes the fields given. Dependencies are checked for unknown ids and cycles.',
      input: {
        task_id: taskIdArg,
        title: titleField.optional().describe('New title'),
        description: descriptionField.optional().describe('New description'),
        priority: priorityArg,
        specialist_type: roleArg.nullable().optional().describe('New specialist role, or null for none'),
        parent_id: taskIdArg.nullable().optional().describe('Move it into this plan, or null'),
        dependencies: dependenciesArg.optional().describe('Replace the dependency list'),
        add_dependencies: dependenciesArg.optional().describe('Add these dependencies'),
        remove_dependencies: dependencyListField.optional().describe('Remove these dependencies'),
        tags: tagsArg.optional().describe('Replace the tags'),
        complexity: complexityField.nullable().optional().describe('New complexity, or null'),
        estimated_effort: effortField.nullable().optional().describe('New effort estimate, or null'),
        metadata: metadataArg.optional(),
      },
      output: taskOutput,
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const task = await connection.service.update(
        args.task_id,
        {
          title: args.title,
          description: args.description,
          priority: args.priority,
          role: args.specialist_type,
          parentId: args.parent_id,
          dependencies: args.dependencies,
          addDependencies: args.add_dependencies,
          removeDependencies: args.remove_dependencies,
          tags: args.tags,
          complexity: args.complexity,
          estimatedEffort: args.estimated_effort,
          metadata: args.metadata,
        },
        connection.defaultWorker(),
        call.change(),
      );
      return { text: `Updated ${taskLine(task)}.`, data: { task } };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_delete_task',
    {
      title: 'Delete or archive a task',
      description:
        'Deletes a task for good (its history stays in the log), or archives it with archive_instead. Refused while tasks depend on it or it has subtasks, unless force (its subtasks go too).',
      input: {
        task_id: taskIdArg,
        force: z.boolean().default(false).describe('Even though tasks depend on it or it has subtasks'),
        archive_instead: z
          .boolean()
          .default(false)
          .describe('Archive the task and its subtasks instead; dependents still see a completed one as done'),
      },
      output: z.object({
        deleted: z.array(z.string()).optional().describe('Ids deleted (the task and its subtasks)'),
        archived: z.array(z.string()).optional().describe('Ids archived, with archive_instead'),
      }),
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const actor = connection.defaultWorker();
      if (args.archive_instead) {
        const archived = await forced(connection, call, args.force, (force) =>
          connection.service.archive([args.task_id], { actor, force }, call.change()),
        );
        if (isInputRequiredResult(archived)) return archived;
        const ids = archived.map((task) => task.id);
        return { text: `Archived ${ids.join(', ')}.`, data: { archived: ids } };
      }
      const deleted = await forced(connection, call, args.force, (force) => connection.service.delete(args.task_id, { actor, force }, call.change()));
      if (isInputRequiredResult(deleted)) return deleted;
      const ids = deleted.map((task) => task.id);
      return { text: `Deleted ${ids.join(', ')}.`, data: { deleted: ids } };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_cancel_task',
    {
      title: 'Cancel a task',
      description: "Cancels a task and a plan's unfinished subtasks. Refused while unfinished tasks depend on it, unless force.",
      input: {
        task_id: taskIdArg,
        reason: reasonField.optional().describe('Why it was cancelled; kept with the task'),
        force: z.boolean().default(false).describe('Even though unfinished tasks depend on it (they stay blocked)'),
      },
      output: z.object({ tasks: z.array(taskViewOutput).describe('Every task cancelled, the given one first') }),
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const actor = connection.defaultWorker();
      const cancelled = await forced(connection, call, args.force, (force) =>
        connection.service.cancel(args.task_id, { actor, force, ...(args.reason && { reason: args.reason }) }, call.change()),
      );
      if (isInputRequiredResult(cancelled)) return cancelled;
      return { text: `Cancelled ${plural(cancelled.length, 'task')}:\n${taskLines(cancelled)}`, data: { tasks: cancelled } };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_query_tasks',
    {
      title: 'Find tasks',
      description:
        'Lists tasks matching every filter given, oldest first, a page at a time. total counts the matches; counts covers the whole store.',
      input: {
        ...taskFilterArgs,
        offset: z.number().int().min(0).default(0).describe('Skip this many (next page)'),
        limit: z.number().int().min(1).max(500).default(50).describe('Page size'),
      },
      output: taskListOutput.extend({
        limit: z.number().int(),
        hasMore: z.boolean(),
        nextOffset: z.number().int().nullable().describe('The offset of the next page, or null on the last one'),
      }),
      annotations: READ_ONLY,
    },
    async (args) => {
      const filter: TaskFilter = { ...toTaskFilter(args), offset: args.offset, limit: args.limit };
      const result = await connection.service.list(filter);
      const end = result.offset + result.tasks.length;
      const hasMore = end < result.total;
      const head =
        result.total === 0
          ? 'No task matches.'
          : `Tasks ${result.offset + 1}-${end} of ${result.total}${hasMore ? ` (next page: offset ${end})` : ''}:`;
      return {
        text: result.total === 0 ? head : `${head}\n${taskLines(result.tasks, args.limit)}`,
        data: { ...result, limit: args.limit, hasMore, nextOffset: hasMore ? end : null },
      };
    },
  );
}
