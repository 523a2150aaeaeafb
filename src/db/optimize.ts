import { TASK_STATUSES, type EventRetention, type TaskService, type TaskStatus } from '../core/index.js';

export interface OptimizeRequest {
  /** Finished tasks older than this move to the archive. */
  olderThanMs: number;
  /** Which events stay in events.jsonl; without it the log is left alone. */
  keepEvents?: EventRetention | undefined;
  dryRun: boolean;
}

/** Sizes and counts of a data directory, before or after optimizing. */
export interface Footprint {
  /** store.json and its journal. */
  storeBytes: number;
  eventsBytes: number;
  archiveBytes: number;
  tasks: number;
  byStatus: Record<TaskStatus, number>;
  archived: number;
  events: number;
}

export interface OptimizeReport {
  dryRun: boolean;
  cutoff: string;
  /** Tasks archived (or that would be, in a dry run). */
  archivedTasks: string[];
  eventsMoved: number;
  eventsKept: number;
  eventsArchiveFile: string | null;
  before: Footprint;
  /** Absent in a dry run. */
  after?: Footprint;
}

export async function runOptimize(request: OptimizeRequest, deps: { service: TaskService; actor: string }): Promise<OptimizeReport> {
  const before = await footprint(deps.service);
  const plan = await deps.service.optimize({ olderThanMs: request.olderThanMs, keepEvents: request.keepEvents, dryRun: request.dryRun }, deps.actor);
  const report: OptimizeReport = {
    dryRun: request.dryRun,
    cutoff: plan.cutoff,
    archivedTasks: plan.taskIds,
    eventsMoved: plan.eventsMoved,
    eventsKept: plan.eventsKept,
    eventsArchiveFile: plan.eventsArchiveFile,
    before,
  };
  if (!request.dryRun) report.after = await footprint(deps.service);
  return report;
}

async function footprint(service: TaskService): Promise<Footprint> {
  const doc = await service.snapshot();
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  for (const task of Object.values(doc.tasks)) byStatus[task.status]++;
  return {
    ...(await service.store.footprint()),
    tasks: Object.keys(doc.tasks).length,
    byStatus,
    archived: Object.keys(doc.archived).length,
    events: (await service.history()).length,
  };
}
