import { DocumentStore, dataPaths, durableFromEnv, lockSettingsFromEnv, type LockSettings, type Store } from '../store/index.js';
import {
  STORE_MIGRATIONS,
  STORE_SCHEMA_VERSION,
  archivedEntrySchema,
  requestRecordSchema,
  sessionSchema,
  storeHeaderSchema,
  taskSchema,
  workerSchema,
  type StoreDocument,
} from './schemas.js';

export interface TaskStoreOptions {
  lock?: LockSettings;
  /** Wait for the disk before acknowledging a change (default: on unless ORCHESTRATOR_FSYNC=0). */
  durable?: boolean;
  clock?: () => Date;
}

export type TaskStore = Store<StoreDocument>;

export function emptyStoreDocument(): StoreDocument {
  return {
    schemaVersion: STORE_SCHEMA_VERSION,
    revision: 0,
    counters: { task: 0 },
    tasks: {},
    workers: {},
    sessions: {},
    archived: {},
    requests: {},
  };
}

/** Opens the task store of a data directory (the file backend). Nothing is created on disk until the first change. */
export function openTaskStore(dataDir: string, options: TaskStoreOptions = {}): DocumentStore<StoreDocument> {
  const paths = dataPaths(dataDir);
  return new DocumentStore<StoreDocument>({
    file: paths.store,
    journalFile: paths.journal,
    eventsFile: paths.events,
    backupsDir: paths.backups,
    schemaVersion: STORE_SCHEMA_VERSION,
    schemas: {
      header: storeHeaderSchema,
      collections: {
        tasks: taskSchema,
        workers: workerSchema,
        sessions: sessionSchema,
        archived: archivedEntrySchema,
        requests: requestRecordSchema,
      },
    },
    migrations: STORE_MIGRATIONS,
    create: emptyStoreDocument,
    lock: options.lock ?? lockSettingsFromEnv(),
    durable: options.durable ?? durableFromEnv(),
    ...(options.clock && { clock: options.clock }),
  });
}
