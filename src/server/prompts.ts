import { ProtocolError, ProtocolErrorCode, type CompleteResult, type GetPromptResult, type McpServer } from '@modelcontextprotocol/server';
import { compareIds, taskIdSchema, valuesOf, type Task } from '../core/index.js';
import type { Role } from '../roles/index.js';
import type { Connection } from './connection.js';
import { planPrompt, planPrompts } from './plan-prompts.js';
import { specialistContext } from './specialist.js';

export const PROMPT_PREFIX = 'specialist-';

/** The prompt that takes the role as an argument: `specialist` with `role` and `task_id`. */
export const SPECIALIST_PROMPT = 'specialist';

/** Completions offered per argument; the spec allows at most 100. */
const MAX_COMPLETIONS = 100;

const TASK_ID_ARGUMENT = {
  name: 'task_id',
  description: 'A task to work on in this role (its description, plan and the results it depends on are filled in)',
  required: false,
};

/**
 * Every role is a prompt, `specialist-<role>`, with an optional `task_id` that fills in the task; and the
 * `specialist` prompt takes the role as an argument. The prompts are answered from the role catalog at request
 * time (listing reads the role files again), so a role added to the project's roles folder shows up without
 * restarting the server. That is why these handlers are set directly instead of registering one prompt per role
 * once. completion/complete offers role names and task ids for their arguments. The planning prompts
 * (plan-prompts.ts) are listed and answered by the same handlers.
 */
export function registerRolePrompts(server: McpServer, connection: Connection): void {
  server.server.registerCapabilities({ prompts: {}, completions: {} });

  server.server.setRequestHandler('prompts/list', async (_request, ctx) => {
    await connection.prepare(ctx);
    const catalog = await connection.roles({ fresh: true });
    return {
      prompts: [
        {
          name: SPECIALIST_PROMPT,
          title: 'Specialist, by role',
          description: 'A specialist role, and optionally a task to work on in it',
          arguments: [{ name: 'role', description: `The role: ${catalog.names().join(', ')}`, required: true }, TASK_ID_ARGUMENT],
        },
        ...catalog.list().map((role) => ({
          name: `${PROMPT_PREFIX}${role.name}`,
          title: `Specialist: ${role.name}`,
          description: role.description,
          arguments: [TASK_ID_ARGUMENT],
        })),
        ...(await planPrompts(connection)),
      ],
    };
  });

  server.server.setRequestHandler('prompts/get', async (request, ctx): Promise<GetPromptResult> => {
    await connection.prepare(ctx);
    const { name } = request.params;
    const planned = await planPrompt(name, request.params.arguments ?? {}, connection);
    if (planned) return planned;
    const catalog = await connection.roles();
    const roleName = name === SPECIALIST_PROMPT ? (request.params.arguments?.role?.trim().toLowerCase() ?? '') : name.slice(PROMPT_PREFIX.length);
    const role = name === SPECIALIST_PROMPT || name.startsWith(PROMPT_PREFIX) ? catalog.get(roleName) : undefined;
    if (!role) {
      if (name === SPECIALIST_PROMPT) {
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No role named "${roleName}". The roles are ${catalog.names().join(', ')}.`);
      }
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `No prompt named "${name}". The prompts are ${[SPECIALIST_PROMPT, ...catalog.names().map((n) => PROMPT_PREFIX + n)].join(', ')}.`,
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
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `No task with id "${taskId}". orchestrator_query_tasks lists the tasks and their ids.`,
      );
    }
    const context = await specialistContext(connection, { ...task, role: role.name });
    return {
      description: `${role.name} on ${task.id}: ${task.title}`,
      messages: [{ role: 'user', content: { type: 'text', text: context.markdown } }],
    };
  });

  server.server.setRequestHandler('completion/complete', async (request, ctx): Promise<CompleteResult> => {
    await connection.prepare(ctx);
    const { ref, argument, context } = request.params;
    const prefix = argument.value.trim().toLowerCase();
    let values: string[] = [];
    if (ref.type === 'ref/prompt' && (ref.name === SPECIALIST_PROMPT || ref.name.startsWith(PROMPT_PREFIX))) {
      if (argument.name === 'role' && ref.name === SPECIALIST_PROMPT) {
        values = (await connection.roles()).names().filter((role) => role.startsWith(prefix));
      } else if (argument.name === 'task_id') {
        const role = ref.name === SPECIALIST_PROMPT ? context?.arguments?.role : ref.name.slice(PROMPT_PREFIX.length);
        values = await taskIds(connection, prefix, role?.trim().toLowerCase());
      }
    } else if (ref.type === 'ref/resource' && ref.uri === 'orchestrator://tasks/{id}' && argument.name === 'id') {
      values = await taskIds(connection, prefix);
    }
    return { completion: { values: values.slice(0, MAX_COMPLETIONS), total: values.length, hasMore: values.length > MAX_COMPLETIONS } };
  });
}

/**
 * Task ids starting with `prefix`, most useful first: unfinished tasks before finished ones, tasks of `role`
 * (when given) before the others, then by id.
 */
async function taskIds(connection: Connection, prefix: string, role?: string): Promise<string[]> {
  const { tasks } = await connection.service.snapshot();
  const open = (task: Task) => (task.status === 'pending' || task.status === 'in_progress' ? 0 : 1);
  const mine = (task: Task) => (role && task.role !== role ? 1 : 0);
  return valuesOf(tasks)
    .filter((task) => task.id.toLowerCase().startsWith(prefix))
    .sort((a, b) => open(a) - open(b) || mine(a) - mine(b) || compareIds(a.id, b.id))
    .map((task) => task.id);
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
