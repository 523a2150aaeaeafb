import { z } from 'zod';
import { PRIORITIES } from '../core/constants.js';
import { expected, textSchema } from '../roles/schemas.js';

// The YAML shape of a template file. Keys are snake_case like the role files beside them; messages are written
// for the person editing the file.

const optionalText = z.string({ error: expected('text') }).optional();
/** Effort and complexity are often written as bare numbers (`effort: 2`); they are kept as text. */
const textOrNumber = z.union([z.string(), z.number()], { error: expected('text') }).transform(String);
const textList = z.array(
  z
    .string({ error: expected('text') })
    .trim()
    .min(1, 'is empty'),
  { error: expected('a list of text items') },
);

/** Subtask keys and parameter names: short, lowercase, usable in `--param name=value` and `depends_on`. */
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const KEY_RULE = 'lowercase letters, digits, "_" and "-", starting with a letter or digit (at most 64)';
const keySchema = z.string({ error: expected('text') }).regex(KEY_PATTERN, `keys are ${KEY_RULE}`);

const parameterSchema = z.strictObject(
  {
    description: textSchema,
    /** Without a default, the parameter must be given. YAML numbers and booleans are taken as written. */
    default: z
      .union([z.string(), z.number(), z.boolean()], { error: expected('text') })
      .transform(String)
      .optional(),
  },
  { error: expected('a mapping with description and, optionally, default') },
);

const subtaskSchema = z.strictObject(
  {
    key: keySchema,
    title: textSchema,
    description: optionalText,
    role: textSchema.optional(),
    priority: z.enum(PRIORITIES, { error: `expected one of ${PRIORITIES.join(', ')}` }).optional(),
    effort: textOrNumber.optional(),
    complexity: textOrNumber.optional(),
    depends_on: z.array(keySchema, { error: expected('a list of subtask keys') }).optional(),
    tags: textList.optional(),
  },
  { error: expected('a mapping with key, title and the other subtask fields') },
);

export const templateEntrySchema = z.strictObject(
  {
    description: textSchema,
    parameters: z
      .record(z.string().regex(KEY_PATTERN, `parameter names are ${KEY_RULE}`), parameterSchema, { error: expected('a mapping of parameter names') })
      .optional(),
    plan: z.strictObject(
      {
        title: textSchema,
        description: optionalText,
        context: optionalText,
        priority: z.enum(PRIORITIES, { error: `expected one of ${PRIORITIES.join(', ')}` }).optional(),
        tags: textList.optional(),
      },
      { error: expected('a mapping with title and, optionally, description, context, priority and tags') },
    ),
    subtasks: z.array(subtaskSchema, { error: expected('a list of subtasks') }).min(1, 'needs at least one subtask'),
  },
  { error: expected('a mapping with description, parameters, plan and subtasks') },
);
export type TemplateEntry = z.output<typeof templateEntrySchema>;

export const TEMPLATE_KEYS = Object.keys(templateEntrySchema.shape);
export const PLAN_KEYS = Object.keys(templateEntrySchema.shape.plan.shape);
export const SUBTASK_KEYS = Object.keys(subtaskSchema.shape);
export const PARAMETER_KEYS = Object.keys(parameterSchema.shape);

/** `{{ name }}` in a text field. */
export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
