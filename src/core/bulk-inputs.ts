import { z } from 'zod';
import { reasonField } from './fields.js';
import { updateTaskInputSchema } from './inputs.js';
import { taskIdSchema, workerIdSchema } from './schemas.js';

/** The changes that can be made to many tasks at once, as one change of the store: all of them or none. */
export const BULK_ACTIONS = ['update', 'cancel', 'reset', 'delete'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** A selection bigger than this is almost certainly a filter that matched more than was meant. */
export const MAX_BULK_TASKS = 10_000;

const common = {
  ids: z.array(taskIdSchema).min(1, 'no task chosen').max(MAX_BULK_TASKS),
  actor: workerIdSchema,
  force: z.boolean().default(false),
};

export const bulkInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('update'), ...common, patch: updateTaskInputSchema }),
  z.object({ action: z.literal('cancel'), ...common, reason: reasonField.optional() }),
  z.object({ action: z.literal('reset'), ...common }),
  z.object({ action: z.literal('delete'), ...common }),
]);
export type BulkInput = z.input<typeof bulkInputSchema>;
export type BulkData = z.output<typeof bulkInputSchema>;
