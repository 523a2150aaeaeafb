export { DocumentStore } from './document-store.js';
export type { Store, StoreContents } from './types.js';
export type { ChangeFn, ChangeOptions, DocumentHeader, DocumentStoreOptions, EventInput, StoreInspection, Transaction } from './document-store.js';
export type { DocumentObserver } from './draft.js';
export type { StoreChange } from './feed.js';
export { settleBackground } from './background.js';
export { durableFromEnv, writeFileDurable } from './durable.js';
export { DATA_DIR_NAME, resolveDataDir, resolveOrchestratorHome } from './data-dir.js';
export type { DataDirSource, ResolvedDataDir } from './data-dir.js';
export {
  acquireFileLock,
  acquireLock,
  breakAbandonedLock,
  holderRunning,
  isAbandoned,
  lockInfo,
  lockPath,
  lockSettingsFromEnv,
  readLockOwner,
  sweepAbandonedLockFiles,
} from './lock.js';
export type { AcquireOptions, FileLock, LockInfo, LockOwner, LockSettings, LockWait } from './lock.js';
export type { LoggedEvent } from './event-log.js';
export { dataPaths } from './paths.js';
export type { DataPaths } from './paths.js';
export { artifactFile, readArtifact, removeArtifact, removeArtifacts, writeArtifact } from './artifacts.js';
export type { StoredArtifact } from './artifacts.js';
export { PgDocumentStore, type PgDescription } from './pg/pg-store.js';
export { isPgUrl, parsePgUrl, redactUrl, type PgLocation } from './pg/url.js';
