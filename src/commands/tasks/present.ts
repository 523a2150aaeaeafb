import type { TaskDetails, TaskList, TaskView } from '../../core/index.js';
import type { LoggedEvent } from '../../store/index.js';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';
import { color, stateSymbols, symbols } from '../../ui/theme.js';

/** The state a person cares about: status refined by readiness, leases and plans. */
export function stateOf(task: TaskView): string {
  if (task.status === 'pending') {
    if (task.children.length > 0) return 'planned';
    return task.ready ? 'ready' : 'blocked';
  }
  if (task.status === 'in_progress') {
    if (task.children.length > 0) return 'in progress';
    return task.leaseExpired ? 'expired' : 'in progress';
  }
  return task.status;
}

const STATE_STYLE: Record<string, { symbol: string; paint: (text: string) => string }> = {
  ready: { symbol: stateSymbols.ready, paint: color.green },
  blocked: { symbol: stateSymbols.blocked, paint: color.yellow },
  planned: { symbol: stateSymbols.planned, paint: color.cyan },
  'in progress': { symbol: stateSymbols.running, paint: color.blue },
  expired: { symbol: stateSymbols.expired, paint: color.magenta },
  completed: { symbol: stateSymbols.completed, paint: color.dim },
  failed: { symbol: stateSymbols.failed, paint: color.red },
  cancelled: { symbol: stateSymbols.cancelled, paint: color.dim },
};

export function stateLabel(task: TaskView): string {
  const state = stateOf(task);
  return `${STATE_STYLE[state]?.symbol ?? '?'} ${state}`;
}

function paintState(text: string, task: TaskView): string {
  return (STATE_STYLE[stateOf(task)]?.paint ?? ((value: string) => value))(text);
}

export function printTaskList(out: Output, list: TaskList, now: Date): void {
  if (list.tasks.length === 0) {
    out.line(list.total === 0 && sum(list.counts) === 0 ? 'No tasks yet. Add one with `orchestrator tasks add "<title>"`.' : 'No task matches.');
    return;
  }
  const ordered = nestUnderPlans(list.tasks);
  const lines = renderTable(ordered, [
    { header: 'ID', value: ({ task }) => task.id },
    { header: 'STATE', value: ({ task }) => stateLabel(task), style: (text, { task }) => paintState(text, task) },
    { header: 'PRIORITY', value: ({ task }) => task.priority, style: (text, { task }) => (task.priority === 'urgent' || task.priority === 'high' ? color.bold(text) : text) },
    { header: 'ROLE', value: ({ task }) => task.role ?? '—', max: 14 },
    { header: 'TITLE', value: ({ task, depth }) => `${'  '.repeat(depth)}${task.title}`, max: 48 },
    { header: 'WAITS FOR / HELD BY', value: ({ task }) => waitingOrHolder(task, now), max: 36, style: (text) => color.dim(text) },
  ], { header: color.bold });
  for (const line of lines) out.line(line);
  out.line();
  const shown = list.tasks.length < list.total ? `showing ${list.tasks.length} of ${list.total}` : `${list.total} task${list.total === 1 ? '' : 's'}`;
  out.line(color.dim(`${shown} · ${summarise(list.tasks)}`));
}

export function printTaskDetails(out: Output, details: TaskDetails, now: Date, history?: LoggedEvent[]): void {
  const { task } = details;
  out.line(`${color.bold(task.id)}  ${task.title}`);
  const rows: Array<[string, string | undefined]> = [
    ['State', paintState(stateLabel(task), task) + (details.archivedAt ? color.dim(` (archived ${details.archivedAt})`) : '')],
    ['Priority', task.priority],
    ['Role', task.role ?? undefined],
    ['Plan', task.parentId ?? undefined],
    ['Depends on', details.dependencies.map((dep) => `${dep.id} ${stateLabel(dep)}`).join(', ') || undefined],
    ['Waiting on', task.blockedBy.length > 0 ? task.blockedBy.join(', ') : undefined],
    ['Dependents', details.dependents.map((dep) => `${dep.id} ${stateLabel(dep)}`).join(', ') || undefined],
    ['Subtasks', details.subtasks.length > 0 ? `${details.subtasks.filter((sub) => sub.status === 'completed').length}/${details.subtasks.length} completed: ${details.subtasks.map((sub) => sub.id).join(', ')}` : undefined],
    ['Assignee', task.assignee ? `${task.assignee}${task.lease ? ` (lease ${leaseText(task.lease.expiresAt, now)})` : ''}` : undefined],
    ['Attempts', task.attempts > 0 ? `${task.attempts} of ${task.maxAttempts}` : undefined],
    ['Tags', task.tags.join(', ') || undefined],
    ['Complexity', task.complexity ?? undefined],
    ['Effort', task.estimatedEffort ?? undefined],
    ['Created', task.createdAt],
    ['Started', task.startedAt ?? undefined],
    ['Finished', task.completedAt ?? undefined],
    ['Artifacts', task.artifacts.map((artifact) => artifact.path).join(', ') || undefined],
  ];
  for (const [label, value] of rows) {
    if (value !== undefined) out.line(`  ${color.dim(`${label}:`.padEnd(12))} ${value}`);
  }
  for (const [label, text] of [
    ['Description', task.description],
    ['Summary', task.summary],
    ['Result', task.result],
    ['Error', task.error],
    ['Cancelled because', task.cancelReason],
  ] as const) {
    if (!text) continue;
    out.line();
    out.line(color.bold(label));
    for (const line of text.split('\n')) out.line(`  ${line}`);
  }
  if (history) {
    out.line();
    out.line(color.bold('History'));
    printEvents(out, history, { withTask: false });
  }
}

