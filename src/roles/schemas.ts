import { z } from 'zod';

// The two YAML shapes users already have. Keys are snake_case because the files are written by hand and shared
// with the Python orchestrator these formats come from. Messages are written for the person editing the file.

/** What a YAML value is, in the words of someone editing the file. */
export function describeValue(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'text';
  return `a ${typeof value}`;
}

/** A zod error message for a value of the wrong kind, in the words of a person editing the file. */
export const expected = (kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is missing' : `expected ${kind}, got ${describeValue(issue.input)}`;

/** Text that is not blank once trimmed. */
export const textSchema = z
  .string({ error: expected('text') })
  .trim()
  .min(1, 'is empty');

const listSchema = z
  .array(
    z
      .string({ error: expected('text') })
      .trim()
      .min(1, 'is empty'),
    { error: expected('a list of text items') },
  )
  .min(1, 'needs at least one item');

/** One entry of a roles file keyed by role name (`architect: {role_definition: ..., ...}`). */
export const roleEntrySchema = z.strictObject(
  {
    role_definition: textSchema,
    description: textSchema.optional(),
    expertise: listSchema,
    approach: listSchema,
    output_format: textSchema,
    // The Python orchestrator's coordinator entry lists the other roles here; accepted so its files load, unused.
    specialist_roles: z.unknown().optional(),
  },
  { error: expected('a mapping with role_definition, expertise, approach and output_format') },
);
export type RoleEntry = z.infer<typeof roleEntrySchema>;

/** A file holding one role under `name:` (the "custom specialist" format). */
export const singleRoleFileSchema = z.strictObject({
  name: textSchema,
  description: textSchema,
  expertise: listSchema,
  /** Instructions for the specialist; they become the role's approach. */
  prompts: listSchema.optional(),
  approach: listSchema.optional(),
  role_definition: textSchema.optional(),
  output_format: textSchema.optional(),
});
export type SingleRoleFile = z.infer<typeof singleRoleFileSchema>;

export const ROLE_ENTRY_KEYS = Object.keys(roleEntrySchema.shape).filter((key) => key !== 'specialist_roles');
export const SINGLE_ROLE_KEYS = Object.keys(singleRoleFileSchema.shape);
