import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { applyTemplate } from '../../templates/apply.js';
import { taskIdArg } from '../args.js';
import type { Connection } from '../connection.js';
import { taskViewOutput } from '../outputs.js';
import { plural } from '../present.js';
import { ADDITIVE, defineTool } from '../tool.js';

const plannedSubtaskOutput = z.object({
  key: z.string().describe("The subtask's key in the template"),
  id: z.string(),
  title: z.string(),
  role: z.string().nullable(),
  priority: z.string(),
  estimatedEffort: z.string().nullable(),
  dependsOn: z.array(z.string()).describe('Keys of the subtasks it waits for'),
});

/** Plans from templates: a template filled in and created as one plan, in one change. Not in the default profile. */
export function registerTemplateTools(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_apply_template',
    {
      title: 'Plan from a template',
      description:
        'Creates a plan and its subtasks (roles, dependencies, priorities, effort) from a plan template, in one change. ' +
        'The template-<name> prompts list the templates and their parameters. dry_run shows the plan and creates nothing.',
      input: {
        template: z
          .string()
          .trim()
          .min(1)
          .max(64)
          .describe('Template name: feature, bug-fix, refactor, research-spike, release, git-workflow, or a custom one'),
        parameters: z
          .record(z.string(), z.string().max(10_000))
          .optional()
          .describe('Parameter values by name; those with a default may be left out'),
        parent_id: taskIdArg.optional().describe('Create the plan as a subtask of this open task'),
        dry_run: z.boolean().default(false).describe('Only show what would be created'),
      },
      output: z.object({
        dryRun: z.boolean(),
        template: z.string(),
        parameters: z.record(z.string(), z.string()).describe('Every parameter, defaults filled in'),
        plan: taskViewOutput.nullable().describe('The plan created; null in a dry run'),
        subtasks: z.array(taskViewOutput).describe("The subtasks created, in the template's order; empty in a dry run"),
        planned: z.object({
          plan: z.object({ id: z.string(), title: z.string(), parentId: z.string().nullable() }),
          subtasks: z.array(plannedSubtaskOutput),
        }),
      }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const result = await applyTemplate(
        { name: args.template, parameters: args.parameters ?? {}, parentId: args.parent_id ?? null, dryRun: args.dry_run },
        { catalog: await connection.templates(), service: connection.service, actor: connection.defaultWorker(), waiting: call.change() },
      );
      const { plan, subtasks } = result.planned;
      const keyToId = new Map(subtasks.map((subtask) => [subtask.key, subtask.id]));
      const lines = subtasks.map((subtask) => {
        const after = subtask.dependsOn.map((key) => keyToId.get(key) ?? key);
        return `- ${subtask.id} [${subtask.role ?? 'any role'}] ${subtask.title}${after.length > 0 ? ` (after ${after.join(', ')})` : ''}`;
      });
      const head = result.dryRun
        ? `Would create plan ${plan.id} "${plan.title}" with ${plural(subtasks.length, 'subtask')} (nothing was created):`
        : `Created plan ${plan.id} "${plan.title}" from the template ${result.template}, with ${plural(subtasks.length, 'subtask')}:`;
      const next = result.dryRun ? '' : '\nHand them out with orchestrator_get_next_task, or work through them with orchestrator_execute_subtask.';
      return { text: `${head}\n${lines.join('\n')}${next}`, data: { ...result } };
    },
  );
}
