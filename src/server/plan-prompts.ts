import { ProtocolError, ProtocolErrorCode, type GetPromptResult, type Prompt } from '@modelcontextprotocol/server';
import { DOCUMENT_PROMPT, documentPromptText, TEMPLATE_PROMPT_PREFIX, templatePromptArguments, templatePromptText } from '../templates/prompts.js';
import type { Connection } from './connection.js';

// Prompts that plan: each plan template as `template-<name>` (its parameters are the arguments), and
// `plan-from-document`, which turns a PRD or a design note into a plan. Both end in one orchestrator_plan_task call
// made by the agent; the server never calls a model.

/** The planning prompts, read from the template files at request time like the role prompts. */
export async function planPrompts(connection: Connection): Promise<Prompt[]> {
  const catalog = await connection.templates();
  return [
    {
      name: DOCUMENT_PROMPT,
      title: 'Plan from a document',
      description: 'Turn a PRD, a design note or an issue into a plan of subtasks with roles and dependencies',
      arguments: [
        { name: 'document', description: 'The text of the document', required: true },
        { name: 'focus', description: 'Only plan this part of it', required: false },
      ],
    },
    ...catalog.list().map((template) => ({
      name: `${TEMPLATE_PROMPT_PREFIX}${template.name}`,
      title: `Template: ${template.name}`,
      description: template.description,
      arguments: templatePromptArguments(template),
    })),
  ];
}

/** The prompt of that name when it is a planning prompt; undefined for the others. */
export async function planPrompt(name: string, args: Readonly<Record<string, string>>, connection: Connection): Promise<GetPromptResult | undefined> {
  if (name === DOCUMENT_PROMPT) {
    const document = args.document?.trim();
    if (!document)
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, `${DOCUMENT_PROMPT} needs the document: pass its text as the "document" argument.`);
    const roles = (await connection.roles()).list();
    return {
      description: 'Plan the work a document asks for',
      messages: [{ role: 'user', content: { type: 'text', text: documentPromptText({ document, focus: args.focus, roles }) } }],
    };
  }
  if (!name.startsWith(TEMPLATE_PROMPT_PREFIX)) return undefined;
  const catalog = await connection.templates();
  const template = catalog.get(name.slice(TEMPLATE_PROMPT_PREFIX.length));
  if (!template) {
    const names = catalog
      .names()
      .map((known) => TEMPLATE_PROMPT_PREFIX + known)
      .join(', ');
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, `No prompt named "${name}". The template prompts are ${names}.`);
  }
  return {
    description: template.description,
    messages: [{ role: 'user', content: { type: 'text', text: templatePromptText(template, args) } }],
  };
}
