import type { PlanProgress, Recommendation, Synthesis, TaskView } from '../../core/index.js';
import type { Role } from '../../roles/index.js';
import { artifactUri, plural } from '../present.js';

// The texts of the workflow tools: what the model reads. They carry every id the next step needs, so a client
// that shows only text still works; structuredContent has the same facts as data.

/** The tools a server offers: the texts name only tools the client has. */
export interface Offered {
  offers(tool: string): boolean;
}

/** How to take a subtask: by id when execute_subtask is offered, else the next ready one of its plan. */
export function claimHint(tools: Offered, taskId: string, planId: string | null): string {
  if (tools.offers('orchestrator_execute_subtask')) return `orchestrator_execute_subtask with task_id "${taskId}"`;
  return `orchestrator_get_next_task${planId ? ` with plan_id "${planId}"` : ''}`;
}

function statusTool(tools: Offered): string {
  return tools.offers('orchestrator_get_status') ? 'orchestrator_get_status' : 'orchestrator_query_tasks';
}

export function workflowSteps(tools: Offered): string[] {
  const take = tools.offers('orchestrator_execute_subtask')
    ? 'orchestrator_execute_subtask (or orchestrator_get_next_task with the plan_id)'
    : 'orchestrator_get_next_task with the plan_id';
  return [
    'Break the goal into subtasks and submit them with orchestrator_plan_task (each with a title, a description, a specialist_type and its dependencies by title or id).',
    `Take the next ready subtask with ${take}: it returns the specialist context to work in, and a claim_token.`,
    'Do the work, then call orchestrator_complete_subtask with a short summary and the detailed_work (kept as a file, not in this conversation).',
    `Repeat until the plan is done (${statusTool(tools)} shows where it stands), then call orchestrator_synthesize_results.`,
  ];
}

export interface SessionText {
  sessionId: string;
  workerId: string;
  /** The data directory, or the database that holds the tasks. */
  store: string;
  storeReason: string;
  roles: Role[];
  coordinator: Role | undefined;
  plans: Array<PlanProgress & { stalled: string | null; next: Recommendation | null }>;
  steps: string[];
}

export function sessionText(session: SessionText): string {
  const lines = [
    `# Orchestration session ${session.sessionId}`,
    '',
    `Store: ${session.store} (${session.storeReason}). Your worker id: ${session.workerId}.`,
    '',
  ];
  if (session.coordinator) {
    lines.push(
      '## How to plan',
      '',
      session.coordinator.roleDefinition,
      '',
      ...session.coordinator.approach.map((step, i) => `${i + 1}. ${step}`),
      '',
    );
    lines.push(`Expected: ${session.coordinator.outputFormat}`, '');
  }
  lines.push('## The workflow', '', ...session.steps.map((step, i) => `${i + 1}. ${step}`), '');
  lines.push('## Specialist roles (specialist_type)', '', ...session.roles.map((role) => `- ${role.name}: ${role.description}`), '');
  if (session.plans.length > 0) {
    lines.push('## Plans in progress (resume them instead of starting over)', '');
    for (const plan of session.plans) {
      const next = plan.next ? ` Next: ${plan.next.task.id} "${plan.next.task.title}".` : '';
      const stalled = plan.stalled ? ` Stalled: ${plan.stalled}.` : '';
      lines.push(`- ${plan.planId} "${plan.title}": ${progressText(plan)}.${next}${stalled}`);
    }
  } else {
    lines.push('No plan is in progress in this data directory.');
  }
  return lines.join('\n');
}

export function progressText(progress: PlanProgress): string {
  const { counts } = progress;
  const parts = [`${counts.completed}/${progress.total - counts.cancelled} completed (${progress.percentComplete}%)`];
  if (counts.in_progress > 0) parts.push(`${counts.in_progress} in progress`);
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (progress.ready.length > 0) parts.push(`${progress.ready.length} ready`);
  return parts.join(', ');
}

export function planText(tools: Offered, plan: TaskView, subtasks: readonly TaskView[], next: TaskView | undefined): string {
  const lines = [`Plan ${plan.id} "${plan.title}" created with ${plural(subtasks.length, 'subtask')}, in dependency order:`];
  subtasks.forEach((task, index) => {
    const when = task.ready ? 'ready' : `after ${task.dependencies.join(', ')}`;
    lines.push(`${index + 1}. ${task.id} ${task.title} (${task.role ?? 'no role'}) — ${when}`);
  });
  lines.push(next ? `Next: ${claimHint(tools, next.id, plan.id)}.` : 'No subtask is ready yet.');
  return lines.join('\n');
}

export function nextStepText(tools: Offered, progress: PlanProgress | null, next: Recommendation | null): string {
  if (next)
    return `Next: ${next.task.id} "${next.task.title}"${next.task.role ? ` (${next.task.role})` : ''} → ${claimHint(tools, next.task.id, next.task.parentId)}.`;
  if (progress?.done)
    return `Every subtask of plan ${progress.planId} is done: call orchestrator_synthesize_results with parent_task_id "${progress.planId}".`;
  if (progress && progress.counts.in_progress > 0) return 'No subtask is ready: the rest wait for subtasks in progress.';
  return `No task is ready now; ${statusTool(tools)} shows what is blocked.`;
}

export function synthesisText(synthesis: Synthesis): string {
  const { plan, progress } = synthesis;
  const lines = [
    `# Synthesis of plan ${plan.id}: ${plan.title}`,
    '',
    `${progressText(progress)}.${synthesis.complete ? ' Every subtask is completed.' : ''}`,
  ];
  for (const group of synthesis.byRole) {
    lines.push('', `## ${group.role}`);
    for (const task of group.tasks) {
      lines.push(
        `- ${task.id} ${task.title} (${task.status}${task.nextAction && task.nextAction !== 'complete' ? `, ${task.nextAction}` : ''}): ${task.summary ?? 'no summary'}`,
      );
      for (const artifact of task.artifacts) lines.push(`  - artifact ${artifactUri(task.id, artifact.id)} (${artifact.path})`);
    }
  }
  if (synthesis.incomplete.length > 0) {
    lines.push('', '## Not completed');
    for (const task of synthesis.incomplete) {
      const why =
        task.blockedBy.length > 0
          ? `, waits for ${task.blockedBy.join(', ')}`
          : task.error
            ? `: ${task.error}`
            : task.assignee
              ? `, held by ${task.assignee}`
              : task.status === 'pending'
                ? ', ready'
                : '';
      lines.push(`- ${task.id} ${task.title}: ${task.status}${why}`);
    }
  }
  if (synthesis.filePaths.length > 0) lines.push('', '## Files', ...synthesis.filePaths.map((file) => `- ${file}`));
  return lines.join('\n');
}
