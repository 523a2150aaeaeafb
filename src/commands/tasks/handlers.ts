import type { Command } from 'commander';
import { nextInputSchema, parseInput, type CreateTaskInput, type Priority, type TaskFilter, type UpdateTaskInput } from '../../core/index.js';
import { usage } from '../../errors.js';
import { commandContext, defaultWorker, type CommandContext } from '../context.js';
import {
  bulkJson,
  printBulk,
  question,
  runBulk,
  selection as chooseTasks,
  selectionFilter,
  type BulkRequest,
  type SelectionOptions,
} from './bulk.js';
import { TERMINAL_LEASE_MS } from './command.js';
import type { GraphFormat } from './graph-format.js';

/** The text presentation loads only for text output: --json has no use for table layout. */
const text = () => import('./present.js');

// Each handler turns commander's options into one TaskService call and prints the result, as text or as the
// JSON shape documented in docs/cli.md. The service does the validation, so both faces refuse the same input.

interface ListOptions extends SelectionOptions {
  limit?: number;
  wide?: boolean;
}

export async function list(options: ListOptions, command: Command): Promise<void> {
  const filter: TaskFilter = { ...selectionFilter(options), ...(options.limit && { limit: options.limit }) };
  const ctx = commandContext(command);
  const result = await ctx.service.list(filter);
  if (ctx.json) ctx.out.json(result);
  else (await text()).printTaskList(ctx.out, result, new Date(), { width: ctx.out.columns, wide: Boolean(options.wide) });
}

interface AddOptions {
  dep?: string[];
  role?: string;
  priority: Priority;
  parent?: string;
  id?: string;
  tag?: string[];
  effort?: string;
  complexity?: string;
  reopen?: boolean;
}

export async function add(title: string, description: string | undefined, options: AddOptions, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  const input: CreateTaskInput = {
    title,
    ...(description !== undefined && { description }),
    ...(options.id && { id: options.id }),
    dependencies: options.dep ?? [],
    ...(options.role && { role: options.role }),
    priority: options.priority,
    ...(options.parent && { parentId: options.parent }),
    tags: options.tag ?? [],
    ...(options.effort && { estimatedEffort: options.effort }),
    ...(options.complexity && { complexity: options.complexity }),
    ...(options.reopen && { reopenParent: true }),
  };
  const task = await ctx.service.create(input, defaultWorker());
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Created', task);
}

