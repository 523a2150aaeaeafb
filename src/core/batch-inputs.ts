import { z } from 'zod';
import { FIELD_LIMITS } from './constants.js';
import { complexityField, descriptionField, effortField, tagListField, titleField } from './fields.js';
import { roleInputSchema } from './inputs.js';
import { metadataSchema } from './metadata.js';
import { prioritySchema, taskIdSchema, taskSchema } from './schemas.js';

/**
 * Inputs of the batch operations: many tasks that name each other by references of their own (a template's
 * subtask keys, the ids of another tool) and are created, or updated, as one change.
 */

/** How many tasks one batch may hold: a big Task Master file has a few thousand with its subtasks. */
export const MAX_BATCH_TASKS = 20_000;

/** A reference inside a batch: a template key, or another tool's id such as "12.3" or "BACK-7". */
const refField = z.string().trim().min(1).max(FIELD_LIMITS.title);

/**
 * Where a task came from. A batch entry with a source updates the task an earlier batch made from the same
 * source (same format and id) instead of creating a second one. Kept in the task's `metadata.source`.
 */
export const taskSourceSchema = z.object({
  /** The format it was read from: taskmaster, markdown, backlog. */
  format: z.string().regex(/^[a-z0-9-]{1,32}$/),
  /** Its id in that format. */
  id: z.string().min(1).max(FIELD_LIMITS.title),
  /** Its status there, as written: a later import changes the task's status only when this changed. */
  status: z.string().max(64).optional(),
});
export type TaskSource = z.infer<typeof taskSourceSchema>;

/** Statuses a batch entry may bring: claims belong to workers, so nothing arrives held. */
export const DRAFT_STATUSES = ['pending', 'completed', 'cancelled'] as const;

export const taskDraftSchema = z.object({
  /** Unique in the batch: how the other entries name this one. */
  ref: refField,
  title: titleField,
  /** Left out, a new task has none and an updated one keeps its own. */
  description: descriptionField.optional(),
  role: roleInputSchema.nullish(),
  /** Left out, a new task is normal and an updated one keeps its own. */
  priority: prioritySchema.optional(),
  complexity: complexityField.nullish(),
  estimatedEffort: effortField.nullish(),
  tags: tagListField.default([]),
  metadata: metadataSchema.default({}),
  status: z.enum(DRAFT_STATUSES).default('pending'),
  /** The `ref` of the entry this one is a subtask of. */
  parent: refField.nullish(),
  /** The `ref`s of the entries it waits for (or the source ids of tasks an earlier batch brought in). */
  dependencies: z.array(refField).max(FIELD_LIMITS.dependencies).default([]),
  source: taskSourceSchema.optional(),
});
export type TaskDraft = z.input<typeof taskDraftSchema>;
export type TaskDraftData = z.output<typeof taskDraftSchema>;

export const batchInputSchema = z.object({
  tasks: z.array(taskDraftSchema).min(1, 'nothing to add').max(MAX_BATCH_TASKS),
  /** An existing task the batch's top-level entries become subtasks of. */
  parentId: taskIdSchema.nullish(),
  /** What the events call the change: "import", "template". */
  via: z
    .string()
    .regex(/^[a-z-]{1,32}$/)
    .default('import'),
});
export type BatchInput = z.input<typeof batchInputSchema>;

/** Whole task records, as `db export --format md` writes them: they come back with their ids and every field. */
export const recordsInputSchema = z.array(taskSchema).min(1, 'nothing to add').max(MAX_BATCH_TASKS);
