export { DocumentStore } from './document-store.js';
export type { ChangeFn, DocumentHeader, DocumentStoreOptions, EventInput, StoreInspection, Transaction } from './document-store.js';
export { DATA_DIR_NAME, resolveDataDir, resolveOrchestratorHome } from './data-dir.js';
export type { DataDirSource, ResolvedDataDir } from './data-dir.js';
export { acquireFileLock, breakStaleLock, lockInfo, lockOwnerPath, lockPath, lockSettingsFromEnv, readLockOwner } from './lock.js';
export type { LockInfo, LockOwner, LockSettings } from './lock.js';
export type { LoggedEvent } from './event-log.js';
export { dataPaths } from './paths.js';
export type { DataPaths } from './paths.js';
