import { z } from 'zod';
import { reasonField } from './fields.js';
import { taskFilterSchema, updateTaskInputSchema } from './inputs.js';
import { taskIdSchema, workerIdSchema } from './schemas.js';

/** The changes that can be made to many tasks at once, as one change of the store: all of them or none. */
export const BULK_ACTIONS = ['update', 'cancel', 'reset', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** A selection bigger than this is almost certainly a filter that matched more than was meant. */
export const MAX_BULK_TASKS = 10_000;

/** The tasks to change: named by id, or every task a filter matches when the change is made. */
const selection = {
  ids: z.array(taskIdSchema).min(1, 'no task chosen').max(MAX_BULK_TASKS).optional(),
  filter: taskFilterSchema.omit({ offset: true, limit: true }).optional(),
  actor: workerIdSchema,
  force: z.boolean().default(false),
};

const oneSelection = (input: { ids?: unknown; filter?: unknown }) => (input.ids === undefined) !== (input.filter === undefined);
const SELECTION_RULE = { message: 'name the tasks (ids) or give a filter, not both and not neither', path: ['ids'] };

export const bulkInputSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('update'), ...selection, patch: updateTaskInputSchema }),
    z.object({ action: z.literal('cancel'), ...selection, reason: reasonField.optional() }),
    z.object({ action: z.literal('reset'), ...selection }),
    z.object({ action: z.literal('delete'), ...selection }),
  ])
  .refine(oneSelection, SELECTION_RULE);
export type BulkInput = z.input<typeof bulkInputSchema>;
export type BulkData = z.output<typeof bulkInputSchema>;
