import { z } from 'zod';
import { artifactRefSchema, prioritySchema, roleNameSchema, taskIdSchema, workerIdSchema } from './schemas.js';

/**
 * Inputs of the workflow operations (plans, submitted work, worker slots, sessions), shared by every face that
 * offers them.
 */

export const planSubtaskInputSchema = z.object({
  id: taskIdSchema.optional(),
  title: z.string().trim().min(1, 'a subtask needs a title').max(500),
  description: z.string().max(100_000).default(''),
  role: roleNameSchema.nullish(),
  /** Ids of existing tasks, ids given to other subtasks of the plan, or titles of other subtasks. */
  dependencies: z.array(z.string().trim().min(1).max(500)).default([]),
  priority: prioritySchema.default('normal'),
  complexity: z.string().max(64).nullish(),
  estimatedEffort: z.string().max(128).nullish(),
});
export type PlanSubtaskInput = z.input<typeof planSubtaskInputSchema>;

export const planInputSchema = z.object({
  /** Defaults to the first line of the description. */
  title: z.string().trim().min(1).max(500).optional(),
  description: z.string().trim().min(1, 'a plan needs a description').max(100_000),
  complexity: z.string().max(64).nullish(),
  /** Background every subtask may need; kept in the plan's metadata. */
  context: z.string().max(100_000).nullish(),
  subtasks: z.array(planSubtaskInputSchema).min(1, 'a plan needs at least one subtask').max(200),
});
export type PlanInput = z.input<typeof planInputSchema>;

/** What the worker says should happen after submitting work. */
export const NEXT_ACTIONS = ['continue', 'complete', 'needs_revision', 'blocked'] as const;
export const nextActionSchema = z.enum(NEXT_ACTIONS);
export type NextAction = z.infer<typeof nextActionSchema>;

export const submitInputSchema = z.object({
  worker: workerIdSchema,
  claimToken: z.string().min(1).max(128).optional(),
  summary: z.string().trim().min(1, 'a summary is needed').max(100_000),
  artifacts: z.array(artifactRefSchema).default([]),
  filePaths: z.array(z.string().min(1).max(4096)).max(1000).default([]),
  nextAction: nextActionSchema.default('complete'),
});
export type SubmitInput = z.input<typeof submitInputSchema>;

export const sessionInputSchema = z.object({
  id: z.string().min(1).max(128),
  dataDir: z.string(),
  workingDirectory: z.string().nullable().default(null),
  client: z.string().max(256).nullable().default(null),
});
export type SessionInput = z.input<typeof sessionInputSchema>;

export const slotNumberSchema = z.number().int().positive().max(10_000);
