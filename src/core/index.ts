export * from './schemas.js';
export * from './inputs.js';
export * from './fields.js';
export { FIELD_LIMITS } from './constants.js';
export { MAX_METADATA_CHARACTERS, MAX_METADATA_DEPTH, metadataSchema } from './metadata.js';
export { childrenIndex, dependencyOrder, dependentsIndex, describeCycle, findCycle } from './graph.js';
export { valuesOf } from './values.js';
export { blockedBy, compareIds, isClaimable, leaseExpired, matchesRoles, bestReady } from './scheduling.js';
export { effectivePriority } from './priority.js';
export { checkRole, type KnownRoles, type RolesSource } from './known-roles.js';
export { ViewContext, viewTask, type TaskView } from './views.js';
export { TaskIndex } from './task-index.js';
export { emptyStoreDocument, openStore, openTaskStore, type TaskStore, type TaskStoreOptions } from './task-store.js';
export {
  DEFAULT_SETTINGS,
  TaskService,
  settingsFromEnv,
  type TaskChange,
  type TaskDetails,
  type TaskGraph,
  type TaskList,
  type TaskServiceSettings,
  type BulkResult,
} from './task-service.js';
export * from './batch-inputs.js';
export * from './bulk-inputs.js';
export { sourceOf, type BatchEntry, type BatchSummary } from './operations/batch.js';
export { openTaskService, type OpenedTaskService } from './open.js';
export { claimTokenOf } from './claims.js';
export { locateStore, type StoreLocation, type StoreLocationInput, type StoreRule } from './store-location.js';
export { MAX_REQUESTS, REQUEST_TTL_MS, type ChangeOptions } from './change-options.js';
export { resolveDataDirectory, type DataDirOptions } from './data-dir.js';
export { checkIntegrity, repairIntegrity, type IntegrityProblem, type IntegrityProblemKind } from './integrity.js';
export { archiveTasks, readArchive, type ArchivedTask } from './archive.js';
export { statusOf } from './scheduling.js';
export type { Change } from './operations/common.js';
export { getTask, replaceTask, rollUp } from './operations/common.js';
export { touchWorker, expireLeases } from './operations/lifecycle.js';
export {
  eventsToMove,
  optimizeStore,
  planOptimize,
  selectArchivable,
  type EventRetention,
  type OptimizeOptions,
  type OptimizePlan,
} from './optimize.js';
export { restoreStore } from './snapshots.js';
export * from './workflow-inputs.js';
export { activePlans, isPlan, planProgress, recommendNext, stalledReason, type PlanProgress, type Recommendation } from './plans.js';
export { filePathsOf, nextActionOf, synthesizePlan, type IncompleteTask, type Synthesis, type SynthesizedTask } from './synthesis.js';
export { holdsLiveTask, listWorkers, type HeldTask, type SlotSummary, type WorkerListing, type WorkerSummary } from './workers.js';
export { MAX_SESSIONS, type SessionRecord } from './operations/sessions.js';
