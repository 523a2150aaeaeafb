import { childrenIndex, describeCycle, findCycle } from './graph.js';
import { rollUp, type Change } from './operations/common.js';
import { expireLeases } from './operations/lifecycle.js';
import { leaseExpired } from './scheduling.js';
import type { StoreDocument } from './schemas.js';
import { rolledUpStatus } from './operations/common.js';

export type IntegrityProblemKind =
  'dangling-dependency' | 'dependency-cycle' | 'orphaned-subtask' | 'expired-lease' | 'unknown-assignee' | 'plan-status' | 'history-mismatch';

export interface IntegrityProblem {
  kind: IntegrityProblemKind;
  taskIds: string[];
  message: string;
  /** Whether `repairIntegrity` fixes it without a person deciding. */
  safeFix: boolean;
}

/**
 * Problems the operations never create but hand edits, crashes of older versions or restored backups can:
 * what `orchestrator doctor`, `db check` and the maintenance tool report.
 */
export function checkIntegrity(doc: Pick<StoreDocument, 'tasks' | 'workers' | 'archived'>, now: Date): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const tasks = Object.values(doc.tasks);
  for (const task of tasks) {
    const missing = task.dependencies.filter((id) => !doc.tasks[id] && !doc.archived[id]);
    if (missing.length > 0) {
      problems.push({
        kind: 'dangling-dependency',
        taskIds: [task.id],
        message: `${task.id} depends on ${missing.join(', ')}, which do${missing.length === 1 ? 'es' : ''} not exist; it can never become ready.`,
        safeFix: false,
      });
    }
    if (task.parentId && !doc.tasks[task.parentId]) {
      problems.push({
        kind: 'orphaned-subtask',
        taskIds: [task.id],
        message: `${task.id} belongs to plan ${task.parentId}, which does not exist.`,
        safeFix: true,
      });
    }
    if (leaseExpired(task, now)) {
      problems.push({
        kind: 'expired-lease',
        taskIds: [task.id],
        message: `${task.id} is held by ${task.assignee} but its lease expired at ${task.lease!.expiresAt}.`,
        safeFix: true,
      });
    }
    if (task.status === 'in_progress' && task.assignee && !doc.workers[task.assignee]) {
      problems.push({
        kind: 'unknown-assignee',
        taskIds: [task.id],
        message: `${task.id} is held by ${task.assignee}, a worker this store has never seen.`,
        safeFix: false,
      });
    }
  }
  const cycle = findCycle(Object.keys(doc.tasks), (id) => doc.tasks[id]?.dependencies ?? []);
  if (cycle) {
    problems.push({ kind: 'dependency-cycle', taskIds: [...new Set(cycle)], message: `Dependency cycle: ${describeCycle(cycle)}.`, safeFix: false });
  }
  const children = childrenIndex(doc.tasks);
  for (const [planId, childIds] of children) {
    const plan = doc.tasks[planId];
    if (!plan) continue;
    const expected = rolledUpStatus(childIds.map((id) => doc.tasks[id]!));
    if (expected !== null && expected !== plan.status) {
      problems.push({
        kind: 'plan-status',
        taskIds: [planId],
        message: `Plan ${planId} is ${plan.status} but its subtasks say ${expected}.`,
        safeFix: true,
      });
    }
  }
  return problems;
}

/**
 * Applies the safe fixes: expired leases go back to the pool, orphaned subtasks are detached from the missing
 * plan, plan statuses follow their subtasks. Dangling dependencies, cycles and unknown assignees need a person.
 * Returns a line per fix.
 */
export function repairIntegrity(change: Change): string[] {
  const fixed: string[] = [];
  for (const task of expireLeases(change)) {
    fixed.push(`${task.id}: expired lease returned (${task.status === 'failed' ? 'failed after the last attempt' : 'pending again'})`);
  }
  for (const task of Object.values(change.doc.tasks)) {
    if (task.parentId && !change.doc.tasks[task.parentId]) {
      change.doc.tasks[task.id] = { ...task, parentId: null, updatedAt: change.tx.now.toISOString() };
      change.tx.emit({ op: 'repair', actor: change.actor, taskId: task.id, data: { detachedFrom: task.parentId } });
      fixed.push(`${task.id}: detached from missing plan ${task.parentId}`);
    }
  }
  const before = new Map(Object.values(change.doc.tasks).map((task) => [task.id, task.status]));
  rollUp(change, childrenIndex(change.doc.tasks).keys());
  for (const [id, status] of before) {
    const now = change.doc.tasks[id]?.status;
    if (now && now !== status) fixed.push(`${id}: plan status ${status} → ${now}`);
  }
  return fixed;
}
