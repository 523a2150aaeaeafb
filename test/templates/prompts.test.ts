import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { BUILT_IN_ROLES } from '../../src/roles/index.js';
import { subtaskListArg } from '../../src/server/tools/plan-args.js';
import { builtInTemplates } from '../../src/templates/index.js';
import { documentPromptText, templatePromptArguments, templatePromptText } from '../../src/templates/prompts.js';

const roles = BUILT_IN_ROLES.map((role) => ({ ...role, source: 'built-in' as const, expertise: [...role.expertise], approach: [...role.approach] }));

/** The JSON block of a prompt: what the agent passes to orchestrator_plan_task. */
function callOf(text: string): Record<string, unknown> {
  const block = /```json\n([\s\S]*?)\n```/.exec(text);
  expect(block).not.toBeNull();
  return JSON.parse(block![1]!) as Record<string, unknown>;
}

describe('template prompts', () => {
  test.each(builtInTemplates().map((template) => [template.name, template] as const))(
    '%s is a valid orchestrator_plan_task call',
    (_name, template) => {
      const given = Object.fromEntries(template.parameters.map((parameter) => [parameter.name, `value of ${parameter.name}`]));
      const call = callOf(templatePromptText(template, given));
      expect(z.object({ title: z.string(), description: z.string().min(1), subtasks: subtaskListArg }).safeParse(call).success).toBe(true);
      const subtasks = call.subtasks as Array<{ title: string; dependencies?: string[] }>;
      const titles = new Set(subtasks.map((subtask) => subtask.title));
      expect(titles.size).toBe(subtasks.length);
      for (const subtask of subtasks) for (const dependency of subtask.dependencies ?? []) expect(titles.has(dependency)).toBe(true);
      expect(JSON.stringify(call)).not.toContain('{{');
    },
  );

  test('arguments are the parameters; a value not given stays as a placeholder to fill in', () => {
    const feature = builtInTemplates().find((template) => template.name === 'feature')!;
    expect(templatePromptArguments(feature)).toEqual([
      { name: 'feature', description: expect.stringContaining('the feature'), required: true },
      { name: 'details', description: expect.stringContaining('(default: empty)'), required: false },
    ]);
    const text = templatePromptText(feature, {});
    expect(text).toContain('Some values were not given: {{feature}}');
    expect((callOf(text).subtasks as Array<{ title: string }>)[0]!.title).toBe('Design {{feature}}');
  });
});

describe('the document prompt', () => {
  test('carries the document and the roles, and asks for one orchestrator_plan_task call', () => {
    const text = documentPromptText({ document: '# PRD: CSV export\n\nUsers need their reports as CSV.', focus: 'the first release', roles });
    expect(text).toContain('<document>\n# PRD: CSV export\n\nUsers need their reports as CSV.\n</document>');
    expect(text).toContain('Plan only this part of it: the first release');
    expect(text).toContain('- `architect`: ');
    expect(text).toContain('call `orchestrator_plan_task` once');
    expect(text).not.toMatch(/\n\n\n/);
  });
});
