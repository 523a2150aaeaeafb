import { z } from 'zod';
import {
  claimTokenSchema,
  searchField,
  type TaskFilter,
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

const isoDateArg = z.iso.datetime({ offset: true });

/** The arguments that choose tasks by what they are: the same for finding tasks and for changing many. */
export const taskFilterArgs = {
  status: statusFilterArg,
  specialist_type: roleArg.optional().describe('Only tasks for this role'),
  parent_id: taskIdArg.optional().describe("Only this plan's subtasks"),
  tags: tagsArg.optional().describe('Only tasks with all these tags'),
  text: searchField.optional().describe('Only tasks whose id, title, description, result or summary contains this'),
  created_after: isoDateArg.optional().describe('Only tasks created at or after this time'),
  created_before: isoDateArg.optional().describe('Only tasks created at or before this time'),
  ready: z.boolean().optional().describe('true: claimable now; false: the others'),
  assignee: workerIdSchema.optional().describe('Only tasks held or done by this worker'),
};

export type TaskFilterArgs = z.infer<z.ZodObject<typeof taskFilterArgs>>;

/** Those arguments as the core's filter. */
export function toTaskFilter(args: TaskFilterArgs): TaskFilter {
  return {
    ...(args.status && { status: Array.isArray(args.status) ? args.status : [args.status] }),
    ...(args.specialist_type && { role: args.specialist_type }),
    ...(args.parent_id && { parentId: args.parent_id }),
    ...(args.tags && { tags: args.tags }),
    ...(args.text && { search: args.text }),
    ...(args.created_after && { createdAfter: args.created_after }),
    ...(args.created_before && { createdBefore: args.created_before }),
    ...(args.ready !== undefined && { ready: args.ready }),
    ...(args.assignee && { assignee: args.assignee }),
  };
}
