import { z } from 'zod';
import {
  asInputError,
  complexityField,
  descriptionField,
  effortField,
  FIELD_LIMITS,
  parseInput,
  subtaskReferencesField,
  titleField,
  type PlanSubtaskInput,
} from '../../core/index.js';
import { OrchestratorError } from '../../errors.js';
import { priorityArg, roleArg, taskIdArg } from '../args.js';

export const COMPLEXITY_LEVELS = ['simple', 'moderate', 'complex', 'very_complex'] as const;

export const subtaskArg = z.object({
  title: titleField.describe('Short name; other subtasks may name it in dependencies'),
  description: descriptionField.describe('What to do, for a specialist who has not seen this conversation'),
  specialist_type: roleArg,
  task_id: taskIdArg.optional().describe('Your own id (default: generated, e.g. "t7")'),
  dependencies: subtaskReferencesField.optional().describe('What must be completed first: subtask titles or task ids'),
  estimated_effort: effortField.optional().describe('E.g. "2 hours"'),
  complexity: complexityField.optional().describe('E.g. simple, complex'),
  priority: priorityArg,
});
export type SubtaskArg = z.output<typeof subtaskArg>;

export const subtaskListArg = z
  .array(subtaskArg)
  .min(1)
  .max(FIELD_LIMITS.subtasks)
  .describe(`1 to ${FIELD_LIMITS.subtasks} subtasks (or subtasks_json)`);

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
    return parseInput(subtaskListArg, parsed);
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

/** Turns the tool's subtasks into core inputs (the core refuses a role no one defined). */
export function toSubtaskInputs(subtasks: readonly SubtaskArg[]): PlanSubtaskInput[] {
  return subtasks.map((subtask) => ({
    ...(subtask.task_id && { id: subtask.task_id }),
    title: subtask.title,
    description: subtask.description,
    role: subtask.specialist_type,
    dependencies: subtask.dependencies ?? [],
    ...(subtask.priority && { priority: subtask.priority }),
    ...(subtask.complexity && { complexity: subtask.complexity }),
    ...(subtask.estimated_effort && { estimatedEffort: subtask.estimated_effort }),
  }));
}
