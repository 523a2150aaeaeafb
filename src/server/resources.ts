import {
  ProtocolError,
  ProtocolErrorCode,
  ResourceNotFoundError,
  type McpServer,
  type ReadResourceResult,
  type Resource,
} from '@modelcontextprotocol/server';
import { taskIdSchema, valuesOf, type Task } from '../core/index.js';
import { isOrchestratorError } from '../errors.js';
import { boardMarkdown } from './board.js';
import type { ResourceChange } from './changes.js';
import type { Connection } from './connection.js';
import { artifactUri, taskUri } from './present.js';

/** Resources per resources/list page; the cursor of the last page is absent. */
export const RESOURCE_PAGE_SIZE = 200;

export const BOARD_URI = 'orchestrator://board';
export const READY_URI = 'orchestrator://ready';
export const WORKERS_URI = 'orchestrator://workers';

/** The resources a change of the store updated: its tasks, and the views of all tasks and of the workers. */
export function updatedUris(change: ResourceChange): Set<string> {
  const changed = new Set(change.taskIds.map(taskUri));
  if (change.taskIds.length > 0 || change.reset) for (const uri of [BOARD_URI, READY_URI, WORKERS_URI]) changed.add(uri);
  if (change.workersChanged) changed.add(WORKERS_URI);
  return changed;
}

const FIXED: Resource[] = [
  {
    uri: BOARD_URI,
    name: 'board',
    title: 'Task board',
    description: 'Every task by state (ready, blocked, in progress, failed, done) and the plans in progress, as markdown',
    mimeType: 'text/markdown',
  },
  {
    uri: READY_URI,
    name: 'ready',
    title: 'Ready tasks',
    description: 'The tasks that can be claimed now and the one that would be handed out next, as JSON',
    mimeType: 'application/json',
  },
  {
    uri: WORKERS_URI,
    name: 'workers',
    title: 'Workers',
    description: 'Every worker, what it holds and when it was last seen, and the slot limit, as JSON',
    mimeType: 'application/json',
  },
];

const TEMPLATES = [
  {
    uriTemplate: 'orchestrator://tasks/{id}',
    name: 'task',
    title: 'Task by id',
    description: 'A task with its dependencies, dependents and subtasks, as JSON',
    mimeType: 'application/json',
  },
  {
    uriTemplate: 'orchestrator://artifacts/{task_id}/{artifact_id}',
    name: 'artifact',
    title: 'Artifact of a task',
    description: 'The detailed work submitted for a task, as markdown',
    mimeType: 'text/markdown',
  },
];

/**
 * The board, the ready tasks and the workers as fixed resources; every task (`orchestrator://tasks/{id}`, JSON)
 * and every artifact (`orchestrator://artifacts/{task_id}/{artifact_id}`, markdown) as listed resources: a client
 * can read a subtask's detailed work without it entering the conversation. The list is paged with a cursor and
 * ordered by creation, so a page boundary stays put while tasks change.
 */
export function registerResources(server: McpServer, connection: Connection): void {
  server.server.setRequestHandler('resources/list', async (request, ctx) => {
    await connection.prepare(ctx);
    const after = decodeCursor(request.params?.cursor);
    const { tasks } = await connection.service.snapshot();
    const listed: Resource[] = [];
    if (after.kind === 'fixed') listed.push(...FIXED);
    if (after.kind !== 'artifact') {
      const ordered = valuesOf(tasks).sort(byCreation);
      const start = after.kind === 'task' ? ordered.findIndex((task) => taskKey(task) > after.key) : 0;
      if (start >= 0) for (const task of ordered.slice(start, start + RESOURCE_PAGE_SIZE + 1)) listed.push(taskResource(task));
    }
    if (listed.length <= RESOURCE_PAGE_SIZE) {
      const artifacts = valuesOf(tasks)
        .flatMap((task) => task.artifacts.map((artifact, index) => ({ task, artifact, key: artifactKey(task, artifact, index) })))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .filter((entry) => after.kind !== 'artifact' || entry.key > after.key);
      for (const { task, artifact, key } of artifacts.slice(0, RESOURCE_PAGE_SIZE + 1 - listed.length)) {
        listed.push({
          uri: artifactUri(task.id, artifact.id),
          name: `${task.id}/${artifact.id}`,
          title: `${artifact.type ?? 'Work'} for ${task.id}: ${task.title}`,
          description: `Submitted ${artifact.createdAt ?? ''}${artifact.bytes !== undefined ? `, ${artifact.bytes} bytes` : ''}`.trim(),
          mimeType: 'text/markdown',
          _meta: { key },
        });
      }
    }
    const page = listed.slice(0, RESOURCE_PAGE_SIZE);
    const last = page[page.length - 1];
    const more = listed.length > RESOURCE_PAGE_SIZE && last !== undefined;
    return {
      resources: page.map(({ _meta, ...resource }) => resource),
      ...(more && { nextCursor: encodeCursor(last) }),
    };
  });

  server.server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: TEMPLATES }));

  // Subscriptions (before 2026-07-28; from it on, subscriptions/listen carries them and the SDK answers it).
  server.server.setRequestHandler('resources/subscribe', async (request, ctx) => {
    await connection.prepare(ctx);
    const { uri } = request.params;
    if (!subscribable(uri)) {
      throw new ResourceNotFoundError(
        uri,
        `Resource not found: ${uri}. Subscribe to ${FIXED.map((resource) => resource.uri).join(', ')} or orchestrator://tasks/{id}.`,
      );
    }
    connection.subscriptions.add(uri);
    return {};
  });

  server.server.setRequestHandler('resources/unsubscribe', async (request) => {
    connection.subscriptions.delete(request.params.uri);
    return {};
  });

  server.server.setRequestHandler('resources/read', async (request, ctx): Promise<ReadResourceResult> => {
    await connection.prepare(ctx);
    const { uri } = request.params;
    return { contents: [await readResource(connection, uri)] };
  });
}

