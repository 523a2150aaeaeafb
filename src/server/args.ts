import { z } from 'zod';
import {
  claimTokenSchema,
  dependencyListField,
  leaseSecondsSchema,
  prioritySchema,
  tagListField,
  taskIdSchema,
  taskStatusSchema,
  workerIdSchema,
} from '../core/index.js';

// Tool arguments shared by several tools. Argument names are snake_case, as MCP clients and prompts expect;
// every field has a description because the model reads it to decide what to send.

export const taskIdArg = taskIdSchema.describe('Task id, e.g. "t12"');
export const optionalWorkerIdArg = workerIdSchema.optional().describe("Your worker id (default: this connection's)");
export const claimTokenArg = claimTokenSchema.optional().describe('The claimToken your claim returned: acts for its holder from any connection');
export const leaseSecondsArg = leaseSecondsSchema.optional().describe('Claim length without a heartbeat, seconds (default 1800)');
export const roleArg = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .describe('Specialist role, e.g. architect, implementer, tester (initialize_session lists them)');
export const priorityArg = prioritySchema.optional().describe('Higher is handed out first (default normal)');
export const tagsArg = tagListField.describe('Labels without spaces or commas');
export const statusArg = taskStatusSchema.describe('Task status');
export const statusFilterArg = z
  .union([statusArg, z.array(statusArg).min(1)])
  .optional()
  .describe('Only tasks with this status or any of these');
export const dependenciesArg = dependencyListField.describe('Ids of tasks to complete before this one');
