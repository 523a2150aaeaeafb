import { OrchestratorError } from '../errors.js';
import { isRecord } from '../store/codec.js';
import { createTaskInputSchema, parseInput, type TaskService, type TaskView } from '../core/index.js';
import {
  allCards,
  allPlans,
  planDetail,
  toActivity,
  toCard,
  workersView,
  type ActivityItem,
  type Card,
  type PlanDetail,
  type PlanSummary,
  type WorkersView,
} from './views.js';

// The reads and actions behind the page's JSON routes. Each one is a TaskService call: the same operations, the
// same validation and the same errors as the terminal and the MCP server.

export interface Snapshot {
  revision: number;
  now: string;
  version: string;
  dataDir: string;
  readOnly: boolean;
  /** Sent back in the X-CSRF-Token header of every action. */
  csrf: string;
  actor: string;
  roles: string[];
  cards: Card[];
  workers: WorkersView;
  plans: PlanSummary[];
  activity: ActivityItem[];
}

export interface TaskDetailView {
  task: TaskView;
  archivedAt: string | null;
  dependencies: Card[];
  dependents: Card[];
  subtasks: Card[];
  history: ActivityItem[];
  now: string;
}

const ACTIVITY_LIMIT = 200;

export interface ApiContext {
  service: TaskService;
  version: string;
  readOnly: boolean;
  csrf: string;
  /** Who the dashboard's actions are recorded as. */
  actor: string;
  roleNames: () => Promise<string[]>;
}

export async function readSnapshot(context: ApiContext): Promise<Snapshot> {
  const { service } = context;
  const doc = await service.snapshot();
  const now = service.now();
  const [workers, events, roles] = await Promise.all([workersView(service), service.history({ limit: ACTIVITY_LIMIT }), context.roleNames()]);
  return {
    revision: doc.revision,
    now: now.toISOString(),
    version: context.version,
    dataDir: service.paths.dir,
    readOnly: context.readOnly,
    csrf: context.csrf,
    actor: context.actor,
    roles,
    cards: allCards(doc, now),
    workers,
    plans: allPlans(doc),
    activity: events.map(toActivity),
  };
}

export async function readTask(service: TaskService, id: string): Promise<TaskDetailView> {
  const details = await service.get(id);
  const history = await service.history({ taskId: id, limit: ACTIVITY_LIMIT });
  return {
    task: details.task,
    archivedAt: details.archivedAt ?? null,
    dependencies: details.dependencies.map(toCard),
    dependents: details.dependents.map(toCard),
    subtasks: details.subtasks.map(toCard),
    history: history.map(toActivity),
    now: service.now().toISOString(),
  };
}

/** An artifact's markdown; only artifacts the task lists are served, so an id alone never names a file. */
export function readTaskArtifact(service: TaskService, taskId: string, artifactId: string): Promise<string> {
  return service.readArtifact(taskId, artifactId);
}

export async function readPlan(service: TaskService, planId: string): Promise<PlanDetail> {
  const [doc, graph] = await Promise.all([service.snapshot(), service.graph({ parentId: planId })]);
  const detail = planDetail(doc, graph);
  if (!detail) {
    throw new OrchestratorError(`Task "${planId}" has no subtasks, so it is not a plan.`, {
      code: 'NOT_FOUND',
      hint: 'Open the plans view to pick one.',
    });
  }
  return detail;
}

// ---- actions ---------------------------------------------------------------------------------------------------

export type ActionName = 'create' | 'cancel' | 'reset' | 'release';

export interface ActionResult {
  message: string;
}

/** Runs one action with the body the page sent. Unknown fields are refused by the shared input schemas. */
export async function runAction(context: ApiContext, action: ActionName, taskId: string | undefined, body: unknown): Promise<ActionResult> {
  const { service, actor } = context;
  const fields = isRecord(body) ? body : {};
  switch (action) {
    case 'create': {
      const input = parseInput(createTaskInputSchema.strict(), fields);
      const task = await service.create(input, actor);
      return { message: `Added ${task.id}: ${task.title}` };
    }
    case 'cancel': {
      const reason = typeof fields.reason === 'string' && fields.reason.trim() ? fields.reason.trim() : undefined;
      const cancelled = await service.cancel(required(taskId), { actor, ...(reason && { reason }) });
      const more = cancelled.length > 1 ? ` and ${cancelled.length - 1} of its subtasks` : '';
      return { message: `Cancelled ${cancelled[0]!.id}${more}` };
    }
    case 'reset': {
      const id = required(taskId);
      const { task } = await service.get(id);
      if (task.status !== 'failed') {
        throw new OrchestratorError(`Task "${id}" is ${task.status.replace('_', ' ')}; only a failed task is reset here.`, {
          code: 'CONFLICT',
          hint: 'Use orchestrator tasks reset --force at the terminal to reset another task.',
        });
      }
      const reset = await service.reset(id, { actor });
      return { message: `Reset ${reset.id}: it is pending again` };
    }
    case 'release': {
      const id = required(taskId);
      const { task } = await service.get(id);
      if (!task.leaseExpired) {
        throw new OrchestratorError(`The lease on "${id}" has not expired${task.lease ? ` (it runs until ${task.lease.expiresAt})` : ''}.`, {
          code: 'CONFLICT',
          hint: 'Only an expired lease is released; the worker may still be working on it.',
        });
      }
      // Expiry is one operation over the whole store: every lease that ran out is returned, as the next claim would.
      const released = await service.expireLeases(actor);
      const names = released.map((item) => item.id).join(', ');
      return {
        message: released.length > 0 ? `Released the expired lease${released.length === 1 ? '' : 's'} of ${names}` : 'Nothing to release',
      };
    }
  }
}

export function isActionName(name: string): name is ActionName {
  return name === 'create' || name === 'cancel' || name === 'reset' || name === 'release';
}

function required(taskId: string | undefined): string {
  if (!taskId) throw new OrchestratorError('No task id in the request.', { code: 'INVALID_INPUT' });
  return taskId;
}
