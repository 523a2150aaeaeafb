import type { TaskDetails, TaskList, TaskView } from '../../core/index.js';
import type { LoggedEvent } from '../../store/index.js';
import type { Output } from '../../ui/output.js';
import wrapAnsi from 'wrap-ansi';
import { displayWidth, renderTable, truncate } from '../../ui/table.js';
import { color, stateSymbols, symbols } from '../../ui/theme.js';
import { clockTime, relative, span } from '../../ui/time.js';

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

export interface ListLayout {
  /** The terminal's width; undefined for a pipe, a file or --wide. */
  width: number | undefined;
  /** Every column in full (--wide). */
  wide?: boolean;
}

/**
 * The task table. On a terminal it fits the width: the title takes what the other columns leave, and when even
 * that is too little the detail, role and id columns give way, in that order, before anything wraps.
 */
export function printTaskList(out: Output, list: TaskList, now: Date, layout: ListLayout = { width: undefined }): void {
  if (list.tasks.length === 0) {
    out.line(list.total === 0 && sum(list.counts) === 0 ? 'No tasks yet. Add one with `orchestrator tasks add "<title>"`.' : 'No task matches.');
    return;
  }
  const ordered = nestUnderPlans(list.tasks);
  const fitted = layout.width !== undefined && !layout.wide;
  const lines = renderTable(
    ordered,
    [
      { header: 'ID', value: ({ task }) => task.id, max: 16, shrink: [{ round: 6, min: 6 }] },
      { header: 'STATE', value: ({ task }) => stateLabel(task), style: (text, { task }) => paintState(text, task) },
      {
        header: 'PRIORITY',
        value: ({ task }) => task.priority,
        shrink: [{ round: 9, min: 0 }],
        style: (text, { task }) => (task.priority === 'urgent' || task.priority === 'high' ? color.bold(text) : text),
      },
      {
        header: 'ROLE',
        value: ({ task }) => task.role ?? '—',
        max: 14,
        shrink: [
          { round: 4, min: 8 },
          { round: 8, min: 0 },
        ],
      },
      {
        header: 'TITLE',
        value: ({ task, depth }) => `${'  '.repeat(depth)}${task.title}`,
        ...(!fitted && { max: 48 }),
        shrink: [
          { round: 2, min: 24 },
          { round: 5, min: 10 },
        ],
      },
      {
        header: 'DETAIL',
        value: ({ task }) => detailOf(task, now),
        max: 36,
        shrink: [
          { round: 1, min: 16 },
          { round: 3, min: 10 },
          { round: 7, min: 0 },
        ],
        style: (text) => color.dim(text),
      },
    ],
    { header: color.bold, width: layout.width, ...(layout.wide && { wide: true }) },
  );
  // One write for the whole table: thousands of small writes cost more than laying the table out.
  out.line(lines.join('\n'));
  out.line();
  const shown = list.tasks.length < list.total ? `showing ${list.tasks.length} of ${list.total}` : `${list.total} task${list.total === 1 ? '' : 's'}`;
  const footer = `${shown} · ${summarise(list.tasks)}`;
  out.line(color.dim(layout.width === undefined ? footer : truncate(footer, layout.width)));
}

export function printTaskDetails(out: Output, details: TaskDetails, now: Date, history?: LoggedEvent[], width?: number): void {
  const { task } = details;
  out.line(`${color.bold(task.id)}  ${width === undefined ? task.title : truncate(task.title, Math.max(10, width - displayWidth(task.id) - 2))}`);
  const rows: Array<[string, string | undefined]> = [
    ['State', paintState(stateLabel(task), task) + (details.archivedAt ? color.dim(` (archived ${relative(details.archivedAt, now)})`) : '')],
    ['Priority', task.priority],
    ['Role', task.role ?? undefined],
    ['Plan', task.parentId ?? undefined],
    ['Depends on', details.dependencies.map((dep) => `${dep.id} ${stateLabel(dep)}`).join(', ') || undefined],
    ['Waiting on', task.blockedBy.length > 0 ? task.blockedBy.join(', ') : undefined],
    ['Dependents', details.dependents.map((dep) => `${dep.id} ${stateLabel(dep)}`).join(', ') || undefined],
    [
      'Subtasks',
      details.subtasks.length > 0
        ? `${details.subtasks.filter((sub) => sub.status === 'completed').length}/${details.subtasks.length} completed: ${details.subtasks.map((sub) => sub.id).join(', ')}`
        : undefined,
    ],
    ['Assignee', task.assignee ? `${task.assignee}${task.lease ? ` (lease ${leaseText(task.lease.expiresAt, now)})` : ''}` : undefined],
    ['Attempts', task.attempts > 0 ? `${task.attempts} of ${task.maxAttempts}` : undefined],
    ['Tags', task.tags.join(', ') || undefined],
    ['Complexity', task.complexity ?? undefined],
    ['Effort', task.estimatedEffort ?? undefined],
    ['Created', when(task.createdAt, now)],
    ['Started', task.startedAt ? when(task.startedAt, now) : undefined],
    ['Finished', task.completedAt ? when(task.completedAt, now) : undefined],
    ['Artifacts', task.artifacts.map((artifact) => artifact.path).join(', ') || undefined],
  ];
  for (const [label, value] of rows) {
    if (value === undefined) continue;
    // Lists (dependents, subtasks, artifacts) can be long: a row keeps to one line and ends with "…".
    const room = width === undefined ? undefined : Math.max(10, width - 15);
    out.line(`  ${color.dim(`${label}:`.padEnd(12))} ${room === undefined || displayWidth(value) <= room ? value : truncate(value, room)}`);
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
    const body = width === undefined ? text : wrapAnsi(text, Math.max(20, width - 2), { hard: true, trim: false });
    for (const line of body.split('\n')) out.line(`  ${line}`);
  }
  if (history) {
    out.line();
    out.line(color.bold('History'));
    printEvents(out, history, { withTask: false, now, ...(width !== undefined && { width }) });
  }
}

