import type { BulkInput, BulkResult, Task, TaskFilter, TaskService, TaskStatus, UpdateTaskInput } from '../../core/index.js';
import { usage } from '../../errors.js';
import type { Output } from '../../ui/output.js';
import { renderTable } from '../../ui/table.js';
import { color, symbols } from '../../ui/theme.js';
import { stateLabel } from './present.js';

// `tasks update | cancel | reset | delete` on several tasks: the tasks named, or the ones a filter matches, all
// changed in one store change. What will change is worked out first (refusals included) and shown; a person
// confirms at a terminal, a script passes --yes.

/** The filter options the four commands share. */
export interface SelectionOptions {
  status?: TaskStatus[];
  role?: string;
  parent?: string;
  tag?: string[];
  search?: string;
  assignee?: string;
  ready?: boolean;
  blocked?: boolean;
}

export type BulkAction = BulkInput['action'];

export type BulkRequest =
  { action: 'update'; patch: UpdateTaskInput } | { action: 'cancel'; reason?: string | undefined } | { action: 'reset' } | { action: 'delete' };

export interface BulkOutcome extends BulkResult {
  dryRun: boolean;
  /** The chosen tasks as they were before, for showing what changes. */
  before: Record<string, Task>;
}

/** The filter the options describe, or undefined when none is given. */
export function selectionFilter(options: SelectionOptions): TaskFilter | undefined {
  if (options.ready && options.blocked) throw usage('--ready and --blocked exclude each other.');
  const filter: TaskFilter = {
    ...(options.status && { status: options.status }),
    ...(options.blocked && { status: ['pending'], ready: false }),
    ...(options.ready && { ready: true }),
    ...(options.role && { role: options.role }),
    ...(options.parent && { parentId: options.parent }),
    ...(options.tag && { tags: options.tag }),
    ...(options.search && { search: options.search }),
    ...(options.assignee && { assignee: options.assignee }),
  };
  return Object.keys(filter).length > 0 ? filter : undefined;
}

/** The request's selection: the ids given, or the filter. Never both, never neither (usage errors that name the flags). */
export function selection(ids: readonly string[], filter: TaskFilter | undefined, verb: string): { ids: string[] } | { filter: TaskFilter } {
  if (ids.length > 0 && filter) throw usage(`Name the tasks to ${verb} or give a filter, not both.`);
  if (ids.length === 0 && !filter)
    throw usage(`Name the tasks to ${verb} (ids), or choose them with a filter such as --status failed --role tester.`);
  return filter ? { filter } : { ids: [...new Set(ids)] };
}

/**
 * Works out the change (choosing the tasks, when a filter is given, at that moment) and, unless it is a dry run,
 * makes it once `confirm` agrees. The change is made with the ids that were shown, so a task that starts
 * matching the filter in between is not touched. Null when the answer was no; an empty selection is not asked.
 */
export async function runBulk(
  request: BulkRequest & { chosen: { ids: string[] } | { filter: TaskFilter }; actor: string; force: boolean; dryRun: boolean },
  deps: { service: TaskService; confirm: (preview: BulkOutcome) => Promise<boolean> },
): Promise<BulkOutcome | null> {
  const { chosen, dryRun, ...rest } = request;
  const doc = await deps.service.snapshot();
  const result = await deps.service.bulk({ ...rest, ...chosen } as BulkInput, { dryRun: true });
  const before = Object.fromEntries(result.selected.flatMap((id) => (doc.tasks[id] ? [[id, doc.tasks[id]!]] : [])));
  const preview: BulkOutcome = { ...result, dryRun: true, before };
  if (dryRun || preview.selected.length === 0) return preview;
  if (!(await deps.confirm(preview))) return null;
  return { ...(await deps.service.bulk({ ...rest, ids: preview.selected } as BulkInput)), dryRun: false, before };
}

const PAST: Record<BulkAction, string> = { update: 'Updated', cancel: 'Cancelled', reset: 'Reset', delete: 'Deleted' };
const VERB: Record<BulkAction, string> = { update: 'Update', cancel: 'Cancel', reset: 'Reset', delete: 'Delete' };

/** The question asked before a change to several tasks. */
export function question(outcome: BulkOutcome): string {
  const count = outcome.action === 'delete' ? outcome.deleted.length : outcome.tasks.length;
  return `${VERB[outcome.action]} ${count} task${count === 1 ? '' : 's'} as shown?`;
}

/** Every task the change touches, with its state before and after (or the fields an update changes). */
export function printBulk(out: Output, outcome: BulkOutcome): void {
  const rows =
    outcome.action === 'delete'
      ? outcome.deleted.map((task) => ({ id: task.id, title: task.title, change: 'deleted', extra: !outcome.selected.includes(task.id) }))
      : outcome.tasks.map((task) => ({
          id: task.id,
          title: task.title,
          change: describeChange(outcome, task),
          extra: !outcome.selected.includes(task.id),
        }));
  const count = `${rows.length} task${rows.length === 1 ? '' : 's'}`;
  out.line(outcome.dryRun ? `${VERB[outcome.action]} ${count}:` : `${color.green(symbols.ok)} ${PAST[outcome.action]} ${count} in one change:`);
  const lines = renderTable(
    rows,
    [
      { header: 'ID', value: (row) => row.id },
      { header: 'CHANGE', value: (row) => row.change, max: 48 },
      { header: 'TITLE', value: (row) => `${row.title}${row.extra ? ' (subtask of a chosen plan)' : ''}`, max: 60 },
    ],
    { header: color.dim },
  );
  for (const line of lines) out.line(`  ${line}`);
}

function describeChange(outcome: BulkOutcome, task: BulkResult['tasks'][number]): string {
  const before = outcome.before[task.id];
  if (outcome.action !== 'update') return before ? `${before.status.replace('_', ' ')} → ${stateLabel(task)}` : stateLabel(task);
  if (!before) return 'updated';
  const fields = (Object.keys(task) as Array<keyof Task>).filter(
    (key) => key in before && key !== 'updatedAt' && JSON.stringify(before[key]) !== JSON.stringify(task[key]),
  );
  if (fields.length === 0) return 'no change';
  const text = (value: unknown) => String(value ?? '—');
  return fields
    .map((key) => (typeof task[key] === 'string' || task[key] === null ? `${key}: ${text(before[key])} → ${text(task[key])}` : key))
    .join(', ');
}

/** The --json shape of a change to several tasks (docs/cli.md). */
export function bulkJson(outcome: BulkOutcome) {
  return {
    action: outcome.action,
    dryRun: outcome.dryRun,
    selected: outcome.selected,
    tasks: outcome.tasks,
    deleted: outcome.deleted.map((task) => task.id),
    covered: outcome.covered,
  };
}
