import type { TaskView } from '../core/index.js';

/** One line per task for the text of a result: id, state, role and title. */
export function taskLine(task: TaskView): string {
  return `${task.id} [${stateOf(task)}]${task.role ? ` (${task.role})` : ''} ${task.title}`;
}

export function stateOf(task: TaskView): string {
  if (task.status === 'in_progress') return task.leaseExpired ? `in progress by ${task.assignee}, lease expired` : `in progress by ${task.assignee}`;
  if (task.status === 'pending') {
    if (task.children.length > 0) return 'plan';
    return task.ready ? 'ready' : `blocked by ${task.blockedBy.join(', ')}`;
  }
  return task.status;
}

export function taskLines(tasks: readonly TaskView[], limit = 50): string {
  const shown = tasks.slice(0, limit).map((task) => `- ${taskLine(task)}`);
  if (tasks.length > limit) shown.push(`- … and ${tasks.length - limit} more (see structuredContent)`);
  return shown.join('\n');
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** The URI of an artifact, readable as an MCP resource without it entering the conversation. */
export function artifactUri(taskId: string, artifactId: string): string {
  return `orchestrator://artifacts/${encodeURIComponent(taskId)}/${encodeURIComponent(artifactId)}`;
}

export function taskUri(taskId: string): string {
  return `orchestrator://tasks/${encodeURIComponent(taskId)}`;
}