export async function show(id: string, options: { history?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const details = await ctx.service.get(id);
  const history = options.history ? await ctx.service.history({ taskId: id }) : undefined;
  if (ctx.json) ctx.out.json({ ...details, ...(history && { history }) });
  else (await text()).printTaskDetails(ctx.out, details, new Date(), history, ctx.out.columns);
}

interface UpdateOptions extends Omit<SelectionOptions, 'role' | 'parent' | 'tag'>, ChangeFlags {
  filterRole?: string;
  filterParent?: string;
  filterTag?: string[];
  title?: string;
  description?: string;
  priority?: Priority;
  role?: string;
  parent?: string;
  dep?: string[];
  addDep?: string[];
  removeDep?: string[];
  tag?: string[];
  addTag?: string[];
  removeTag?: string[];
  effort?: string;
  complexity?: string;
  reopen?: boolean;
}

export async function update(ids: string[], options: UpdateOptions, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  const none = (value: string) => (value === 'none' ? null : value);
  const patch: UpdateTaskInput = {
    ...(options.title !== undefined && { title: options.title }),
    ...(options.description !== undefined && { description: options.description }),
    ...(options.priority && { priority: options.priority }),
    ...(options.role !== undefined && { role: options.role.trim().toLowerCase() === 'none' ? null : options.role }),
    ...(options.parent !== undefined && { parentId: none(options.parent) }),
    ...(options.dep && { dependencies: options.dep }),
    ...(options.addDep && { addDependencies: options.addDep }),
    ...(options.removeDep && { removeDependencies: options.removeDep }),
    ...(options.tag && { tags: options.tag }),
    ...(options.addTag && { addTags: options.addTag }),
    ...(options.removeTag && { removeTags: options.removeTag }),
    ...(options.effort !== undefined && { estimatedEffort: options.effort }),
    ...(options.complexity !== undefined && { complexity: options.complexity }),
  };
  if (Object.keys(patch).length === 0) throw usage('Nothing to update: pass at least one option (see `orchestrator tasks update --help`).');
  if (options.reopen) patch.reopenParent = true;
  const selection = { ...options, role: options.filterRole, parent: options.filterParent, tag: options.filterTag };
  if (await changeMany(ctx, ids, selection, { action: 'update', patch }, options, 'update')) return;
  const task = await ctx.service.update(ids[0]!, patch, defaultWorker());
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Updated', task);
}

interface ChangeFlags {
  force?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

/**
 * A change to several tasks (several ids, or a filter), or a dry run of any: shown, confirmed and made in one
 * store change. Returns false for one task named by id, which the caller changes as before.
 */
async function changeMany(
  ctx: CommandContext,
  ids: string[],
  selection: SelectionOptions,
  request: BulkRequest,
  flags: ChangeFlags,
  verb: string,
): Promise<boolean> {
  const filter = selectionFilter(selection);
  if (ids.length === 1 && !filter && !flags.dryRun) return false;
  const chosen = chooseTasks(ids, filter, verb);
  const { confirm } = await import('../../ui/prompts.js');
  const outcome = await runBulk(
    { ...request, chosen, actor: defaultWorker(), force: Boolean(flags.force), dryRun: Boolean(flags.dryRun) },
    {
      service: ctx.service,
      confirm: async (preview) => {
        if (flags.yes) return true;
        // Shown on stderr: at a terminal it is the question's context; stdout stays for the result.
        printBulk({ ...ctx.out, line: ctx.out.note }, preview);
        return confirm(question(preview), { flag: '--yes' });
      },
    },
  );
  if (!outcome) {
    ctx.out.note('Nothing was changed.');
    process.exitCode = 1;
    return true;
  }
  if (ctx.json) ctx.out.json(bulkJson(outcome));
  else if (outcome.selected.length === 0) ctx.out.line('No task matches; nothing was changed.');
  else {
    printBulk(ctx.out, outcome);
    if (outcome.dryRun) ctx.out.note('Dry run: nothing was changed.');
  }
  return true;
}

/** --lease is read in milliseconds (like every duration); the store keeps whole seconds. */
function leaseSeconds(lease: number | undefined): number {
  return Math.round((lease ?? TERMINAL_LEASE_MS) / 1000);
}

export async function start(id: string, options: { worker?: string; lease?: number; force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  const task = await ctx.service.start(id, {
    worker: options.worker ?? defaultWorker(),
    leaseSeconds: leaseSeconds(options.lease),
    force: Boolean(options.force),
  });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printClaimed(ctx.out, 'Started', task, new Date());
}

interface NextOptions {
  worker?: string;
  role?: string[];
  parent?: string;
  lease?: number;
  peek?: boolean;
}

export async function next(options: NextOptions, command: Command): Promise<void> {
  const roles = options.role ?? [];
  if (options.peek) {
    const ctx = commandContext(command);
    // Only the core's role rules make "Tester" the tester role; recommend() reads, so the roles are checked here.
    const { roles: wanted } = parseInput(nextInputSchema.pick({ roles: true }), { roles });
    const recommended = await ctx.service.recommend({ roles: wanted, ...(options.parent && { parentId: options.parent }) });
    const task = recommended ? (await ctx.service.get(recommended.task.id)).task : null;
    if (ctx.json) ctx.out.json({ task, reason: recommended?.reason ?? null });
    else if (task) (await text()).printPeek(ctx.out, task, recommended!.reason);
    else ctx.out.line('No task is ready. `orchestrator tasks list --blocked` shows what is waiting.');
    return;
  }
  const ctx = commandContext(command, 'writes');
  const task = await ctx.service.next({
    worker: options.worker ?? defaultWorker(),
    roles,
    ...(options.parent && { parentId: options.parent }),
    leaseSeconds: leaseSeconds(options.lease),
  });
  if (ctx.json) ctx.out.json({ task });
  else if (task) (await text()).printClaimed(ctx.out, 'Claimed', task, new Date());
  else ctx.out.line('No task is ready. `orchestrator tasks list --blocked` shows what is waiting.');
}

export async function done(
  id: string,
  options: { result?: string; summary?: string; worker?: string; force?: boolean },
  command: Command,
): Promise<void> {
  const ctx = commandContext(command, 'writes');
  const task = await ctx.service.complete(id, {
    worker: options.worker ?? defaultWorker(),
    ...(options.result !== undefined && { result: options.result }),
    ...(options.summary !== undefined && { summary: options.summary }),
    force: Boolean(options.force),
  });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Completed', task);
}

export async function fail(id: string, options: { error: string; worker?: string; force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  const task = await ctx.service.fail(id, { worker: options.worker ?? defaultWorker(), error: options.error, force: Boolean(options.force) });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Failed', task);
}

export async function reset(ids: string[], options: SelectionOptions & ChangeFlags, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  if (await changeMany(ctx, ids, options, { action: 'reset' }, options, 'reset')) return;
  const id = ids[0]!;
  const task = await ctx.service.reset(id, { actor: defaultWorker(), force: Boolean(options.force) });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Reset', task);
}

export async function cancel(ids: string[], options: SelectionOptions & ChangeFlags & { reason?: string }, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  if (await changeMany(ctx, ids, options, { action: 'cancel', reason: options.reason }, options, 'cancel')) return;
  const id = ids[0]!;
  const tasks = await ctx.service.cancel(id, {
    actor: defaultWorker(),
    ...(options.reason !== undefined && { reason: options.reason }),
    force: Boolean(options.force),
  });
  if (ctx.json) ctx.out.json({ tasks });
  else for (const task of tasks) (await text()).printChanged(ctx.out, 'Cancelled', task);
}

export async function remove(ids: string[], options: SelectionOptions & ChangeFlags, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  if (await changeMany(ctx, ids, options, { action: 'delete' }, options, 'delete')) return;
  const id = ids[0]!;
  const deleted = await ctx.service.delete(id, { actor: defaultWorker(), force: Boolean(options.force) });
  if (ctx.json) ctx.out.json({ deleted: deleted.map((task) => task.id) });
  else ctx.out.line(`Deleted ${deleted.map((task) => task.id).join(', ')}.`);
}

export async function log(id: string | undefined, options: { limit: number; follow?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const revision = options.follow ? (await ctx.service.snapshot()).revision : 0;
  const events = await ctx.service.history({ ...(id && { taskId: id }), ...(options.limit > 0 && { limit: options.limit }) });
  if (id && events.length === 0) await ctx.service.get(id); // an unknown id is an error, not an empty history
  const present = ctx.json ? undefined : await text();
  const printOptions = { withTask: !id, ...(ctx.out.columns !== undefined && { width: ctx.out.columns }) };
  if (!options.follow) {
    if (ctx.json) ctx.out.json({ events });
    else present!.printEvents(ctx.out, events, { ...printOptions, now: new Date() });
    return;
  }
  // Following: one line per event, as it is committed, by this or any other process.
  const print = (event: (typeof events)[number]) =>
    ctx.json ? ctx.out.line(JSON.stringify(event)) : ctx.out.line(present!.eventLine(event, { ...printOptions, now: new Date() }));
  if (events.length === 0 && !ctx.json) ctx.out.note('No history yet; waiting for changes (Ctrl+C to stop).');
  for (const event of events) print(event);
  let seen = Math.max(revision, events.at(-1)?.rev ?? 0);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // The change feed never holds a process open (a server must be able to end); a follower must stay until told.
  // This timer does nothing but that: the changes come from the feed.
  const keepOpen = setInterval(() => {}, 2 ** 31 - 1);
  try {
    for await (const change of ctx.service.watch({ since: seen, signal: stop.signal })) {
      for (const event of await ctx.service.history({ ...(id && { taskId: id }), afterRevision: seen })) print(event);
      seen = Math.max(seen, change.revision);
    }
  } finally {
    clearInterval(keepOpen);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export async function graph(options: { format: GraphFormat; parent?: string }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const result = await ctx.service.graph(options.parent ? { parentId: options.parent } : {});
  if (ctx.json) ctx.out.json(result);
  else for (const line of (await import('./graph-format.js')).renderGraph(result, options.format, ctx.out.columns)) ctx.out.line(line);
}

export async function edit(id: string, _options: unknown, command: Command): Promise<void> {
  const ctx = commandContext(command, 'writes');
  const { editTask } = await import('./edit.js');
  const task = await editTask(ctx.service, id, { actor: defaultWorker() });
  if (ctx.json) ctx.out.json({ task });
  else if (task) (await text()).printChanged(ctx.out, 'Updated', task);
  else ctx.out.note('No changes; the task stays as it was.');
}
