import type { Command } from 'commander';
import type { CreateTaskInput, Priority, TaskFilter, TaskStatus, UpdateTaskInput } from '../../core/index.js';
import { OrchestratorError } from '../../errors.js';
import { commandContext, defaultWorker } from '../context.js';
import type { GraphFormat } from './graph-format.js';

/** The text presentation loads only for text output: --json has no use for table layout. */
const text = () => import('./present.js');

// Each handler turns commander's options into one TaskService call and prints the result, as text or as the
// JSON shape documented in docs/cli.md. The service does the validation, so both faces refuse the same input.

interface ListOptions {
  status?: TaskStatus[];
  ready?: boolean;
  blocked?: boolean;
  role?: string;
  parent?: string;
  tag?: string[];
  search?: string;
  assignee?: string;
  limit?: number;
}

export async function list(options: ListOptions, command: Command): Promise<void> {
  if (options.ready && options.blocked) throw usage('--ready and --blocked exclude each other.');
  const ctx = commandContext(command);
  const filter: TaskFilter = {
    ...(options.status && { status: options.status }),
    ...(options.blocked && { status: ['pending'], ready: false }),
    ...(options.ready && { ready: true }),
    ...(options.role && { role: options.role }),
    ...(options.parent && { parentId: options.parent }),
    ...(options.tag && { tags: options.tag }),
    ...(options.search && { search: options.search }),
    ...(options.assignee && { assignee: options.assignee }),
    ...(options.limit && { limit: options.limit }),
  };
  const result = await ctx.service.list(filter);
  if (ctx.json) ctx.out.json(result);
  else (await text()).printTaskList(ctx.out, result, new Date());
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
}

export async function add(title: string, description: string | undefined, options: AddOptions, command: Command): Promise<void> {
  const ctx = commandContext(command);
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
  else (await text()).printTaskDetails(ctx.out, details, new Date(), history);
}

interface UpdateOptions {
  title?: string;
  description?: string;
  priority?: Priority;
  role?: string;
  parent?: string;
  dep?: string[];
  addDep?: string[];
  removeDep?: string[];
  tag?: string[];
  effort?: string;
  complexity?: string;
}

export async function update(id: string, options: UpdateOptions, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const none = (value: string) => (value === 'none' ? null : value);
  const patch: UpdateTaskInput = {
    ...(options.title !== undefined && { title: options.title }),
    ...(options.description !== undefined && { description: options.description }),
    ...(options.priority && { priority: options.priority }),
    ...(options.role !== undefined && { role: none(options.role) }),
    ...(options.parent !== undefined && { parentId: none(options.parent) }),
    ...(options.dep && { dependencies: options.dep }),
    ...(options.addDep && { addDependencies: options.addDep }),
    ...(options.removeDep && { removeDependencies: options.removeDep }),
    ...(options.tag && { tags: options.tag }),
    ...(options.effort !== undefined && { estimatedEffort: options.effort }),
    ...(options.complexity !== undefined && { complexity: options.complexity }),
  };
  if (Object.keys(patch).length === 0) throw usage('Nothing to update: pass at least one option (see `orchestrator tasks update --help`).');
  const task = await ctx.service.update(id, patch, defaultWorker());
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Updated', task);
}

export async function start(id: string, options: { worker?: string; lease?: number; force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const task = await ctx.service.start(id, {
    worker: options.worker ?? defaultWorker(),
    ...(options.lease && { leaseSeconds: options.lease }),
    force: Boolean(options.force),
  });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, `Started (as ${task.assignee})`, task);
}

export async function next(options: { worker?: string; role?: string[]; parent?: string; lease?: number }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const task = await ctx.service.next({
    worker: options.worker ?? defaultWorker(),
    roles: options.role ?? [],
    ...(options.parent && { parentId: options.parent }),
    ...(options.lease && { leaseSeconds: options.lease }),
  });
  if (ctx.json) ctx.out.json({ task });
  else if (task) (await text()).printChanged(ctx.out, `Claimed (as ${task.assignee})`, task);
  else ctx.out.line('No task is ready. `orchestrator tasks list --blocked` shows what is waiting.');
}

export async function done(id: string, options: { result?: string; summary?: string; worker?: string; force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
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
  const ctx = commandContext(command);
  const task = await ctx.service.fail(id, { worker: options.worker ?? defaultWorker(), error: options.error, force: Boolean(options.force) });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Failed', task);
}

export async function reset(id: string, options: { force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const task = await ctx.service.reset(id, { actor: defaultWorker(), force: Boolean(options.force) });
  if (ctx.json) ctx.out.json({ task });
  else (await text()).printChanged(ctx.out, 'Reset', task);
}

export async function cancel(id: string, options: { reason?: string; force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const tasks = await ctx.service.cancel(id, {
    actor: defaultWorker(),
    ...(options.reason !== undefined && { reason: options.reason }),
    force: Boolean(options.force),
  });
  if (ctx.json) ctx.out.json({ tasks });
  else for (const task of tasks) (await text()).printChanged(ctx.out, 'Cancelled', task);
}

export async function remove(id: string, options: { force?: boolean }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const deleted = await ctx.service.delete(id, { actor: defaultWorker(), force: Boolean(options.force) });
  if (ctx.json) ctx.out.json({ deleted: deleted.map((task) => task.id) });
  else ctx.out.line(`Deleted ${deleted.map((task) => task.id).join(', ')}.`);
}

export async function log(id: string | undefined, options: { limit: number }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const events = await ctx.service.history({ ...(id && { taskId: id }), ...(options.limit > 0 && { limit: options.limit }) });
  if (id && events.length === 0) await ctx.service.get(id); // an unknown id is an error, not an empty history
  if (ctx.json) ctx.out.json({ events });
  else (await text()).printEvents(ctx.out, events, { withTask: !id });
}

export async function graph(options: { format: GraphFormat; parent?: string }, command: Command): Promise<void> {
  const ctx = commandContext(command);
  const result = await ctx.service.graph(options.parent ? { parentId: options.parent } : {});
  if (ctx.json) ctx.out.json(result);
  else for (const line of (await import('./graph-format.js')).renderGraph(result, options.format)) ctx.out.line(line);
}

function usage(message: string): OrchestratorError {
  return new OrchestratorError(message, { code: 'USAGE' });
}