/** "3 min ago (14:05)": how long ago, and the wall-clock time to match it with other records. */
function when(iso: string, now: Date): string {
  return `${relative(iso, now)} ${color.dim(`(${clockTime(iso, now)})`)}`;
}

export function printEvents(out: Output, events: readonly LoggedEvent[], options: { withTask: boolean; now: Date; width?: number }): void {
  if (events.length === 0) {
    out.line('No history yet.');
    return;
  }
  for (const event of events) out.line(eventLine(event, options));
}

/** One event as a line: when, which task, what happened, who did it. */
export function eventLine(event: LoggedEvent, options: { withTask: boolean; now: Date; width?: number }): string {
  const transition = event.from && event.to && event.from !== event.to ? `${event.from} → ${event.to}` : String(event.to ?? event.from ?? '');
  const parts = [
    relative(String(event.ts), options.now).padEnd(12),
    ...(options.withTask ? [String(event.taskId ?? '—').padEnd(6)] : []),
    String(event.op).padEnd(9),
    transition.padEnd(24),
    `by ${String(event.actor ?? '?')}`,
  ];
  const text = `  ${parts.join('  ')}`.trimEnd();
  return options.width === undefined ? text : truncate(text, options.width);
}

/** One line after a change: "✔ Completed t3  Implement the API  (✓ completed)"; the title gives way to fit. */
export function printChanged(out: Output, verb: string, task: TaskView): void {
  const state = `(${stateLabel(task)})`;
  const fixed = displayWidth(`${symbols.ok} ${verb} ${task.id}    ${state}`);
  const title = out.columns === undefined ? task.title : truncate(task.title, Math.max(10, out.columns - fixed));
  out.line(`${color.green(symbols.ok)} ${verb} ${color.bold(task.id)}  ${title}  ${paintState(state, task)}`);
}

/**
 * After a claim at the terminal: what was taken, for how long, and what happens when the lease runs out, since a
 * person (unlike an agent) sends no heartbeats.
 */
export function printClaimed(out: Output, verb: string, task: TaskView, now: Date): void {
  printChanged(out, `${verb} by ${task.assignee}`, task);
  if (!task.lease) return;
  const left = Date.parse(task.lease.expiresAt) - now.getTime();
  out.line(`  The lease lasts ${span(left)}, until ${clockTime(task.lease.expiresAt, now)}. When it runs out, the task`);
  out.line('  goes back to the pool and anyone may take it.');
  out.line(`  Renew: \`orchestrator tasks start ${task.id}\`. Finish: \`orchestrator tasks done ${task.id}\`.`);
}

/** What `next` would hand out, without claiming it. */
export function printPeek(out: Output, task: TaskView, reason: string): void {
  const state = `(${stateLabel(task)})`;
  const title = out.columns === undefined ? task.title : truncate(task.title, Math.max(10, out.columns - displayWidth(`${task.id}    ${state}`)));
  out.line(`${color.bold(task.id)}  ${title}  ${paintState(state, task)}`);
  out.line(`  ${reason}`);
  out.line('  Nothing was claimed; `orchestrator tasks next` takes it.');
}

function detailOf(task: TaskView, now: Date): string {
  if (task.status === 'pending' && task.blockedBy.length > 0) return `← ${task.blockedBy.join(', ')}`;
  if (task.status === 'in_progress' && task.assignee) {
    return `${task.assignee}${task.lease ? `, ${leaseText(task.lease.expiresAt, now)}` : ''}`;
  }
  if (task.children.length > 0) return `${task.children.length} subtask${task.children.length === 1 ? '' : 's'}`;
  if (task.status === 'completed' && task.completedAt) return `done ${relative(task.completedAt, now)}`;
  return '';
}

function leaseText(expiresAt: string, now: Date): string {
  const ms = Date.parse(expiresAt) - now.getTime();
  return ms <= 0 ? `expired ${span(ms)} ago` : `${span(ms)} left`;
}

/**
 * The tasks under their plans: the tasks whose plan is not among them (roots), and the listed subtasks of each
 * listed plan, both in the order given. Shared by the list table and the graph drawings (graph-format.ts).
 */
export function groupUnderPlans(tasks: readonly TaskView[]): { roots: TaskView[]; children: Map<string, TaskView[]> } {
  const listed = new Set(tasks.map((task) => task.id));
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
  return { roots, children };
}

/** Lists subtasks right after their plan (when both are listed), indented by depth. */
function nestUnderPlans(tasks: readonly TaskView[]): Array<{ task: TaskView; depth: number }> {
  const { roots, children } = groupUnderPlans(tasks);
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
  return order
    .filter((state) => counts.has(state))
    .map((state) => `${counts.get(state)} ${state}`)
    .join(', ');
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, n) => total + n, 0);
}
