import { z } from 'zod';
import { FIELD_LIMITS, PRIORITIES, ROLE_NAME_PATTERN, TASK_STATUSES } from './constants.js';

export { PRIORITIES, TASK_STATUSES };

/** Caller-supplied or generated ids. Dots alone are refused: ids name folders under artifacts/. */
export const taskIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'ids are 1-64 letters, digits, ".", "_" or "-"')
  .refine((id) => !/^\.+$/.test(id), 'an id cannot be made of dots only')
  .describe('Task id, e.g. "t12" or a name of your own (letters, digits, ".", "_", "-"; at most 64)');

export const taskStatusSchema = z.enum(TASK_STATUSES).describe('Task status');
export type TaskStatus = z.infer<typeof taskStatusSchema>;

/** Completed or cancelled: nothing more will happen to the task (a plan counts it as done). */
export function isFinished(status: TaskStatus): boolean {
  return status === 'completed' || status === 'cancelled';
}

export const prioritySchema = z.enum(PRIORITIES).describe('Priority: urgent, high, normal (default) or low');
export type Priority = z.infer<typeof prioritySchema>;

export const roleNameSchema = z
  .string()
  .regex(ROLE_NAME_PATTERN, 'role names are lowercase letters, digits, "_" and "-", starting with a letter or digit')
  .describe('Specialist role, e.g. "implementer"');

export const workerIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\s]+$/, 'worker ids contain no spaces')
  .describe('Who is doing the work, e.g. "cursor-agent-1" or "cli:alice"');

export const tagSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s,]+$/, 'tags contain no spaces or commas');

const isoDate = z.iso.datetime({ offset: true });

export const leaseSchema = z.object({
  owner: workerIdSchema,
  expiresAt: isoDate,
});
export type Lease = z.infer<typeof leaseSchema>;

export const artifactRefSchema = z.object({
  id: z.string().min(1),
  /** Relative to the data directory. */
  path: z.string().min(1),
  type: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
  createdAt: isoDate.optional(),
});
export type ArtifactRef = z.infer<typeof artifactRefSchema>;

export const taskSchema = z.object({
  id: taskIdSchema,
  title: z.string().min(1).max(FIELD_LIMITS.title),
  description: z.string().max(FIELD_LIMITS.description),
  status: taskStatusSchema,
  parentId: taskIdSchema.nullable(),
  role: roleNameSchema.nullable(),
  dependencies: z.array(taskIdSchema),
  priority: prioritySchema,
  complexity: z.string().max(FIELD_LIMITS.complexity).nullable(),
  estimatedEffort: z.string().max(FIELD_LIMITS.effort).nullable(),
  tags: z.array(tagSchema),
  assignee: workerIdSchema.nullable(),
  lease: leaseSchema.nullable(),
  /** Attempts that ended without completion: expired leases and failures. */
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  result: z.string().nullable(),
  summary: z.string().nullable(),
  artifacts: z.array(artifactRefSchema),
  error: z.string().nullable(),
  cancelReason: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: isoDate,
  updatedAt: isoDate,
  startedAt: isoDate.nullable(),
  completedAt: isoDate.nullable(),
});
export type Task = Readonly<z.infer<typeof taskSchema>>;

export const workerSchema = z.object({
  id: workerIdSchema,
  roles: z.array(roleNameSchema),
  /** A slot number for clients that count workers (compatibility toolsets). */
  slot: z.number().int().positive().nullable(),
  firstSeen: isoDate,
  lastSeen: isoDate,
});
export type Worker = Readonly<z.infer<typeof workerSchema>>;

export const sessionSchema = z.object({
  id: z.string().min(1).max(128),
  dataDir: z.string(),
  workingDirectory: z.string().nullable(),
  client: z.string().nullable(),
  startedAt: isoDate,
  lastSeen: isoDate,
});
export type Session = Readonly<z.infer<typeof sessionSchema>>;

/** What the store remembers of a task moved to archive/ (see core/archive.ts): enough to resolve dependencies. */
export const archivedEntrySchema = z.object({
  status: taskStatusSchema,
  archivedAt: isoDate,
});
export type ArchivedEntry = Readonly<z.infer<typeof archivedEntrySchema>>;

/**
 * The answer a change gave, kept under the request id its caller sent (`request_id` of the MCP tools), so that a
 * retried request returns that answer instead of applying the change again. Kept for a while, then dropped.
 */
export const requestRecordSchema = z.object({
  /** The operation that answered; the same id sent to another operation is refused. */
  op: z.string().min(1).max(64),
  at: isoDate,
  expiresAt: isoDate,
  result: z.unknown(),
});
export type RequestRecord = Readonly<z.infer<typeof requestRecordSchema>>;

/** Request ids: what a client may send as `request_id`. */
export const requestIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'request ids are printable ASCII without spaces');

/**
 * 2: changes since the snapshot live in journal.jsonl beside store.json. The documents are the same; the version
 * tells a version-1 binary, which would ignore the journal and overwrite what it holds, to stop.
 * 3: `requests`, the answers kept for retried requests.
 */
export const STORE_SCHEMA_VERSION = 3;

/** Steps from each older schema version to the next. */
export const STORE_MIGRATIONS: Record<number, (document: Record<string, unknown>) => Record<string, unknown>> = {
  1: (document) => document,
  2: (document) => ({ ...document, requests: {} }),
};

const storeHeaderShape = {
  schemaVersion: z.literal(STORE_SCHEMA_VERSION),
  revision: z.number().int().nonnegative(),
  eventLogBytes: z.number().int().nonnegative().optional(),
  counters: z.object({ task: z.number().int().nonnegative() }),
};

export const storeDocumentSchema = z.object({
  ...storeHeaderShape,
  tasks: z.record(z.string(), taskSchema),
  workers: z.record(z.string(), workerSchema),
  sessions: z.record(z.string(), sessionSchema),
  archived: z.record(z.string(), archivedEntrySchema),
  requests: z.record(z.string(), requestRecordSchema),
});
export type StoreDocument = z.infer<typeof storeDocumentSchema> & {
  tasks: Record<string, Task>;
  workers: Record<string, Worker>;
  sessions: Record<string, Session>;
  archived: Record<string, ArchivedEntry>;
  requests: Record<string, RequestRecord>;
};

/** The parts of the store that decide whether a dependency is satisfied. */
export type DependencyView = Pick<StoreDocument, 'tasks' | 'archived'>;

/** The header alone, for validating a change without walking every task. */
export const storeHeaderSchema = z.object(storeHeaderShape);