export function printEvents(out: Output, events: readonly LoggedEvent[], options: { withTask: boolean }): void {
  if (events.length === 0) {
    out.line('No history yet.');
    return;
  }
  for (const event of events) {
    const when = String(event.ts).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    const transition = event.from && event.to && event.from !== event.to ? `${event.from} → ${event.to}` : String(event.to ?? event.from ?? '');
    const parts = [
      color.dim(when),
      ...(options.withTask ? [String(event.taskId ?? '—').padEnd(6)] : []),
      String(event.op).padEnd(9),
      transition.padEnd(24),
      color.dim(`by ${String(event.actor ?? '?')}`),
    ];
    out.line(`  ${parts.join('  ')}`.trimEnd());
  }
}

/** One line after a change: "✔ Completed t3  Implement the API". */
export function printChanged(out: Output, verb: string, task: TaskView): void {
  out.line(`${color.green(symbols.ok)} ${verb} ${color.bold(task.id)}  ${task.title}  ${paintState(`(${stateLabel(task)})`, task)}`);
}

function waitingOrHolder(task: TaskView, now: Date): string {
  if (task.status === 'pending' && task.blockedBy.length > 0) return `← ${task.blockedBy.join(', ')}`;
  if (task.status === 'in_progress' && task.assignee) {
    return `${task.assignee}${task.lease ? `, ${leaseText(task.lease.expiresAt, now)}` : ''}`;
  }
  if (task.children.length > 0) return `${task.children.length} subtask${task.children.length === 1 ? '' : 's'}`;
  return '';
}

function leaseText(expiresAt: string, now: Date): string {
  const ms = Date.parse(expiresAt) - now.getTime();
  return ms <= 0 ? `expired ${duration(-ms)} ago` : `${duration(ms)} left`;
}

export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.max(1, Math.round(ms / 1000))}s`;
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.round(hours / 24)}d`;
}

/** Lists subtasks right after their plan (when both are listed), indented by depth. */
function nestUnderPlans(tasks: readonly TaskView[]): Array<{ task: TaskView; depth: number }> {
  const listed = new Map(tasks.map((task) => [task.id, task]));
  const children = new Map<string, TaskView[]>();
  const roots: TaskView[] = [];
  for (const task of tasks) {
    if (task.parentId && listed.has(task.parentId)) {
      const siblings = children.get(task.parentId);
      if (siblings) siblings.push(task);
      else children.set(task.parentId, [task]);
    } else {
      roots.push(task);
    }
  }
  const ordered: Array<{ task: TaskView; depth: number }> = [];
  const stack = roots.map((task) => ({ task, depth: 0 })).reverse();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    ordered.push(entry);
    for (const child of [...(children.get(entry.task.id) ?? [])].reverse()) stack.push({ task: child, depth: entry.depth + 1 });
  }
  return ordered;
}

function summarise(tasks: readonly TaskView[]): string {
  const counts = new Map<string, number>();
  for (const task of tasks) counts.set(stateOf(task), (counts.get(stateOf(task)) ?? 0) + 1);
  const order = ['ready', 'blocked', 'planned', 'in progress', 'expired', 'failed', 'completed', 'cancelled'];
  return order.filter((state) => counts.has(state)).map((state) => `${counts.get(state)} ${state}`).join(', ');
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}
