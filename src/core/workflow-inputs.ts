import { z } from 'zod';
import { FIELD_LIMITS } from './constants.js';
import {
  complexityField,
  contextField,
  descriptionField,
  detailedWorkField,
  effortField,
  filePathsField,
  requiredDescriptionField,
  subtaskReferencesField,
  summaryField,
  titleField,
} from './fields.js';
import { claimTokenSchema, roleInputSchema } from './inputs.js';
import { artifactRefSchema, prioritySchema, taskIdSchema, workerIdSchema } from './schemas.js';

/**
 * Inputs of the workflow operations (plans, submitted work, worker slots, sessions), shared by every face that
 * offers them.
 */

export const planSubtaskInputSchema = z.object({
  id: taskIdSchema.optional(),
  title: titleField,
  description: descriptionField.default(''),
  role: roleInputSchema.nullish(),
  /** Ids of existing tasks, ids given to other subtasks of the plan, or titles of other subtasks. */
  dependencies: subtaskReferencesField.default([]),
  priority: prioritySchema.default('normal'),
  complexity: complexityField.nullish(),
  estimatedEffort: effortField.nullish(),
});
export type PlanSubtaskInput = z.input<typeof planSubtaskInputSchema>;

export const planInputSchema = z.object({
  /** Defaults to the first line of the description. */
  title: titleField.optional(),
  description: requiredDescriptionField,
  complexity: complexityField.nullish(),
  /** Background every subtask may need; kept in the plan's metadata. */
  context: contextField.nullish(),
  subtasks: z.array(planSubtaskInputSchema).min(1, 'a plan needs at least one subtask').max(FIELD_LIMITS.subtasks),
});
export type PlanInput = z.input<typeof planInputSchema>;

/** What the worker says should happen after submitting work. */
export const NEXT_ACTIONS = ['continue', 'complete', 'needs_revision', 'blocked'] as const;
export const nextActionSchema = z.enum(NEXT_ACTIONS);
export type NextAction = z.infer<typeof nextActionSchema>;

export const submitInputSchema = z.object({
  worker: workerIdSchema,
  claimToken: claimTokenSchema.optional(),
  summary: summaryField,
  artifacts: z.array(artifactRefSchema).default([]),
  filePaths: filePathsField.default([]),
  nextAction: nextActionSchema.default('complete'),
});
export type SubmitInput = z.input<typeof submitInputSchema>;

export const submitWithArtifactInputSchema = submitInputSchema.omit({ artifacts: true }).extend({
  /** The full work, kept as a markdown file in the data directory rather than in the store. */
  detailedWork: detailedWorkField,
  /** What kind of work it is: code, documentation, analysis, design, test, config or general. */
  artifactType: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/, 'lowercase letters, digits, "_" or "-"')
    .default('general'),
});
export type SubmitWithArtifactInput = z.input<typeof submitWithArtifactInputSchema>;

export const sessionInputSchema = z.object({
  id: z.string().min(1).max(128),
  dataDir: z.string(),
  workingDirectory: z.string().nullable().default(null),
  client: z.string().max(256).nullable().default(null),
});
export type SessionInput = z.input<typeof sessionInputSchema>;

export const slotNumberSchema = z.number().int().positive().max(10_000);
