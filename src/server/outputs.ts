import { z } from 'zod';
import { artifactRefSchema, taskSchema, taskStatusSchema, workerSchema } from '../core/index.js';

// The shapes of the tools' structuredContent, declared as each tool's outputSchema. They describe what the
// tools return (the TaskView and the other shapes of docs/cli.md); the tests check every tool's answers
// against the JSON Schema clients are given.

const ids = z.array(z.string());
const nullableString = z.string().nullable();

export const taskViewOutput = taskSchema.extend({
  ready: z.boolean().describe('Pending, every dependency completed, no subtasks: can be claimed now'),
  blockedBy: ids.describe('Dependencies not completed yet'),
  leaseExpired: z.boolean(),
  children: ids.describe('Direct subtasks; a task with subtasks is a plan'),
});

export const statusCountsOutput = z.object({
  pending: z.number().int(),
  in_progress: z.number().int(),
  completed: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});

export const planProgressOutput = z.object({
  planId: z.string(),
  title: z.string(),
  status: taskStatusSchema,
  total: z.number().int(),
  counts: statusCountsOutput,
  percentComplete: z.number(),
  ready: ids,
  done: z.boolean(),
});

export const activePlanOutput = planProgressOutput.extend({ stalled: nullableString });

export const planEntryOutput = z.object({
  id: z.string(),
  title: z.string(),
  role: nullableString,
  status: taskStatusSchema,
  ready: z.boolean(),
  dependencies: ids,
  estimatedEffort: nullableString,
  complexity: nullableString,
});

export const roleSourceOutput = z.enum(['built-in', 'user', 'project']);

export const roleProblemOutput = z.object({
  file: z.string(),
  line: z.number().int().optional(),
  role: z.string().optional(),
  message: z.string(),
  source: roleSourceOutput.optional(),
});

export const specialistContextOutput = z.object({
  role: z.object({
    name: z.string(),
    displayName: nullableString,
    description: z.string(),
    roleDefinition: z.string(),
    expertise: z.array(z.string()),
    approach: z.array(z.string()),
    outputFormat: z.string(),
    source: roleSourceOutput,
  }),
  task: z.object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    priority: z.string(),
    complexity: nullableString,
    estimatedEffort: nullableString,
    parentId: nullableString,
  }),
  plan: z.object({ id: z.string(), title: z.string(), description: z.string() }).nullable(),
  dependencies: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: taskStatusSchema,
      summary: nullableString,
      resultExcerpt: nullableString,
      artifacts: z.array(artifactRefSchema),
    }),
  ),
  artifactResources: z.array(z.string()).describe('Resource URIs of the work the dependencies produced'),
  roleNote: nullableString,
});

export const claimOutput = z.object({
  task: taskViewOutput,
  workerId: z.string(),
  claimToken: z.string().nullable().describe('complete_subtask, fail_task and heartbeat accept it from any connection'),
  leaseExpiresAt: nullableString,
  context: specialistContextOutput,
});

export const recommendationOutput = z.object({ id: z.string(), title: z.string(), role: nullableString, reason: z.string() });

export const synthesisOutput = z.object({
  plan: z.object({ id: z.string(), title: z.string(), description: z.string(), status: taskStatusSchema, context: nullableString }),
  progress: planProgressOutput,
  complete: z.boolean(),
  byRole: z.array(
    z.object({
      role: z.string(),
      tasks: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          status: taskStatusSchema,
          summary: nullableString,
          artifacts: z.array(artifactRefSchema),
          filePaths: z.array(z.string()),
          nextAction: nullableString,
        }),
      ),
    }),
  ),
  artifacts: z.array(artifactRefSchema.extend({ taskId: z.string() })),
  filePaths: z.array(z.string()),
  incomplete: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      role: nullableString,
      status: taskStatusSchema,
      blockedBy: ids,
      assignee: nullableString,
      error: nullableString,
      nextAction: nullableString,
    }),
  ),
});

export const taskListOutput = z.object({
  tasks: z.array(taskViewOutput),
  total: z.number().int().describe('Matches before offset and limit'),
  offset: z.number().int(),
  counts: statusCountsOutput.describe('Tasks per status in the whole store'),
});

export const workerListingOutput = z.object({
  workers: z.array(
    workerSchema.extend({
      holding: z.array(z.object({ id: z.string(), title: z.string(), expiresAt: nullableString, leaseExpired: z.boolean() })),
      idleSeconds: z.number(),
      stale: z.boolean(),
    }),
  ),
  slots: z.object({ limit: z.number().int(), used: z.number().int(), free: z.number().int().nullable() }),
});

export const integrityProblemOutput = z.object({
  kind: z.string(),
  taskIds: ids,
  message: z.string(),
  safeFix: z.boolean(),
});

/** A task in the answers of the compatibility tools: the shape the original servers answered with. */
export const legacyTaskOutput = z.object({
  id: z.string(),
  description: z.string(),
  status: z.string(),
  dependencies: ids,
  assignedTo: z.string().optional(),
  worker: z.string().optional(),
  result: z.string().optional(),
  output: z.string().optional(),
  error: z.string().optional(),
  startedAt: z.string().optional(),
  completedAt: z.string().optional(),
});
