import type { Role } from '../roles/index.js';
import { fill, renderTemplate } from './render.js';
import type { Template } from './types.js';

// The text of the MCP prompts that turn a template, or a document such as a PRD, into a plan. The agent's own
// model does the thinking and calls orchestrator_plan_task; the server never calls a model.

export const TEMPLATE_PROMPT_PREFIX = 'template-';
export const DOCUMENT_PROMPT = 'plan-from-document';

/** The arguments of a template's prompt: its parameters, required when they have no default. */
export function templatePromptArguments(template: Template): Array<{ name: string; description: string; required: boolean }> {
  return template.parameters.map((parameter) => ({
    name: parameter.name,
    description: parameter.default === undefined ? parameter.description : `${parameter.description} (default: ${parameter.default || 'empty'})`,
    required: parameter.default === undefined,
  }));
}

/**
 * A template filled in, as the arguments of an orchestrator_plan_task call, with what to adjust before making
 * it. Values that were not given stay as `{{name}}` for the agent to fill in from the conversation.
 */
export function templatePromptText(template: Template, given: Readonly<Record<string, string>>): string {
  const values: Record<string, string> = {};
  for (const parameter of template.parameters) {
    const value = given[parameter.name]?.trim() ? given[parameter.name]! : parameter.default;
    if (value !== undefined) values[parameter.name] = value;
  }
  const batch = renderTemplate(template, values);
  const [plan, ...subtasks] = batch.tasks;
  const titles = new Map(subtasks.map((subtask) => [subtask.ref, subtask.title]));
  const call = {
    title: plan!.title,
    description: fill(template.plan.description, values),
    ...(template.plan.context !== null && { context: fill(template.plan.context, values) }),
    subtasks: subtasks.map((subtask) => ({
      title: subtask.title,
      description: subtask.description,
      specialist_type: subtask.role ?? 'implementer',
      ...(subtask.dependencies?.length && { dependencies: subtask.dependencies.map((key) => titles.get(key) ?? key) }),
      ...(subtask.estimatedEffort && { estimated_effort: subtask.estimatedEffort }),
      ...(subtask.complexity && { complexity: subtask.complexity }),
      ...(subtask.priority && { priority: subtask.priority }),
    })),
  };
  const missing = template.parameters.filter((parameter) => values[parameter.name] === undefined);
  return [
    `# Plan from the template "${template.name}"`,
    '',
    template.description + '.',
    '',
    missing.length > 0
      ? `Some values were not given: ${missing.map((parameter) => `{{${parameter.name}}} (${parameter.description})`).join(', ')}. ` +
        'Take them from the conversation, or ask the user, and put them in before creating the plan.'
      : 'Every value is filled in.',
    '',
    'Create the plan by calling `orchestrator_plan_task` with these arguments. Adjust titles, descriptions and ' +
      'subtasks to the actual work first if they do not fit; keep the dependencies between subtasks unless you have a reason.',
    '',
    '```json',
    JSON.stringify(call, null, 2),
    '```',
    '',
    `Then hand the subtasks out with \`orchestrator_get_next_task\` (or work through them with \`orchestrator_execute_subtask\`).`,
    '',
  ].join('\n');
}

/** The prompt that turns a PRD or a design note into a plan through orchestrator_plan_task. */
export function documentPromptText(input: { document: string; focus?: string | undefined; roles: readonly Role[] }): string {
  const roles = input.roles.map((role) => `- \`${role.name}\`: ${role.description}`);
  return [
    '# Turn this document into a plan',
    '',
    'Read the document below (a product requirements document, a design note, an issue) and plan the work it asks for.',
    input.focus?.trim() ? `Plan only this part of it: ${input.focus.trim()}` : '',
    '',
    '## How to plan',
    '',
    '1. Name the goal in one sentence, and what "done" means for it (the acceptance criteria the document gives, or ones you infer and say so).',
    '2. Split the work into subtasks a specialist can finish in one sitting (roughly an hour to a day). Each subtask needs a short, unique ' +
      'title and a description that stands on its own: what to do, what to deliver, how to check it, for someone who has not read the document.',
    '3. Give each subtask a `specialist_type` from the roles below, a `priority` (urgent, high, normal, low) and an `estimated_effort`.',
    "4. Add `dependencies` (by subtask title) only where one subtask truly needs another's result, so that independent work can run in parallel.",
    '5. Put background every subtask needs (constraints, decisions already made, links, names from the document) in `context`.',
    "6. List what the document leaves open as questions in the plan's description instead of guessing; do not plan work the document rules out.",
    '',
    'Then call `orchestrator_plan_task` once with `description` (the goal and the open questions), `title`, `context` and `subtasks`. ' +
      'The plan is created whole or not at all; if it is refused, fix what the error names and call it again.',
    '',
    '## Roles',
    '',
    ...roles,
    '',
    '## The document',
    '',
    '<document>',
    input.document.trim(),
    '</document>',
    '',
  ]
    .filter((line, index, lines) => !(line === '' && lines[index - 1] === ''))
    .join('\n');
}
