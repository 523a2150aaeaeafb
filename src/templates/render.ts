import type { BatchInput, TaskDraft } from '../core/batch-inputs.js';
import { planDescription } from '../core/operations/plan.js';
import { tagSchema } from '../core/schemas.js';
import { OrchestratorError } from '../errors.js';
import { PLACEHOLDER } from './schemas.js';
import type { Template, TemplateParameter } from './types.js';

/** The batch reference of the plan a template creates; subtask keys cannot take this form. */
export const PLAN_REF = '@plan';

export interface ResolvedParameters {
  values: Record<string, string>;
  /** Parameters without a default that were not given. */
  missing: TemplateParameter[];
  /** Names given that the template does not have. */
  unknown: string[];
}

/** The value of every parameter: the one given, else the default. */
export function resolveParameters(template: Template, given: Readonly<Record<string, string>>): ResolvedParameters {
  const values: Record<string, string> = {};
  const missing: TemplateParameter[] = [];
  for (const parameter of template.parameters) {
    const value = Object.hasOwn(given, parameter.name) ? given[parameter.name] : parameter.default;
    if (value === undefined) missing.push(parameter);
    else values[parameter.name] = value;
  }
  const known = new Set(template.parameters.map((parameter) => parameter.name));
  return { values, missing, unknown: Object.keys(given).filter((name) => !known.has(name)) };
}

/** Refuses unknown and missing parameters with the names that would do, so a typo never goes unnoticed. */
export function checkParameters(template: Template, resolved: ResolvedParameters): void {
  const names = template.parameters.map((parameter) => parameter.name);
  if (resolved.unknown.length > 0) {
    throw new OrchestratorError(`Template "${template.name}" has no parameter ${resolved.unknown.map((name) => `"${name}"`).join(', ')}.`, {
      code: 'USAGE',
      hint: names.length > 0 ? `Its parameters: ${names.join(', ')}.` : 'It takes no parameters.',
      details: { unknown: resolved.unknown, parameters: names },
    });
  }
  if (resolved.missing.length > 0) {
    throw new OrchestratorError(`Template "${template.name}" needs ${resolved.missing.map((parameter) => `"${parameter.name}"`).join(', ')}.`, {
      code: 'USAGE',
      hint: `Pass ${resolved.missing.map((parameter) => `--param ${parameter.name}="..."`).join(' ')} (${resolved.missing.map((parameter) => `${parameter.name}: ${parameter.description}`).join('; ')}).`,
      details: { missing: resolved.missing.map((parameter) => parameter.name) },
    });
  }
}

/** Puts the values in: `{{name}}` becomes the value; blank lines left by empty values are tidied away. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text
    .replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The batch a template makes with these values: the plan (a parent task) and its subtasks, which name each other
 * by their keys. Every task is created in one change by TaskService.applyBatch.
 */
export function renderTemplate(template: Template, values: Readonly<Record<string, string>>, options: { parentId?: string | null } = {}): BatchInput {
  const tags = (list: readonly string[], where: string) =>
    list.map((tag) => {
      const value = fill(tag, values);
      if (!tagSchema.safeParse(value).success) {
        throw new OrchestratorError(`Template "${template.name}": the tag "${value}" of ${where} is not a valid tag (no spaces or commas).`, {
          code: 'INVALID_INPUT',
          hint: 'Give the parameter a value without spaces or commas.',
        });
      }
      return value;
    });
  const context = template.plan.context === null ? null : fill(template.plan.context, values);
  const plan: TaskDraft = {
    ref: PLAN_REF,
    title: fill(template.plan.title, values),
    description: planDescription(fill(template.plan.description, values), context),
    ...(template.plan.priority && { priority: template.plan.priority }),
    tags: tags(template.plan.tags, 'the plan'),
    metadata: {
      plan: { context },
      template: { name: template.name, parameters: { ...values } },
    },
  };
  const subtasks: TaskDraft[] = template.subtasks.map((subtask) => ({
    ref: subtask.key,
    parent: PLAN_REF,
    title: fill(subtask.title, values),
    description: fill(subtask.description, values),
    role: subtask.role,
    ...(subtask.priority && { priority: subtask.priority }),
    ...(subtask.effort !== null && { estimatedEffort: fill(subtask.effort, values) }),
    ...(subtask.complexity !== null && { complexity: fill(subtask.complexity, values) }),
    dependencies: subtask.dependsOn,
    tags: tags(subtask.tags, `subtask "${subtask.key}"`),
  }));
  return { tasks: [plan, ...subtasks], parentId: options.parentId ?? null, via: 'template' };
}
