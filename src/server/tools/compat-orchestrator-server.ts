import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { dependencyListField, requiredDescriptionField, resultField, taskIdSchema, workerIdSchema, type TaskView } from '../../core/index.js';
import { OrchestratorError } from '../../errors.js';
import type { Connection } from '../connection.js';
import { legacyTaskOutput } from '../outputs.js';
import { ADDITIVE, DESTRUCTIVE, defineTool, jsonOutput, READ_ONLY } from '../tool.js';

const TASK_OUTPUT = z.object({ task: legacyTaskOutput });
const TASKS_OUTPUT = z.object({ tasks: z.array(legacyTaskOutput) });
/**
 * The tools of the small "orchestrator-server" (id/instance_id style), with its tool and argument names and its
 * JSON answers, mapped onto this store: prompts written for it keep working, with claims that are atomic
 * across processes and dependencies that are checked.
 */
export function registerCompatOrchestratorServerTools(server: McpServer, connection: Connection): void {
  const idArg = taskIdSchema.describe('Unique identifier for the task');
  const instanceArg = workerIdSchema.describe('ID of the instance (agent) doing the work');

  defineTool(
    server,
    connection,
    'create_task',
    {
      title: 'Create a task',
      description: 'Create a new task with optional dependencies (ids of tasks that must be completed first).',
      input: {
        id: idArg,
        description: requiredDescriptionField.describe('Description of the task'),
        dependencies: dependencyListField.optional().describe('IDs of tasks that must be completed first'),
      },
      output: TASK_OUTPUT,
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.create(
        { id: args.id, title: titleOf(args.description), description: args.description, dependencies: args.dependencies ?? [] },
        connection.defaultWorker(),
        call.change(),
      );
      return jsonOutput(legacy(task), { task: legacy(task) });
    },
  );

  defineTool(
    server,
    connection,
    'get_next_task',
    {
      title: 'Get the next available task',
      description: 'Get and claim the next task whose dependencies are completed. Answers {"status": "no_tasks"} when none is available.',
      input: { instance_id: instanceArg.describe('ID of the instance requesting work') },
      output: z.object({ task: legacyTaskOutput.nullable(), status: z.literal('no_tasks').optional() }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.next({ worker: args.instance_id }, call.change());
      if (!task) return jsonOutput({ status: 'no_tasks' }, { status: 'no_tasks', task: null });
      return jsonOutput(legacy(task), { task: legacy(task) });
    },
  );

  defineTool(
    server,
    connection,
    'complete_task',
    {
      title: 'Complete a task',
      description:
        'Mark a task as completed with its result. Only the instance the task is assigned to may complete it. Answers with the tasks it unlocked.',
      input: {
        task_id: taskIdSchema.describe('ID of the task to complete'),
        instance_id: instanceArg.describe('ID of the instance completing the task'),
        result: resultField.describe('Result or output from the task'),
      },
      output: z.object({ completed_task: legacyTaskOutput, unlocked_tasks: z.array(legacyTaskOutput) }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.complete(args.task_id, { worker: args.instance_id, result: args.result }, call.change());
      const details = await connection.service.get(task.id);
      const unlocked = details.dependents.filter((dependent) => dependent.ready).map(legacy);
      const body = { completed_task: legacy(task), unlocked_tasks: unlocked };
      return jsonOutput(body, body);
    },
  );

  defineTool(
    server,
    connection,
    'get_task_status',
    {
      title: 'Status of all tasks',
      description: 'Get the status of all tasks.',
      input: {},
      output: TASKS_OUTPUT,
      annotations: READ_ONLY,
    },
    async () => {
      const { tasks } = await connection.service.list();
      const all = tasks.map(legacy);
      return jsonOutput(all, { tasks: all });
    },
  );

  defineTool(
    server,
    connection,
    'get_task_details',
    {
      title: 'Details of a task',
      description: 'Get the details of one task.',
      input: { task_id: taskIdSchema.describe('ID of the task to get details for') },
      output: TASK_OUTPUT,
      annotations: READ_ONLY,
    },
    async (args) => {
      const { task } = await connection.service.get(args.task_id);
      return jsonOutput(legacy(task), { task: legacy(task) });
    },
  );

  defineTool(
    server,
    connection,
    'update_task',
    {
      title: 'Update a pending task',
      description: 'Change the description or the dependencies of a task that has not started. Dependency cycles are refused.',
      input: {
        task_id: taskIdSchema.describe('ID of the task to update'),
        description: requiredDescriptionField.optional().describe('New description of the task'),
        dependencies: dependencyListField.optional().describe('New list of IDs of tasks that must be completed first'),
      },
      output: TASK_OUTPUT,
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const { task: current } = await connection.service.get(args.task_id);
      if (current.status !== 'pending') {
        throw new OrchestratorError(`Task ${args.task_id} is ${current.status}; only pending tasks can be updated.`, { code: 'CONFLICT' });
      }
      const task = await connection.service.update(
        args.task_id,
        {
          ...(args.description && { description: args.description, title: titleOf(args.description) }),
          ...(args.dependencies && { dependencies: args.dependencies }),
        },
        connection.defaultWorker(),
        call.change(),
      );
      return jsonOutput(legacy(task), { task: legacy(task) });
    },
  );

  defineTool(
    server,
    connection,
    'delete_task',
    {
      title: 'Delete a task',
      description: 'Delete a task. Refused while other tasks depend on it.',
      input: { task_id: taskIdSchema.describe('ID of the task to delete') },
      output: z.object({ deleted: z.array(z.string()) }),
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const deleted = await connection.service.delete(args.task_id, { actor: connection.defaultWorker(), force: false }, call.change());
      const body = { deleted: deleted.map((task) => task.id) };
      return jsonOutput(body, body);
    },
  );
}

/** A task in the shape the original server answered with. */
export function legacy(task: TaskView) {
  return {
    id: task.id,
    description: task.description || task.title,
    status: task.status,
    dependencies: task.dependencies,
    ...(task.assignee && { assignedTo: task.assignee }),
    ...((task.result ?? task.summary) !== null && { result: task.result ?? task.summary }),
  };
}

export function titleOf(description: string): string {
  const line = description.trim().split('\n')[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
