import { childrenIndex } from './graph.js';
import { planProgress, requirePlan, type PlanProgress } from './plans.js';
import { blockedBy } from './scheduling.js';
import type { ArtifactRef, StoreDocument, Task, TaskStatus } from './schemas.js';

export interface SynthesizedTask {
  id: string;
  title: string;
  status: TaskStatus;
  summary: string | null;
  artifacts: ArtifactRef[];
  filePaths: string[];
  nextAction: string | null;
}

export interface IncompleteTask {
  id: string;
  title: string;
  role: string | null;
  status: TaskStatus;
  blockedBy: string[];
  assignee: string | null;
  error: string | null;
  nextAction: string | null;
}

export interface Synthesis {
  plan: { id: string; title: string; description: string; status: TaskStatus; context: string | null };
  progress: PlanProgress;
  /** Every subtask is completed (cancelled ones are listed as incomplete). */
  complete: boolean;
  /** Subtasks grouped by role, roles in the order they first appear in the plan. */
  byRole: Array<{ role: string; tasks: SynthesizedTask[] }>;
  artifacts: Array<ArtifactRef & { taskId: string }>;
  /** Every file path the subtasks reported, once. */
  filePaths: string[];
  incomplete: IncompleteTask[];
}

/** Pulls a plan's results together: what each subtask produced, where it is, and what is still open. */
export function synthesizePlan(doc: Pick<StoreDocument, 'tasks' | 'archived'>, planId: string): Synthesis {
  const children = childrenIndex(doc.tasks);
  const plan = requirePlan(doc, planId, 'there is nothing to synthesize', children);
  const progress = planProgress(doc, planId, children)!;
  const subtasks = children.get(planId)!.map((id) => doc.tasks[id]!);
  const groups = new Map<string, SynthesizedTask[]>();
  for (const task of subtasks) {
    const role = task.role ?? 'unassigned';
    const group = groups.get(role) ?? [];
    group.push({
      id: task.id,
      title: task.title,
      status: task.status,
      summary: task.summary,
      artifacts: task.artifacts,
      filePaths: filePathsOf(task),
      nextAction: nextActionOf(task),
    });
    groups.set(role, group);
  }
  const incomplete = subtasks
    .filter((task) => task.status !== 'completed')
    .map((task) => ({
      id: task.id,
      title: task.title,
      role: task.role,
      status: task.status,
      blockedBy: task.status === 'pending' ? blockedBy(task, doc) : [],
      assignee: task.status === 'in_progress' ? task.assignee : null,
      error: task.error,
      nextAction: nextActionOf(task),
    }));
  return {
    plan: { id: plan.id, title: plan.title, description: plan.description, status: plan.status, context: contextOf(plan) },
    progress,
    complete: incomplete.length === 0,
    byRole: [...groups].map(([role, tasks]) => ({ role, tasks })),
    artifacts: subtasks.flatMap((task) => task.artifacts.map((artifact) => ({ ...artifact, taskId: task.id }))),
    filePaths: [...new Set(subtasks.flatMap(filePathsOf))],
    incomplete,
  };
}

export function filePathsOf(task: Task): string[] {
  const paths = task.metadata.filePaths;
  return Array.isArray(paths) ? paths.filter((item): item is string => typeof item === 'string') : [];
}

export function nextActionOf(task: Task): string | null {
  return typeof task.metadata.nextAction === 'string' ? task.metadata.nextAction : null;
}

function contextOf(plan: Task): string | null {
  const meta = plan.metadata.plan;
  return meta && typeof meta === 'object' && typeof (meta as { context?: unknown }).context === 'string'
    ? (meta as { context: string }).context
    : null;
}
