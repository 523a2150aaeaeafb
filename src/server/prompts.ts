import { ProtocolError, ProtocolErrorCode, type GetPromptResult, type McpServer } from '@modelcontextprotocol/server';
import { taskIdSchema } from '../core/index.js';
import type { Role } from '../roles/index.js';
import type { Connection } from './connection.js';
import { specialistContext } from './specialist.js';

export const PROMPT_PREFIX = 'specialist-';

/**
 * Every role is a prompt, `specialist-<role>`, with an optional `task_id` that fills in the task. The prompts
 * are answered from the role catalog at request time (listing reads the role files again), so a role added to
 * the project's roles folder shows up without restarting the server. That is why these two handlers are set
 * directly instead of registering one prompt per role once.
 */
export function registerRolePrompts(server: McpServer, connection: Connection): void {
  server.server.registerCapabilities({ prompts: {} });

  server.server.setRequestHandler('prompts/list', async (_request, ctx) => {
    await connection.prepare(ctx);
    const catalog = await connection.roles({ fresh: true });
    return {
      prompts: catalog.list().map((role) => ({
        name: `${PROMPT_PREFIX}${role.name}`,
        title: `Specialist: ${role.name}`,
        description: role.description,
        arguments: [
          {
            name: 'task_id',
            description: 'A task to work on in this role (its description, plan and the results it depends on are filled in)',
            required: false,
          },
        ],
      })),
    };
  });

  server.server.setRequestHandler('prompts/get', async (request, ctx): Promise<GetPromptResult> => {
    await connection.prepare(ctx);
    const { name } = request.params;
    const catalog = await connection.roles();
    const role = name.startsWith(PROMPT_PREFIX) ? catalog.get(name.slice(PROMPT_PREFIX.length)) : undefined;
    if (!role) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `No prompt named "${name}". The prompts are ${catalog
          .names()
          .map((n) => PROMPT_PREFIX + n)
          .join(', ')}.`,
      );
    }
    const taskId = request.params.arguments?.task_id?.trim();
    if (!taskId) {
      return { description: role.description, messages: [{ role: 'user', content: { type: 'text', text: roleText(role) } }] };
    }
    if (!taskIdSchema.safeParse(taskId).success) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `"${taskId}" is not a task id; ids look like "t12".`);
    }
    const task = (await connection.service.snapshot()).tasks[taskId];
    if (!task) {
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No task with id "${taskId}". orchestrator_query_tasks lists the tasks and their ids.`);
    }
    const context = await specialistContext(connection, { ...task, role: role.name });
    return {
      description: `${role.name} on ${task.id}: ${task.title}`,
      messages: [{ role: 'user', content: { type: 'text', text: context.markdown } }],
    };
  });
}

/** A role without a task: who to be, how to work, what to deliver. */
export function roleText(role: Role): string {
  return [
    `# Specialist: ${role.name}`,
    '',
    role.roleDefinition,
    '',
    '## Expertise',
    ...role.expertise.map((item) => `- ${item}`),
    '',
    '## Approach',
    ...role.approach.map((step, index) => `${index + 1}. ${step}`),
    '',
    '## Expected output',
    '',
    role.outputFormat,
    '',
  ].join('\n');
}
