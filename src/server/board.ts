import { valuesOf, ViewContext, type TaskService, type TaskView } from '../core/index.js';
import { plural, taskLine } from './present.js';
import { progressText } from './tools/workflow-text.js';

/** Tasks shown per column; the rest are counted. */
const COLUMN_LIMIT = 25;

/** The board resource: the store at a glance, for a person or a model, as markdown. */
export async function boardMarkdown(service: TaskService): Promise<string> {
  const [doc, plans] = await Promise.all([service.snapshot(), service.activePlans()]);
  const context = new ViewContext(doc, service.now());
  const views = valuesOf(doc.tasks).map((task) => context.view(task));
  const leaves = views.filter((task) => task.children.length === 0);
  const byAge = (a: TaskView, b: TaskView) => a.createdAt.localeCompare(b.createdAt);
  const columns: Array<[string, TaskView[], (task: TaskView) => string]> = [
    ['Ready', leaves.filter((task) => task.ready).sort(byAge), (task) => ` (${task.priority})`],
    ['In progress', leaves.filter((task) => task.status === 'in_progress').sort(byAge), (task) => ` until ${task.lease?.expiresAt ?? '?'}`],
    ['Blocked', leaves.filter((task) => task.status === 'pending' && !task.ready).sort(byAge), () => ''],
    ['Failed', leaves.filter((task) => task.status === 'failed').sort(byAge), (task) => (task.error ? `: ${task.error.split('\n')[0]}` : '')],
    [
      'Completed (most recent first)',
      leaves.filter((task) => task.status === 'completed').sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? '')),
      (task) => (task.summary ? ` — ${task.summary.split('\n')[0]!.slice(0, 120)}` : ''),
    ],
  ];
  const counts: Record<string, number> = {};
  for (const task of views) counts[task.status] = (counts[task.status] ?? 0) + 1;
  const lines = [
    `# Task board: ${plural(views.length, 'task')}${
      views.length > 0
        ? ` (${Object.entries(counts)
            .map(([status, n]) => `${n} ${status}`)
            .join(', ')})`
        : ''
    }`,
    '',
  ];
  if (plans.length > 0) {
    lines.push(`## Plans in progress (${plans.length})`, '');
    for (const plan of plans.slice(0, COLUMN_LIMIT))
      lines.push(`- ${plan.planId} "${plan.title}": ${progressText(plan)}${plan.stalled ? `; stalled: ${plan.stalled}` : ''}`);
    if (plans.length > COLUMN_LIMIT) lines.push(`- … and ${plans.length - COLUMN_LIMIT} more`);
    lines.push('');
  }
  for (const [title, tasks, extra] of columns) {
    if (tasks.length === 0) continue;
    lines.push(`## ${title} (${tasks.length})`, '');
    for (const task of tasks.slice(0, COLUMN_LIMIT)) lines.push(`- ${taskLine(task)}${extra(task)}`);
    if (tasks.length > COLUMN_LIMIT) lines.push(`- … and ${tasks.length - COLUMN_LIMIT} more (orchestrator_query_tasks lists them all)`);
    lines.push('');
  }
  if (views.length === 0) lines.push('No task yet.');
  return lines.join('\n');
}
