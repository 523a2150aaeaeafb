import { OrchestratorError } from '../errors.js';
import { childrenIndex } from './graph.js';
import { getTask } from './operations/common.js';
import { isClaimable, bestReady, type ChildrenLookup } from './scheduling.js';
import { TaskIndex } from './task-index.js';
import type { StoreDocument, Task, TaskStatus } from './schemas.js';

/**
 * Plans derived from the store: a plan is a task with subtasks. Nothing here is stored; everything is computed
 * from the subtasks, so it is right whoever changed them.
 */

export interface PlanProgress {
  planId: string;
  title: string;
  status: TaskStatus;
  /** Direct subtasks. */
  total: number;
  counts: Record<TaskStatus, number>;
  /** Completed out of the subtasks that still count (cancelled ones do not). */
  percentComplete: number;
  /** Subtasks that can be claimed now. */
  ready: string[];
  /** Every subtask is completed or cancelled. */
  done: boolean;
}

export interface Recommendation {
  task: Task;
  /** Why this one: its priority and how many tasks wait for it. */
  reason: string;
}

type Doc = Pick<StoreDocument, 'tasks' | 'archived'>;

export function isPlan(doc: Doc, id: string, children: ChildrenLookup = childrenIndex(doc.tasks)): boolean {
  return (children.get(id)?.length ?? 0) > 0;
}

/**
 * The plan `planId` names, or an error: NOT_FOUND for an unknown id, INVALID_INPUT for a task without subtasks.
 * `purpose` finishes the sentence "… has no subtasks, so …".
 */
export function requirePlan(doc: Doc, planId: string, purpose: string, children: ChildrenLookup = childrenIndex(doc.tasks)): Task {
  const plan = getTask(doc, planId);
  if (!children.has(planId)) {
    throw new OrchestratorError(`Task "${planId}" has no subtasks, so ${purpose}.`, {
      code: 'INVALID_INPUT',
      hint: 'Pass the id of a plan (a task with subtasks), as orchestrator_plan_task returned it; orchestrator_get_status lists the plans.',
    });
  }
  return plan;
}

export function planProgress(doc: Doc, planId: string, children: ChildrenLookup = childrenIndex(doc.tasks)): PlanProgress | null {
  const plan = doc.tasks[planId];
  const ids = children.get(planId);
  if (!plan || !ids) return null;
  const counts: Record<TaskStatus, number> = { pending: 0, in_progress: 0, completed: 0, failed: 0, cancelled: 0 };
  const ready: string[] = [];
  for (const id of ids) {
    const task = doc.tasks[id]!;
    counts[task.status]++;
    if (isClaimable(task, doc, children)) ready.push(id);
  }
  const counted = ids.length - counts.cancelled;
  return {
    planId,
    title: plan.title,
    status: plan.status,
    total: ids.length,
    counts,
    percentComplete: counted === 0 ? 100 : Math.round((counts.completed / counted) * 100),
    ready,
    done: counts.completed + counts.cancelled === ids.length,
  };
}

/** The task `next` would hand out, without claiming it: the best ready task, optionally within one plan. */
export function recommendNext(
  doc: Doc,
  options: { parentId?: string; roles?: readonly string[] } = {},
  index: TaskIndex = TaskIndex.of(doc),
): Recommendation | null {
  const best = bestReady(doc, options, index);
  if (!best) return null;
  const waiting = index.waiting.get(best.id) ?? 0;
  return {
    task: best,
    reason: `${best.priority} priority${waiting > 0 ? `, ${waiting} task${waiting === 1 ? '' : 's'} wait for it` : ''}`,
  };
}

/**
 * Every plan with its progress, most recently changed first; with `finished: false`, only the plans not
 * completed or cancelled.
 */
export function plans(
  doc: Doc,
  options: { finished: boolean },
  children: ReadonlyMap<string, readonly string[]> = childrenIndex(doc.tasks),
): PlanProgress[] {
  return [...children.keys()]
    .map((id) => doc.tasks[id])
    .filter((plan): plan is Task => plan !== undefined && (options.finished || (plan.status !== 'completed' && plan.status !== 'cancelled')))
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((plan) => planProgress(doc, plan.id, children)!);
}

/** Plans not finished yet, most recently changed first: what an interrupted session may resume. */
export function activePlans(doc: Doc): PlanProgress[] {
  return plans(doc, { finished: false });
}

/**
 * Why a plan cannot move any more, or null while it can: an unfinished plan is stalled when none of its
 * subtasks is in progress or can ever become ready, because what they wait for failed, was cancelled or is gone.
 */
export function stalledReason(doc: Doc, planId: string, children: ChildrenLookup = childrenIndex(doc.tasks)): string | null {
  const progress = planProgress(doc, planId, children);
  if (!progress || progress.done) return null;
  const roots = new Set<string>();
  const memo = new Map<string, boolean>();
  // The dependency graph is acyclic (every change is checked), so this recursion ends.
  const canMove = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const task = doc.tasks[id];
    let result: boolean;
    if (!task) result = doc.archived[id]?.status === 'completed';
    else if (task.status === 'completed' || task.status === 'in_progress') result = true;
    else if (task.status !== 'pending') result = false;
    else if (children.has(id)) result = children.get(id)!.some(canMove);
    else result = task.dependencies.every(canMove);
    if (!result && (!task || task.status === 'failed' || task.status === 'cancelled')) roots.add(id);
    memo.set(id, result);
    return result;
  };
  const unfinished = children.get(planId)!.filter((id) => {
    const status = doc.tasks[id]!.status;
    return status !== 'completed' && status !== 'cancelled';
  });
  if (unfinished.some(canMove)) return null;
  const names = [...roots].sort();
  return names.length > 0
    ? `nothing can move: ${names.join(', ')} failed, was cancelled or no longer exists; reset or re-plan ${names.length === 1 ? 'it' : 'them'}`
    : 'nothing can move';
}
