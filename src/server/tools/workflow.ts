import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { claimTokenOf, contextField, requiredDescriptionField, titleField, type TaskView } from '../../core/index.js';
import { planDescription } from '../../core/operations/plan.js';
import { leaseSecondsArg, optionalWorkerIdArg, taskIdArg } from '../args.js';
import type { Connection } from '../connection.js';
import { plural, taskLines } from '../present.js';
import { specialistContext } from '../specialist.js';
import { claimOutput, planEntryOutput, planProgressOutput, statusCountsOutput, synthesisOutput, taskViewOutput } from '../outputs.js';
import { ADDITIVE, ADDITIVE_IDEMPOTENT, defineTool, READ_ONLY } from '../tool.js';
import { registerCompleteSubtask } from './complete-subtask.js';
import { registerSessionTool } from './session.js';
import { claimFooter } from './coordination.js';
import { COMPLEXITY_LEVELS, subtaskListArg, subtasksFrom, toSubtaskInputs } from './plan-args.js';
import { planText, progressText, synthesisText } from './workflow-text.js';

/** The orchestration loop one agent follows in one conversation: session, plan, execute, complete, synthesize. */
export function registerWorkflowTools(server: McpServer, connection: Connection): void {
  registerSessionTool(server, connection);

  defineTool(
    server,
    connection,
    'orchestrator_plan_task',
    {
      title: 'Plan work as subtasks',
      description:
        'Creates a plan and its subtasks in one change, each with a specialist_type and dependencies (titles or ids). Nothing is created if anything is wrong (unknown dependency or role, cycle). Returns the subtask ids in dependency order.',
      input: {
        description: requiredDescriptionField.describe('The goal and what "done" means'),
        title: titleField.optional().describe('Short name (default: first line of description)'),
        subtasks: subtaskListArg.optional(),
        subtasks_json: z.string().max(2_000_000).optional().describe('The subtasks as a JSON string, for clients that send one'),
        complexity_level: z.enum(COMPLEXITY_LEVELS).optional().describe('Of the whole plan'),
        context: contextField.optional().describe('Background every subtask may need; shown with each'),
      },
      output: z.object({
        planId: z.string(),
        plan: planEntryOutput,
        subtasks: z.array(planEntryOutput),
        order: z.array(z.string()).describe('Subtask ids in dependency order'),
        next: planEntryOutput.nullable(),
      }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const subtasks = toSubtaskInputs(subtasksFrom(args));
      const { plan, subtasks: created } = await connection.service.createPlan(
        {
          ...(args.title && { title: args.title }),
          description: planDescription(args.description, args.context),
          complexity: args.complexity_level ?? null,
          context: args.context ?? null,
          subtasks,
        },
        connection.defaultWorker(),
        call.change(),
      );
      const next = created.find((task) => task.ready);
      return {
        text: planText(connection, plan, created, next),
        data: {
          planId: plan.id,
          plan: planEntry(plan),
          subtasks: created.map(planEntry),
          order: created.map((task) => task.id),
          next: next ? planEntry(next) : null,
        },
      };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_execute_subtask',
    {
      title: 'Claim a subtask and get its specialist context',
      description:
        'Claims the subtask you name (refused while its dependencies are unfinished or another worker holds it) and returns its specialist context: role, approach, expected output, the task, and what the tasks before it produced.',
      input: { task_id: taskIdArg, worker_id: optionalWorkerIdArg, lease_seconds: leaseSecondsArg },
      output: claimOutput,
      annotations: ADDITIVE_IDEMPOTENT,
    },
    async (args, call) => {
      const worker = connection.workerFor(args.task_id, args.worker_id);
      const task = await connection.service.start(
        args.task_id,
        { worker, ...(args.lease_seconds && { leaseSeconds: args.lease_seconds }) },
        call.change(),
      );
      connection.remember(task.id, worker);
      const context = await specialistContext(connection, task);
      const claimToken = claimTokenOf(task);
      return {
        text: context.markdown + claimFooter(task, worker, claimToken),
        data: { task, workerId: worker, claimToken, leaseExpiresAt: task.lease?.expiresAt ?? null, context: context.structured },
      };
    },
  );

  registerCompleteSubtask(server, connection);

  defineTool(
    server,
    connection,
    'orchestrator_synthesize_results',
    {
      title: "Synthesize a plan's results",
      description: "Pulls a plan together: each subtask's summary by role, artifact resources, files touched, and what is still open.",
      input: { parent_task_id: taskIdArg.describe('The plan id') },
      output: synthesisOutput,
      annotations: READ_ONLY,
    },
    async (args) => {
      const synthesis = await connection.service.synthesize(args.parent_task_id);
      return { text: synthesisText(synthesis), data: { ...synthesis } };
    },
  );

  defineTool(
    server,
    connection,
    'orchestrator_get_status',
    {
      title: 'Show progress',
      description:
        'Counts by status (of the store or one plan), plans in progress and open tasks; completed and cancelled ones with include_completed.',
      input: {
        plan_id: taskIdArg.optional().describe("Only this plan's subtasks"),
        include_completed: z.boolean().default(false).describe('Also list completed and cancelled tasks'),
        limit: z.number().int().min(1).max(1000).default(100).describe('List at most this many tasks'),
      },
      output: z.object({
        scope: z.enum(['plan', 'store']),
        planId: z.string().nullable(),
        counts: statusCountsOutput,
        total: z.number().int(),
        plans: z.array(planProgressOutput.extend({ stalled: z.string().nullable().optional() })),
        tasks: z.array(taskViewOutput),
        omitted: z.number().int().describe('Matching tasks left out by the limit'),
      }),
      annotations: READ_ONLY,
    },
    async (args) => {
      const { service } = connection;
      const progress = args.plan_id ? await service.planProgress(args.plan_id) : null;
      const listed = await service.list({
        ...(args.plan_id && { parentId: args.plan_id }),
        ...(!args.include_completed && { status: ['pending', 'in_progress', 'failed'] }),
        limit: args.limit,
      });
      const counts = progress ? progress.counts : listed.counts;
      const total = progress ? progress.total : Object.values(counts).reduce((sum, n) => sum + n, 0);
      const plans = progress ? [progress] : await service.activePlans();
      const shown = listed.tasks;
      const head = progress
        ? `Plan ${progress.planId} "${progress.title}": ${progressText(progress)}.`
        : `${plural(total, 'task')}: ${Object.entries(counts)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ')}.`;
      const planLines = progress ? [] : plans.slice(0, 10).map((plan) => `- plan ${plan.planId} "${plan.title}": ${progressText(plan)}`);
      const text = [
        head,
        ...(planLines.length > 0 ? ['Plans in progress:', ...planLines] : []),
        ...(shown.length > 0 ? [args.include_completed ? 'Tasks:' : 'Open tasks:', taskLines(shown)] : []),
      ].join('\n');
      return {
        text,
        data: {
          scope: progress ? 'plan' : 'store',
          planId: args.plan_id ?? null,
          counts,
          total,
          plans,
          tasks: shown,
          omitted: listed.total - shown.length,
        },
      };
    },
  );
}

/** A task reduced to what a plan listing needs. */
export function planEntry(task: TaskView) {
  return {
    id: task.id,
    title: task.title,
    role: task.role,
    status: task.status,
    ready: task.ready,
    dependencies: task.dependencies,
    estimatedEffort: task.estimatedEffort,
    complexity: task.complexity,
  };
}
