import { criticalPath } from '../core/critical-path.js';
import { plans } from '../core/plans.js';
import type { ChildrenLookup } from '../core/scheduling.js';
import {
  childrenIndex,
  planProgress,
  stalledReason,
  ViewContext,
  type PlanProgress,
  type StoreDocument,
  type TaskGraph,
  type TaskService,
  type TaskStatus,
  type TaskView,
  type WorkerListing,
} from '../core/index.js';
import type { LoggedEvent } from '../store/index.js';

// What the page receives: the core's views, cut down to what the board draws so that 5,000 tasks stay a small
// download. Nothing here decides anything about tasks; readiness, plans and leases come from core.

/** The board's columns: the stored status, with pending split into ready and blocked. */
export const COLUMNS = ['ready', 'blocked', 'in_progress', 'completed', 'failed', 'cancelled'] as const;
export type Column = (typeof COLUMNS)[number];

export interface Card {
  id: string;
  title: string;
  status: TaskStatus;
  column: Column;
  role: string | null;
  priority: string;
  tags: string[];
  parentId: string | null;
  dependencies: string[];
  blockedBy: string[];
  assignee: string | null;
  leaseExpiresAt: string | null;
  leaseExpired: boolean;
  /** Number of subtasks: a card with subtasks is a plan. */
  subtasks: number;
  attempts: number;
  updatedAt: string;
}

export interface PlanSummary extends PlanProgress {
  /** Why nothing can move any more, or null while something can. */
  stalled: string | null;
  updatedAt: string;
}

export interface ActivityItem {
  rev: number;
  ts: string;
  op: string;
  actor: string | null;
  taskId: string | null;
  from: string | null;
  to: string | null;
}

export function columnOf(task: Pick<TaskView, 'status' | 'blockedBy'>): Column {
  if (task.status !== 'pending') return task.status;
  return task.blockedBy.length > 0 ? 'blocked' : 'ready';
}

export function toCard(view: TaskView): Card {
  return {
    id: view.id,
    title: view.title,
    status: view.status,
    column: columnOf(view),
    role: view.role,
    priority: view.priority,
    tags: [...view.tags],
    parentId: view.parentId,
    dependencies: [...view.dependencies],
    blockedBy: view.blockedBy,
    assignee: view.assignee,
    leaseExpiresAt: view.status === 'in_progress' ? (view.lease?.expiresAt ?? null) : null,
    leaseExpired: view.leaseExpired,
    subtasks: view.children.length,
    attempts: view.attempts,
    updatedAt: view.updatedAt,
  };
}

/** Every task of the document as a card, oldest first. */
export function allCards(doc: StoreDocument, now: Date): Card[] {
  const context = new ViewContext(doc, now);
  return Object.values(doc.tasks)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
    .map((task) => toCard(context.view(task)));
}

/**
 * The cards a change touches: the changed tasks, and the tasks whose readiness or plan depends on them (their
 * dependents and their plans). Ids no longer in the store are returned as removed.
 */
export function changedCards(doc: StoreDocument, now: Date, taskIds: readonly string[]): { cards: Card[]; removed: string[] } {
  const context = new ViewContext(doc, now);
  const ids = new Set<string>();
  const removed: string[] = [];
  for (const id of taskIds) {
    const task = doc.tasks[id];
    if (!task) {
      removed.push(id);
      continue;
    }
    ids.add(id);
    for (const dependent of context.dependents.get(id) ?? []) ids.add(dependent);
    if (task.parentId && doc.tasks[task.parentId]) ids.add(task.parentId);
  }
  return { cards: [...ids].map((id) => toCard(context.view(doc.tasks[id]!))), removed };
}

/** Every plan (a task with subtasks) with its progress: unfinished ones first, then most recently changed first. */
export function allPlans(doc: StoreDocument): PlanSummary[] {
  const children = childrenIndex(doc.tasks);
  // The sort is stable: within finished and unfinished, most recently changed first as core lists them.
  return plans(doc, { finished: true }, children)
    .map((progress) => planSummary(doc, progress, children))
    .sort((a, b) => Number(a.done) - Number(b.done));
}

function planSummary(doc: StoreDocument, progress: PlanProgress, children: ChildrenLookup): PlanSummary {
  return { ...progress, stalled: stalledReason(doc, progress.planId, children), updatedAt: doc.tasks[progress.planId]!.updatedAt };
}

export interface PlanDetail {
  plan: PlanSummary;
  nodes: Card[];
  /** `from` depends on `to`. */
  edges: TaskGraph['edges'];
  criticalPath: string[];
}

export function planDetail(doc: StoreDocument, graph: TaskGraph): PlanDetail | null {
  const planId = graph.nodes[0]?.parentId;
  const children = childrenIndex(doc.tasks);
  const progress = planId ? planProgress(doc, planId, children) : null;
  if (!progress) return null;
  return { plan: planSummary(doc, progress, children), nodes: graph.nodes.map(toCard), edges: graph.edges, criticalPath: criticalPath(graph.nodes) };
}

export function toActivity(event: LoggedEvent): ActivityItem {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    rev: event.rev,
    ts: event.ts,
    op: text(event.op) ?? 'change',
    actor: text(event.actor),
    taskId: text(event.taskId),
    from: text(event.from),
    to: text(event.to),
  };
}

export interface WorkersView extends WorkerListing {
  /** Seconds after which a worker seen no more is stale (the lease length). */
  staleSeconds: number;
}

/** The workers as the page and `watch` show them, with the time after which one seen no more is stale. */
export async function workersView(service: TaskService): Promise<WorkersView> {
  return { ...(await service.workers()), staleSeconds: service.settings.leaseSeconds };
}
