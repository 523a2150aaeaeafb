import { z } from 'zod';
import { asInputError, parseInput, type PlanSubtaskInput } from '../../core/index.js';
import { OrchestratorError } from '../../errors.js';
import type { RoleCatalog } from '../../roles/index.js';
import { priorityArg, roleArg, taskIdArg } from '../args.js';
import { knownRoles } from '../specialist.js';

export const COMPLEXITY_LEVELS = ['simple', 'moderate', 'complex', 'very_complex'] as const;

export const subtaskArg = z.object({
  title: z.string().trim().min(1).max(500).describe('Short name; other subtasks may name it in dependencies'),
  description: z.string().max(100_000).describe('What to do, for a specialist who has not seen this conversation'),
  specialist_type: roleArg,
  task_id: taskIdArg.optional().describe('Your own id (default: generated, e.g. "t7")'),
  dependencies: z
    .array(z.string().trim().min(1).max(500))
    .max(200)
    .optional()
    .describe('What must be completed first: subtask titles or task ids'),
  estimated_effort: z.string().max(128).optional().describe('E.g. "2 hours"'),
  complexity: z.string().max(64).optional().describe('E.g. simple, complex'),
  priority: priorityArg,
});
export type SubtaskArg = z.output<typeof subtaskArg>;

/** The subtasks from `subtasks` or from `subtasks_json`, exactly one of which must be given. */
export function subtasksFrom(args: { subtasks?: SubtaskArg[] | undefined; subtasks_json?: string | undefined }): SubtaskArg[] {
  if (args.subtasks !== undefined && args.subtasks_json !== undefined) {
    throw new OrchestratorError('Give subtasks or subtasks_json, not both.', {
      code: 'INVALID_INPUT',
      hint: 'Prefer subtasks, an array of objects.',
    });
  }
  if (args.subtasks !== undefined) return args.subtasks;
  if (args.subtasks_json === undefined) {
    throw new OrchestratorError('The plan has no subtasks.', {
      code: 'INVALID_INPUT',
      hint: 'Pass subtasks: an array of { title, description, specialist_type, dependencies }.',
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(args.subtasks_json);
  } catch (error) {
    throw new OrchestratorError(`subtasks_json is not valid JSON: ${(error as Error).message}.`, {
      code: 'INVALID_INPUT',
      hint: 'Send a JSON array of subtask objects, or use the subtasks argument instead.',
    });
  }
  try {
    return parseInput(z.array(subtaskArg).min(1).max(200), parsed);
  } catch (error) {
    const input = asInputError(error);
    if (input instanceof OrchestratorError) {
      throw new OrchestratorError(input.message.replace('Invalid input: ', 'Invalid subtasks_json: '), {
        code: 'INVALID_INPUT',
        details: input.details,
      });
    }
    throw input;
  }
}

/** Turns the tool's subtasks into core inputs, refusing a specialist_type no role is defined for. */
export function toSubtaskInputs(subtasks: readonly SubtaskArg[], catalog: RoleCatalog, rolesDir: string): PlanSubtaskInput[] {
  return subtasks.map((subtask) => {
    const role = subtask.specialist_type.toLowerCase();
    if (!catalog.get(role)) {
      throw new OrchestratorError(`Unknown specialist_type "${subtask.specialist_type}" for subtask "${subtask.title}".`, {
        code: 'INVALID_INPUT',
        hint: `Use one of the known roles: ${knownRoles(catalog)}. A project role can be added in ${rolesDir}.`,
        details: { known: catalog.names() },
      });
    }
    return {
      ...(subtask.task_id && { id: subtask.task_id }),
      title: subtask.title,
      description: subtask.description,
      role,
      dependencies: subtask.dependencies ?? [],
      ...(subtask.priority && { priority: subtask.priority }),
      ...(subtask.complexity && { complexity: subtask.complexity }),
      ...(subtask.estimated_effort && { estimatedEffort: subtask.estimated_effort }),
    };
  });
}

/** A role name given to a tool, checked against the catalog. */
export function checkRole(name: string | null | undefined, catalog: RoleCatalog, rolesDir: string): string | null | undefined {
  if (name === null || name === undefined) return name;
  const role = name.toLowerCase();
  if (catalog.get(role)) return role;
  throw new OrchestratorError(`Unknown specialist_type "${name}".`, {
    code: 'INVALID_INPUT',
    hint: `Use one of the known roles: ${knownRoles(catalog)}. A project role can be added in ${rolesDir}.`,
    details: { known: catalog.names() },
  });
}