async function readResource(connection: Connection, uri: string): Promise<ReadResourceResult['contents'][number]> {
  const { service } = connection;
  if (uri === BOARD_URI) return { uri, mimeType: 'text/markdown', text: await boardMarkdown(service) };
  if (uri === READY_URI) {
    const [next, ready] = await Promise.all([service.recommend(), service.list({ ready: true, limit: 500 })]);
    const body = {
      next: next ? { id: next.task.id, title: next.task.title, role: next.task.role, reason: next.reason } : null,
      total: ready.total,
      tasks: ready.tasks,
    };
    return { uri, mimeType: 'application/json', text: JSON.stringify(body, null, 2) };
  }
  if (uri === WORKERS_URI) return { uri, mimeType: 'application/json', text: JSON.stringify(await service.workers(), null, 2) };

  const task = /^orchestrator:\/\/tasks\/([^/]+)$/.exec(uri);
  if (task) {
    const id = decoded(task[1]!);
    if (!taskIdSchema.safeParse(id).success) throw new ResourceNotFoundError(uri, `"${id}" is not a task id; ids look like "t12".`);
    const details = await notFoundAs(uri, () => service.get(id));
    return { uri, mimeType: 'application/json', text: JSON.stringify(details, null, 2) };
  }
  const artifact = /^orchestrator:\/\/artifacts\/([^/]+)\/([^/]+)$/.exec(uri);
  if (artifact) {
    const taskId = decoded(artifact[1]!);
    const artifactId = decoded(artifact[2]!);
    // Only artifacts the task lists are served: the id alone never names a file.
    const text = await notFoundAs(uri, async () => {
      try {
        return await service.readArtifact(taskId, artifactId);
      } catch (error) {
        if (isOrchestratorError(error) && error.code === 'NOT_FOUND' && error.details?.artifactId === artifactId) {
          throw new ResourceNotFoundError(uri, `Task ${taskId} has no artifact "${artifactId}". Read ${taskUri(taskId)} to see its artifacts.`);
        }
        throw error;
      }
    });
    return { uri, mimeType: 'text/markdown', text };
  }
  throw new ResourceNotFoundError(
    uri,
    `Resource not found: ${uri}. The resources are ${FIXED.map((resource) => resource.uri).join(', ')}, orchestrator://tasks/{id} and orchestrator://artifacts/{task_id}/{artifact_id}.`,
  );
}

/** What changes: the fixed resources and the tasks (an artifact never changes once written). */
function subscribable(uri: string): boolean {
  if (FIXED.some((resource) => resource.uri === uri)) return true;
  const task = /^orchestrator:\/\/tasks\/([^/]+)$/.exec(uri);
  return task !== null && taskIdSchema.safeParse(decoded(task[1]!)).success;
}

function taskResource(task: Task): Resource & { _meta: { key: string } } {
  return {
    uri: taskUri(task.id),
    name: `task ${task.id}`,
    title: `${task.id}: ${task.title}`,
    description: `${task.status}${task.role ? `, ${task.role}` : ''}${task.assignee && task.status === 'in_progress' ? `, held by ${task.assignee}` : ''}`,
    mimeType: 'application/json',
    annotations: { lastModified: task.updatedAt },
    _meta: { key: taskKey(task) },
  };
}

// Keyset cursors: the position after the last resource of a page, by creation time and id, which never change.

type After = { kind: 'fixed' } | { kind: 'task'; key: string } | { kind: 'artifact'; key: string };

function taskKey(task: Task): string {
  return `${task.createdAt}\u0000${task.id}`;
}

function artifactKey(task: Task, artifact: Task['artifacts'][number], index: number): string {
  return `${artifact.createdAt ?? task.createdAt}\u0000${task.id}\u0000${String(index).padStart(6, '0')}`;
}

function byCreation(a: Task, b: Task): number {
  const ka = taskKey(a);
  const kb = taskKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function encodeCursor(last: Resource): string {
  const key = (last._meta as { key?: string } | undefined)?.key;
  const kind = last.uri.startsWith('orchestrator://artifacts/') ? 'artifact' : 'task';
  return Buffer.from(JSON.stringify(key === undefined ? { kind: 'fixed' } : { kind, key })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): After {
  if (cursor === undefined || cursor === '') return { kind: 'fixed' };
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as After;
    if (after.kind === 'fixed' || ((after.kind === 'task' || after.kind === 'artifact') && typeof after.key === 'string')) return after;
  } catch {
    // Falls through to the error below.
  }
  throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'Invalid cursor: pass the nextCursor of the previous page unchanged.');
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A task that does not exist is a resource that does not exist; other domain errors say what to do. */
async function notFoundAs<T>(uri: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isOrchestratorError(error)) {
      const text = error.hint ? `${error.message} ${error.hint}` : error.message;
      if (error.code === 'NOT_FOUND') throw new ResourceNotFoundError(uri, text);
      throw new ProtocolError(ProtocolErrorCode.InvalidParams, text);
    }
    throw error;
  }
}
