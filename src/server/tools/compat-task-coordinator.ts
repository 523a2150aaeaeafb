import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import {
  dependencyListField,
  descriptionField,
  FIELD_LIMITS,
  requiredDescriptionField,
  resultField,
  slotNumberSchema,
  taskIdSchema,
  workerIdSchema,
  type TaskView,
} from '../../core/index.js';
import { OrchestratorError } from '../../errors.js';
import type { Connection } from '../connection.js';
import { legacyTaskOutput } from '../outputs.js';
import { ADDITIVE, ADDITIVE_IDEMPOTENT, DESTRUCTIVE, defineTool, jsonOutput, READ_ONLY } from '../tool.js';
import { titleOf } from './compat-orchestrator-server.js';

const LEGACY_STATUS = {
  pending: 'available',
  in_progress: 'working',
  completed: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;

const TASK_OUTPUT = z.object({ task: legacyTaskOutput });
const TASKS_OUTPUT = z.object({ tasks: z.array(legacyTaskOutput) });
/**
 * The tools of the "task coordinator" server (taskId/workerId/workerSlot style), with its tool and argument
 * names, mapped onto this store. Slots are kept in the store, so every process sees the same ones; a slot whose
 * worker vanished is freed after the lease time instead of leaking.
 */
export function registerCompatTaskCoordinatorTools(server: McpServer, connection: Connection): void {
  const taskIdArg = taskIdSchema.describe('The ID of the task');
  const workerArg = workerIdSchema.describe('The ID of the worker');
  const slotArg = slotNumberSchema.describe('The worker slot number (from claim_worker_slot)');

  defineTool(
    server,
    connection,
    'claim_worker_slot',
    {
      title: 'Claim a worker slot',
      description: 'Claim an available worker slot. Returns the slot number; an error when every slot is taken.',
      input: {},
      output: z.object({ slot: z.number().int(), workerId: z.string() }),
      annotations: ADDITIVE,
    },
    async (_args, call) => {
      const { slot, worker } = await connection.service.claimSlot(undefined, connection.defaultWorker(), call.change());
      return { text: `Successfully claimed worker slot ${slot}`, data: { slot, workerId: worker } };
    },
  );

  defineTool(
    server,
    connection,
    'release_worker_slot',
    {
      title: 'Release a worker slot',
      description: 'Release a worker slot when done with all tasks.',
      input: { slot: slotArg.describe('The worker slot number to release') },
      output: z.object({ slot: z.number().int(), released: z.boolean(), worker: z.string().nullable() }),
      annotations: ADDITIVE_IDEMPOTENT,
    },
    async (args, call) => {
      const result = await connection.service.releaseSlot(args.slot, connection.defaultWorker(), call.change());
      return { text: `Released worker slot ${args.slot}`, data: { slot: args.slot, ...result } };
    },
  );

  defineTool(
    server,
    connection,
    'get_workers',
    {
      title: 'Worker slots',
      description: 'Get the current state of all worker slots.',
      input: {},
      output: z.object({
        workers: z.array(z.object({ slot: z.number().int(), active: z.boolean(), workerId: z.string().optional(), taskId: z.string().optional() })),
      }),
      annotations: READ_ONLY,
    },
    async () => {
      const { workers, slots } = await connection.service.workers();
      const count = slots.limit > 0 ? slots.limit : Math.max(0, ...workers.map((worker) => worker.slot ?? 0));
      const list = Array.from({ length: count }, (_, index) => {
        const holder = workers.find((worker) => worker.slot === index + 1 && !worker.stale);
        return {
          slot: index + 1,
          active: Boolean(holder),
          ...(holder && { workerId: holder.id }),
          ...(holder?.holding[0] && { taskId: holder.holding[0].id }),
        };
      });
      return jsonOutput(list, { workers: list });
    },
  );

  defineTool(
    server,
    connection,
    'add_task',
    {
      title: 'Add a task',
      description: 'Add a new task to the system.',
      input: {
        id: taskIdSchema.describe('Unique task ID'),
        description: requiredDescriptionField.describe('Task description'),
        dependencies: dependencyListField.optional().describe('Array of task IDs this task depends on'),
        output: descriptionField.optional().describe('Expected output description'),
      },
      output: TASK_OUTPUT,
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.create(
        {
          id: args.id,
          title: titleOf(args.description),
          description: args.description,
          dependencies: args.dependencies ?? [],
          metadata: args.output ? { expectedOutput: args.output } : {},
        },
        connection.defaultWorker(),
        call.change(),
      );
      return { text: `Added task ${task.id}`, data: { task: legacy(task) } };
    },
  );

  defineTool(
    server,
    connection,
    'get_available_tasks',
    {
      title: 'Available tasks',
      description: 'Get all available tasks that have their dependencies met.',
      input: {},
      output: TASKS_OUTPUT,
      annotations: READ_ONLY,
    },
    async () => {
      const { tasks } = await connection.service.list({ ready: true });
      const list = tasks.map(legacy);
      return jsonOutput(list, { tasks: list });
    },
  );

  defineTool(
    server,
    connection,
    'get_all_tasks',
    {
      title: 'All tasks',
      description: 'Get the current state of all tasks.',
      input: {},
      output: TASKS_OUTPUT,
      annotations: READ_ONLY,
    },
    async () => {
      const { tasks } = await connection.service.list();
      const list = tasks.map(legacy);
      return jsonOutput(list, { tasks: list });
    },
  );

  defineTool(
    server,
    connection,
    'claim_task',
    {
      title: 'Claim a task',
      description: 'Claim a specific task for a worker in its slot. Refused when the task is taken or its dependencies are not done.',
      input: {
        taskId: taskIdArg.describe('The ID of the task to claim'),
        workerId: workerArg.describe('The ID of the worker claiming the task'),
        workerSlot: slotArg,
      },
      output: TASK_OUTPUT,
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const task = await connection.service.startInSlot(args.taskId, { worker: args.workerId, slot: args.workerSlot }, call.change());
      return { text: `Successfully claimed task ${task.id} for worker ${args.workerId}`, data: { task: legacy(task) } };
    },
  );

  defineTool(
    server,
    connection,
    'update_task',
    {
      title: "Update a task's status",
      description: 'Update the status of a task the worker holds: done (with output) or failed (with error); working renews the claim.',
      input: {
        taskId: taskIdArg.describe('The ID of the task to update'),
        status: z.enum(['working', 'done', 'failed']).describe('The new status of the task'),
        workerId: workerArg.describe('The ID of the worker updating the task'),
        output: resultField.optional().describe('Optional output information'),
        error: z.string().max(FIELD_LIMITS.error).optional().describe('Optional error information (for failed tasks)'),
      },
      output: TASK_OUTPUT,
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const { service } = connection;
      const worker = args.workerId;
      const task =
        args.status === 'done'
          ? await service.complete(args.taskId, { worker, ...(args.output !== undefined && { result: args.output }) }, call.change())
          : args.status === 'failed'
            ? await service.fail(args.taskId, { worker, error: args.error || args.output || 'failed' }, call.change())
            : await service.start(args.taskId, { worker }, call.change());
      return { text: `Successfully updated task ${task.id} to ${args.status}`, data: { task: legacy(task) } };
    },
  );

  defineTool(
    server,
    connection,
    'reset_failed_task',
    {
      title: 'Reset a failed task',
      description: 'Reset a failed task back to available status.',
      input: { taskId: taskIdArg.describe('The ID of the failed task to reset') },
      output: TASK_OUTPUT,
      annotations: DESTRUCTIVE,
    },
    async (args, call) => {
      const { task: current } = await connection.service.get(args.taskId);
      if (current.status !== 'failed') {
        throw new OrchestratorError(`Task ${args.taskId} is ${LEGACY_STATUS[current.status]}, not failed; only failed tasks are reset here.`, {
          code: 'CONFLICT',
        });
      }
      const task = await connection.service.reset(args.taskId, { actor: connection.defaultWorker() }, call.change());
      return { text: `Reset task ${task.id} to available`, data: { task: legacy(task) } };
    },
  );
}

/** A task in the shape the original coordinator answered with. */
function legacy(task: TaskView) {
  const expected = typeof task.metadata.expectedOutput === 'string' ? task.metadata.expectedOutput : null;
  const output = task.result ?? expected;
  return {
    id: task.id,
    description: task.description || task.title,
    status: LEGACY_STATUS[task.status],
    dependencies: task.dependencies,
    ...(task.assignee && { worker: task.assignee }),
    ...(output !== null && { output }),
    ...(task.error && { error: task.error }),
    ...(task.startedAt && { startedAt: task.startedAt }),
    ...(task.completedAt && { completedAt: task.completedAt }),
  };
}
