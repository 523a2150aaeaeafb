import { z } from 'zod';
import { OrchestratorError } from '../errors.js';
import { FIELD_LIMITS, LEASE_SECONDS_MAX, LEASE_SECONDS_MIN } from './constants.js';
import {
  complexityField,
  dependencyListField,
  descriptionField,
  effortField,
  errorField,
  reasonField,
  resultField,
  searchField,
  tagListField,
  titleField,
} from './fields.js';
import { metadataSchema } from './metadata.js';
import { artifactRefSchema, prioritySchema, roleNameSchema, tagSchema, taskIdSchema, taskStatusSchema, workerIdSchema } from './schemas.js';

/**
 * The inputs of TaskService operations. The terminal and the MCP server both pass what they receive through
 * these schemas, so an operation accepts and refuses the same things whichever face it is called from.
 */

/**
 * A role as a person or an agent gives it: surrounding spaces and capitals do not matter ("Tester" is the
 * tester role). Normalised here, before the role-name rule, so no face has to.
 */
export const roleInputSchema = z.string().trim().toLowerCase().pipe(roleNameSchema);

/** Roles to choose tasks by (tasks without a role suit everyone). */
export const roleListInputSchema = z.array(roleInputSchema);

export const createTaskInputSchema = z.object({
  id: taskIdSchema.optional(),
  title: titleField,
  description: descriptionField.default(''),
  dependencies: dependencyListField.default([]),
  role: roleInputSchema.nullish(),
  priority: prioritySchema.default('normal'),
  parentId: taskIdSchema.nullish(),
  tags: tagListField.default([]),
  complexity: complexityField.nullish(),
  estimatedEffort: effortField.nullish(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  metadata: metadataSchema.default({}),
  /** Allow a parent that is completed or cancelled: the new subtask reopens it. */
  reopenParent: z.boolean().default(false),
});
export type CreateTaskInput = z.input<typeof createTaskInputSchema>;
export type CreateTaskData = z.output<typeof createTaskInputSchema>;

export const updateTaskInputSchema = z
  .object({
    title: titleField,
    description: descriptionField,
    priority: prioritySchema,
    role: roleInputSchema.nullable(),
    parentId: taskIdSchema.nullable(),
    /** Replaces the dependency list. */
    dependencies: dependencyListField,
    addDependencies: dependencyListField,
    removeDependencies: dependencyListField,
    tags: tagListField,
    addTags: tagListField,
    removeTags: tagListField,
    complexity: complexityField.nullable(),
    estimatedEffort: effortField.nullable(),
    maxAttempts: z.number().int().min(1).max(100),
    /** Merged into the task's metadata; a key set to null is removed. */
    metadata: metadataSchema,
    /** Allow moving the task into a completed or cancelled plan, which reopens it. */
    reopenParent: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'nothing to update');
export type UpdateTaskInput = z.input<typeof updateTaskInputSchema>;

export const taskFilterSchema = z.object({
  status: z.array(taskStatusSchema).optional(),
  /** Only pending tasks whose dependencies are all completed. */
  ready: z.boolean().optional(),
  role: roleInputSchema.optional(),
  parentId: taskIdSchema.optional(),
  tags: z.array(tagSchema).optional(),
  assignee: workerIdSchema.optional(),
  /** Case-insensitive match in the id, title, description, result or summary. */
  search: searchField.optional(),
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  createdBefore: z.iso.datetime({ offset: true }).optional(),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().positive().max(10_000).optional(),
});
export type TaskFilter = z.input<typeof taskFilterSchema>;

export const leaseSecondsSchema = z
  .number()
  .int()
  .min(LEASE_SECONDS_MIN)
  .max(LEASE_SECONDS_MAX)
  .describe('How long the claim lasts without a heartbeat, in seconds');

export const claimInputSchema = z.object({
  worker: workerIdSchema,
  leaseSeconds: leaseSecondsSchema.optional(),
  /** Claim even if dependencies are not completed or another worker holds a live lease. */
  force: z.boolean().default(false),
});
export type ClaimInput = z.input<typeof claimInputSchema>;

export const nextInputSchema = z.object({
  worker: workerIdSchema,
  /** Only tasks for these roles (tasks without a role suit everyone). */
  roles: roleListInputSchema.default([]),
  leaseSeconds: leaseSecondsSchema.optional(),
  /** Only tasks of this plan. */
  parentId: taskIdSchema.optional(),
});
export type NextInput = z.input<typeof nextInputSchema>;

/** The token a claim returned (see core/claims.ts); it stands for the holder, whatever worker id is given. */
export const claimTokenSchema = z.string().min(1).max(128);

export const heartbeatInputSchema = z.object({
  worker: workerIdSchema,
  claimToken: claimTokenSchema.optional(),
  leaseSeconds: leaseSecondsSchema.optional(),
});
export type HeartbeatInput = z.input<typeof heartbeatInputSchema>;

export const completeInputSchema = z.object({
  worker: workerIdSchema,
  claimToken: claimTokenSchema.optional(),
  result: resultField.optional(),
  summary: z.string().max(FIELD_LIMITS.summary).optional(),
  artifacts: z.array(artifactRefSchema).default([]),
  metadata: metadataSchema.optional(),
  force: z.boolean().default(false),
});
export type CompleteInput = z.input<typeof completeInputSchema>;

export const failInputSchema = z.object({
  worker: workerIdSchema,
  claimToken: claimTokenSchema.optional(),
  error: errorField,
  force: z.boolean().default(false),
});
export type FailInput = z.input<typeof failInputSchema>;

export const actorInputSchema = z.object({
  actor: workerIdSchema,
  force: z.boolean().default(false),
});

export const cancelInputSchema = actorInputSchema.extend({
  reason: reasonField.optional(),
});
export type CancelInput = z.input<typeof cancelInputSchema>;

export const resetInputSchema = actorInputSchema;
export type ResetInput = z.input<typeof resetInputSchema>;

export const deleteInputSchema = actorInputSchema;
export type DeleteInput = z.input<typeof deleteInputSchema>;

/** Parses an operation's input; a bad value becomes an INVALID_INPUT error naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  try {
    return schema.parse(input);
  } catch (error) {
    throw asInputError(error);
  }
}

/** Turns a zod error into an error a user can act on: which field, and what is wrong with it. */
export function asInputError(error: unknown): unknown {
  if (!(error instanceof z.ZodError)) return error;
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return new OrchestratorError(`Invalid input: ${where}${first?.message ?? 'see details'}.`, {
    code: 'INVALID_INPUT',
    cause: error,
    details: { issues: error.issues },
  });
}
