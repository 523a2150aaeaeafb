import { z } from 'zod';
import { dependencyListField, leaseSecondsSchema, prioritySchema, tagListField, taskIdSchema, taskStatusSchema, workerIdSchema } from '../core/index.js';

// Tool arguments shared by several tools. Argument names are snake_case, as MCP clients and prompts expect;
// every field has a description because the model reads it to decide what to send.

export const taskIdArg = taskIdSchema.describe('Task id, e.g. "t12" (as returned by the tool that created the task)');
export const workerIdArg = workerIdSchema.describe(
  'Who is doing the work: a stable id per agent, e.g. "cursor-agent-1". Use the same id for every call about the same task',
);
export const optionalWorkerIdArg = workerIdSchema
  .optional()
  .describe("Who is doing the work. Leave it out to use this connection's own worker id (returned by orchestrator_initialize_session)");
export const leaseSecondsArg = leaseSecondsSchema
  .optional()
  .describe('How long the claim lasts without a heartbeat, in seconds (5 to 604800; default 1800 or ORCHESTRATOR_LEASE_SECONDS)');
export const roleArg = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .describe('Specialist role, e.g. "architect", "implementer", "tester" (orchestrator_initialize_session lists them all)');
export const priorityArg = prioritySchema
  .optional()
  .describe('urgent, high, normal (default) or low; higher priorities are handed out first');
export const tagsArg = tagListField.describe('Free labels, e.g. ["backend", "sprint-3"] (no spaces or commas)');
export const statusArg = taskStatusSchema.describe('pending, in_progress, completed, failed or cancelled');
export const statusFilterArg = z
  .union([statusArg, z.array(statusArg).min(1)])
  .optional()
  .describe('Only tasks with this status, or with any of these statuses');
export const dependenciesArg = dependencyListField.describe('Ids of tasks that must be completed before this one can start');
