import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { artifactRefSchema, detailedWorkField, filePathsField, NEXT_ACTIONS, summaryField, type TaskView } from '../../core/index.js';
import { claimTokenArg, optionalWorkerIdArg, taskIdArg } from '../args.js';
import type { Connection } from '../connection.js';
import { artifactUri } from '../present.js';
import { planProgressOutput, recommendationOutput, taskViewOutput } from '../outputs.js';
import { ADDITIVE, defineTool } from '../tool.js';
import { claimHint, nextStepText, progressText } from './workflow-text.js';

function outcomeText(connection: Connection, outcome: 'completed' | 'needs_revision' | 'blocked', task: TaskView): string {
  if (outcome === 'completed') return 'completed';
  if (outcome === 'needs_revision')
    return `needs revision: it is pending again and will be handed out again (${claimHint(connection, task.id, task.parentId)} to revise it now)`;
  const reset = connection.offers('orchestrator_reset_task') ? 'orchestrator_reset_task' : '`orchestrator tasks reset` (or orchestrator_reset_task)';
  return `is blocked: it is marked failed with your summary as the reason; ${reset} puts it back once the blocker is gone`;
}

/**
 * Completing a subtask. `detailed_work` goes to an artifact file and is never sent back: only its reference
 * (path and resource URI) is, so the conversation stays small.
 */
export function registerCompleteSubtask(server: McpServer, connection: Connection): void {
  defineTool(
    server,
    connection,
    'orchestrator_complete_subtask',
    {
      title: 'Complete a subtask',
      description:
        "Submits your work on a task you hold. detailed_work is stored as an artifact (not echoed); summary is what dependent tasks see. next_action: complete (default; continue is the same), needs_revision (back to pending) or blocked (failed until reset). Returns the plan's progress and the next task.",
      input: {
        task_id: taskIdArg,
        summary: summaryField.describe('What was done and what came of it, in a few sentences; shown to dependent tasks'),
        detailed_work: detailedWorkField.describe(
          'The full work (code, design, findings), stored as a markdown file and kept out of the conversation',
        ),
        file_paths: filePathsField.optional().describe('Files created or changed'),
        artifact_type: z
          .string()
          .regex(/^[a-z0-9_-]{1,32}$/, 'lowercase letters, digits, "_" or "-"')
          .default('general')
          .describe('code, documentation, analysis, design, test, config or general'),
        next_action: z.enum(NEXT_ACTIONS).default('complete').describe('What happens to the task'),
        claim_token: claimTokenArg,
        worker_id: optionalWorkerIdArg,
      },
      output: z.object({
        task: taskViewOutput,
        outcome: z.enum(['completed', 'needs_revision', 'blocked']),
        nextAction: z.enum(NEXT_ACTIONS),
        artifact: artifactRefSchema.extend({ uri: z.string() }),
        planProgress: planProgressOutput.nullable(),
        nextRecommended: recommendationOutput.nullable(),
      }),
      annotations: ADDITIVE,
    },
    async (args, call) => {
      const { service } = connection;
      const worker = connection.workerFor(args.task_id, args.worker_id);
      const { task, artifact } = await service.submitWithArtifact(
        args.task_id,
        {
          worker,
          ...(args.claim_token && { claimToken: args.claim_token }),
          summary: args.summary,
          detailedWork: args.detailed_work,
          artifactType: args.artifact_type,
          filePaths: args.file_paths ?? [],
          nextAction: args.next_action,
        },
        call.change(),
      );
      const outcome = task.status === 'completed' ? 'completed' : task.status === 'pending' ? 'needs_revision' : 'blocked';
      const progress = task.parentId ? await service.planProgress(task.parentId) : null;
      const next = outcome === 'needs_revision' ? null : await service.recommend(task.parentId ? { parentId: task.parentId } : {});
      const uri = artifactUri(task.id, artifact.id);
      const text = [
        `${task.id} ${outcomeText(connection, outcome, task)}. The detailed work is stored as ${artifact.path} (${artifact.bytes} bytes; resource ${uri}).`,
        ...(progress ? [`Plan ${progress.planId}: ${progressText(progress)}.`] : []),
        ...(outcome === 'needs_revision' ? [] : [nextStepText(connection, progress, next)]),
      ].join('\n');
      return {
        text,
        data: {
          task,
          outcome,
          nextAction: args.next_action,
          artifact: { ...artifact, uri },
          planProgress: progress,
          nextRecommended: next ? { id: next.task.id, title: next.task.title, role: next.task.role, reason: next.reason } : null,
        },
      };
    },
  );
}
